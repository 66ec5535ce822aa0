// Scale: grow one database step by step and measure the admin API at each size.
import { createDb } from '../../src/db/create-db';
import { migrateToLatest } from '../../src/db/migrate';
import type { FakeFonnte } from '../../test/support/fake-fonnte';
import { log } from '../lib/env';
import type { Results } from '../lib/report';
import { startService, type BenchDb } from '../lib/targets';
import { deskToken, enableSlowLog, endpointPaths, measureEndpoint, measureExport, takeSlowQueries } from './admin-queries';
import { generate } from './generate';

const EXPORT_ROWS = 100_000;

/**
 * Generates up to each of `steps` tickets (history, messages and all), then measures list,
 * search, detail and statistics at each size, and the XLSX export of ~100,000 rows once the
 * database holds that many. The service runs as a child process on the same database.
 */
export async function runScale(bench: BenchDb, fake: FakeFonnte, r: Results, steps: number[]): Promise<void> {
  const url = await bench.create('scale');
  const db = createDb(url);
  await migrateToLatest(db);
  await db.destroy();
  const app = await startService(url, fake.url, { RUN_WORKER: 'false' });
  let exit: string | undefined;
  void app.exited.then(
    ({ code, signal }) => (exit = `the service exited (${code ?? signal}) during the scale part:\n${app.output().slice(-3000)}`),
  );
  const alive = () => {
    if (exit) throw new Error(exit);
  };
  await enableSlowLog(bench);
  try {
    let have = 0;
    let generateSeconds = 0;
    for (const target of steps) {
      log(`scale: generating up to ${target.toLocaleString('en')} tickets`);
      const step = await generate({
        url,
        tickets: target - have,
        history: true,
        seed: target,
        onProgress: (d) => d % 50_000 === 0 && log(`  +${d.toLocaleString('en')}`),
      });
      have = target;
      alive();
      generateSeconds += step.seconds;
      const token = await deskToken(bench, url);
      const paths = await endpointPaths(bench, url);
      const endpoints = [];
      for (const [name, list] of Object.entries(paths)) {
        await takeSlowQueries(bench); // forget what generating and earlier figures logged
        const figure = { ...(await measureEndpoint(app, token, name, list)), slowQueries: await takeSlowQueries(bench) };
        log(
          `  ${name} at ${target.toLocaleString('en')}: p50 ${figure.p50} ms, p95 ${figure.p95} ms${Object.keys(figure.failures).length ? ` failures ${JSON.stringify(figure.failures)}` : ''}`,
        );
        endpoints.push(figure);
      }
      alive();
      let exported;
      if (target >= EXPORT_ROWS) {
        exported = await measureExport(app, token, await exportQuery(bench, url, target));
        log(
          `  export: HTTP ${exported.status}, ${exported.rows} rows in ${exported.seconds.toFixed(1)} s, peak RSS ${exported.peakRssMb.toFixed(0)} MB`,
        );
      }
      r.scale.push({ tickets: target, generateSeconds, endpoints, ...(exported ? { export: exported } : {}) });
    }
  } finally {
    await app.kill('SIGTERM');
  }
}

/** All tickets when there are about 100,000; otherwise a date range that holds about that many (the newest). */
export async function exportQuery(bench: BenchDb, url: string, total: number): Promise<string> {
  if (total <= EXPORT_ROWS) return 'format=xlsx';
  const rows = await bench.query<Array<{ created_at: number }>>(
    url,
    'SELECT created_at FROM tickets ORDER BY created_at DESC LIMIT 1 OFFSET ?',
    [EXPORT_ROWS - 1],
  );
  const from = new Date(Number(rows[0]?.created_at ?? 0) + 7 * 3600_000).toISOString().slice(0, 10);
  return `format=xlsx&from=${from}`;
}
