/*
 * Where does end-to-end throughput stop? Runs the service with the given environment under
 * `#request` load at c=50 and prints acknowledgements/s and handled+sent/s.
 * npx tsx bench/e2e-probe.ts [seconds] [KEY=VALUE ...]
 */
import { createDb } from '../src/db/create-db';
import { startFakeFonnte } from '../test/support/fake-fonnte';
import { webhookLoad } from './lib/load';
import { insertEmployees, startBenchDb, startService } from './lib/targets';
import { waitDrained } from './lib/verify';

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 6);
  const env = Object.fromEntries(process.argv.slice(3).map((kv) => kv.split('=') as [string, string]));
  const bench = await startBenchDb();
  const fake = await startFakeFonnte();
  try {
    const url = await bench.create('e2e');
    const app = await startService(url, fake.url, env);
    const senders = await insertEmployees(bench, url);
    const db = createDb(url, { poolSize: 2 });
    await webhookLoad({ baseUrl: app.url, tag: 'ew', senders, connections: 50, seconds: 2 });
    await waitDrained(db, 120_000);
    const backlog: string[] = [];
    const sampler = setInterval(async () => {
      const [p] = await bench.query<Array<{ n: number }>>(url, "SELECT COUNT(*) AS n FROM inbound_messages WHERE status = 'pending'");
      const [q] = await bench.query<Array<{ n: number }>>(
        url,
        "SELECT COUNT(*) AS n FROM outbound_messages WHERE status IN ('queued','sending','retry')",
      );
      backlog.push(`${p!.n}/${q!.n}`);
    }, 1000);
    const load = await webhookLoad({ baseUrl: app.url, tag: 'er', senders, connections: 50, seconds });
    const drain = await waitDrained(db, 120_000);
    clearInterval(sampler);
    console.log(`pending inbound / unsent outbox each second: ${backlog.join(' ')}`);
    console.log(
      `${JSON.stringify(env)}: ack ${load.rps.toFixed(0)}/s p99 ${load.p99} ms; handled+sent ${(load.accepted / (load.seconds + drain)).toFixed(0)}/s (drain ${drain.toFixed(1)} s)`,
    );
    await db.destroy();
    await app.kill('SIGTERM');
  } finally {
    await fake.close();
    await bench.close();
  }
}
void main();
