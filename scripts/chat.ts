/**
 * `npm run chat -- --from 6282111476069 "#request lampu kelas mati"`
 *
 * Posts a Fonnte-shaped webhook to the running service, as if the message came from
 * that phone, and prints every message handling it queued (read from the same database
 * the service uses), each with its target: the replies to the sender, the desk's notice,
 * the reporter's update, the technicians' messages. What background jobs send later (the
 * auto-close, a draft left for the desk) is not the command's and is not waited for.
 * Options: --from <phone> (required), --name <display name>, --group <id@g.us> (send as a
 * member of that group), --url <base URL of the service>.
 */
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import axios from 'axios';
import { loadConfig } from '../src/config';
import { createDb } from '../src/db/create-db';
import { findInboundByDedupeKey } from '../src/features/inbound/inbound.repository';
import { findEmployeesByPhones } from '../src/features/employees/employee.repository';
import { listCausedBy, type OutboundView } from '../src/features/outbox/outbox.repository';
import { findActiveStaffByPhones } from '../src/features/staff/staff.repository';
import type { Db } from '../src/db/create-db';
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
        const caused = await listCausedBy(db.kysely, inbound.id);
        if (caused.length === 0) console.log(`(no message: ${inbound.status})`);
        const who = await describeTargets(db, caused, { sender: incoming.chatId, desk: config.adminNotifyTarget });
        for (const m of caused) console.log(`\n→ ${m.target} (${who.get(m.target)}) [${m.kind}, ${m.status}]\n${m.body}`);
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

/** Who each target is, for the printout: the sender, the desk's notice target, a staff member or an employee. */
async function describeTargets(
  db: Db,
  messages: OutboundView[],
  o: { sender: string; desk: string | undefined },
): Promise<Map<string, string>> {
  const targets = [...new Set(messages.map((m) => m.target))];
  const [staff, employees] = await Promise.all([findActiveStaffByPhones(db.kysely, targets), findEmployeesByPhones(db.kysely, targets)]);
  const who = new Map<string, string>();
  for (const t of targets) {
    const member = staff.find((s) => s.phone === t);
    const employee = employees.find((e) => e.phone === t);
    const names = [
      t === o.sender ? 'the sender' : null,
      t === o.desk ? 'the desk, ADMIN_NOTIFY_TARGET' : null,
      member ? `${member.level === 'TBO' ? 'technician' : member.level} ${member.name}` : null,
      employee && !member ? `employee ${employee.name}` : null,
    ].filter(Boolean);
    who.set(t, names.join(', ') || 'someone else');
  }
  return who;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
