/**
 * `npm run chat -- --from 6282111476069 "#request lampu kelas mati"`
 *
 * Posts a Fonnte-shaped webhook to the running service, as if the message came from
 * that phone, and prints the replies the service produced (read from the same database
 * the service uses). Options: --from <phone> (required), --name <display name>,
 * --group <id@g.us> (send as a member of that group), --url <base URL of the service>.
 */
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import axios from 'axios';
import { loadConfig } from '../src/config';
import { createDb } from '../src/db/create-db';
import { findInboundByDedupeKey } from '../src/features/inbound/inbound.repository';
import { listByInbound } from '../src/features/outbox/outbox.repository';
import { fonnteMessageSchema } from '../src/webhooks/fonnte/fonnte.schema';
import { dedupeKeys, toIncomingMessage } from '../src/webhooks/fonnte/fonnte.message';

async function main(): Promise<number> {
  try {
    process.loadEnvFile();
  } catch {
    // no .env
  }
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { from: { type: 'string' }, name: { type: 'string' }, group: { type: 'string' }, url: { type: 'string' } },
  });
  const text = positionals.join(' ');
  if (!values.from || !text) {
    console.error('usage: npm run chat -- --from 6282111476069 [--name "R Marta"] [--group 1203…@g.us] "#request lampu kelas mati"');
    return 2;
  }
  const config = loadConfig();
  const baseUrl = (values.url ?? `http://localhost:${config.port}`).replace(/\/+$/, '');
  const payload = {
    device: config.fonnte.device ?? '',
    sender: values.group ?? values.from,
    member: values.group ? values.from : '',
    name: values.name ?? 'Simulator',
    message: text,
    text: 'non-button message',
    type: 'text',
    url: '',
    inboxid: 0,
    isgroup: Boolean(values.group),
    timestamp: Math.floor(Date.now() / 1000),
  };
  const res = await axios.post(`${baseUrl}/webhooks/fonnte`, payload, {
    params: { secret: config.webhookSecret },
    validateStatus: () => true,
  });
  console.log(`webhook → HTTP ${res.status} ${JSON.stringify(res.data)}`);
  if (res.status !== 200 || res.data?.status !== 'accepted') return res.status === 200 ? 0 : 1;

  const incoming = toIncomingMessage(fonnteMessageSchema.parse(payload))!;
  const key = dedupeKeys(incoming, Date.now())[0]!;
  const db = createDb(config.databaseUrl, { poolSize: 1 });
  try {
    for (let waited = 0; waited < 10_000; waited += 200) {
      const inbound = await findInboundByDedupeKey(db.kysely, key);
      if (inbound && inbound.status !== 'pending') {
        await sleep(300); // let the outbox sender record its first attempt
        const replies = await listByInbound(db.kysely, inbound.id);
        if (replies.length === 0) console.log(`(no reply: message ${inbound.status})`);
        for (const r of replies) console.log(`\n→ ${r.target} [${r.kind}, ${r.status}]\n${r.body}`);
        return 0;
      }
      await sleep(200);
    }
    console.error('the service did not process the message within 10 s (is it running against the same DATABASE_URL?)');
    return 1;
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
