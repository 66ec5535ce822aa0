/*
 * Measures the admin API on the kept database of bench/scale/admin-db.ts, as the scale part does
 * (4 requests in flight, the same request mixes), without generating anything: run it after each change.
 * The figure `export` is the scale part's XLSX export (~100,000 newest tickets, peak RSS sampled every
 * 50 ms), `EXPORT_RUNS` times (default 3) in the same service; it runs only when named.
 * Usage: [EXPORT_RUNS=3] [SERVICE_NODE_OPTIONS=…] npx tsx bench/scale/admin-measure.ts [dataDir=/tmp/a-admin-db] [figure names, comma-separated]
 */
import fs from 'node:fs';
import mysql from 'mysql2/promise';
import { startFakeFonnte } from '../../test/support/fake-fonnte';
import type { BenchDb } from '../lib/targets';
import { startService } from '../lib/targets';
import { cpuSeconds } from '../lib/probe';
import { deskToken, enableSlowLog, endpointPaths, measureEndpoint, measureExport, takeSlowQueries } from './admin-queries';
import { exportQuery } from './scale';

async function main(): Promise<void> {
  const dataDir = process.argv[2] ?? '/tmp/a-admin-db';
  const only = process.argv[3]?.split(',');
  const url = fs.readFileSync(`${dataDir}.url`, 'utf8').trim();
  const serverUrl = url.slice(0, url.lastIndexOf('/') + 1);
  const pools = new Map<string, mysql.Pool>();
  const poolFor = (u: string) => {
    if (!pools.has(u)) pools.set(u, mysql.createPool({ uri: u, connectionLimit: 2, supportBigNumbers: true }));
    return pools.get(u)!;
  };
  // Just what admin-queries.ts asks of a BenchDb: queries on this one server.
  const bench = {
    server: { url: serverUrl },
    query: async (u: string, q: string, params: unknown[] = []) => (await poolFor(u).query(q, params))[0],
  } as unknown as BenchDb;
  const fake = await startFakeFonnte();
  // SERVICE_NODE_OPTIONS reaches the service's node (a --require'd sampler, --heap-prof) for a look inside.
  const nodeOptions = process.env.SERVICE_NODE_OPTIONS;
  const app = await startService(url, fake.url, { RUN_WORKER: 'false', ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) });
  try {
    await enableSlowLog(bench);
    const token = await deskToken(bench, url);
    const paths = await endpointPaths(bench, url);
    for (const [name, list] of Object.entries(paths)) {
      if (only && !only.some((o) => name.startsWith(o))) continue;
      await takeSlowQueries(bench);
      const f = await measureEndpoint(app, token, name, list);
      const slow = await takeSlowQueries(bench);
      console.log(`${name}: n ${f.requests}, p50 ${f.p50} ms, p95 ${f.p95} ms, p99 ${f.p99} ms ${JSON.stringify(f.failures)}`);
      for (const s of slow) console.log(`    ${s.count}× ${s.meanMs} ms, ${s.rowsExamined} rows: ${s.sql}`);
    }
    if (only?.includes('export')) {
      const total = Number((await bench.query<Array<{ n: number }>>(url, 'SELECT COUNT(*) AS n FROM tickets'))[0]?.n ?? 0);
      const query = await exportQuery(bench, url, total);
      const cpu0 = cpuSeconds(app.pid);
      for (let i = 0; i < Number(process.env.EXPORT_RUNS ?? 3); i++) {
        const cpu = cpuSeconds(app.pid);
        const e = await measureExport(app, token, query);
        console.log(
          `export ${query}: HTTP ${e.status}, ${e.rows} rows, ${e.megabytes.toFixed(1)} MB in ${e.seconds.toFixed(1)} s ` +
            `(service CPU ${(cpuSeconds(app.pid) - cpu).toFixed(1)} s), peak RSS ${e.peakRssMb.toFixed(0)} MB`,
        );
      }
      console.log(`export: service CPU ${(cpuSeconds(app.pid) - cpu0).toFixed(1)} s in all`);
    }
  } finally {
    await app.kill('SIGTERM');
    await fake.close();
    await Promise.all([...pools.values()].map((p) => p.end()));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
