/*
 * `npm run bench`: every figure of bench/README.md in one bounded run, written to bench/RESULTS.md.
 * BENCH_SCALE=full adds the 1,000,000-ticket scale step; BENCH_ONLY=ingest,reply,… runs parts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '../src/db/create-db';
import { migrateToLatest } from '../src/db/migrate';
import type { AppProcess } from '../test/support/app-process';
import { startFakeFonnte, type FakeFonnte } from '../test/support/fake-fonnte';
import { startFakeFonnteProcess, type FakeFonnteProcess } from './lib/fake-fonnte-process';
import { ensureWrk } from './lib/wrk';
import { CONCURRENCY, FULL, fsyncLatencyMs, log, machine, ONLY } from './lib/env';
import { renderMarkdown, type Results } from './lib/report';
import { insertEmployees, startBenchDb, startFloor, startService, startWorker, type BenchDb } from './lib/targets';
import { ingestRun, ingestSeries, type IngestRow, type IngestTarget } from './ingest';
import { replyLatency } from './reply-latency';
import { workersDrain } from './outbox-workers';
import { buildsPart } from './builds';
import { runScale } from './scale/scale';
import { generate } from './scale/generate';
import { slaScan } from './sla-scan';
import { slowGateway } from './slow-gateway';
import { placesPart } from './places';
import { peopleImportPart } from './people-import';

async function migrated(url: string): Promise<void> {
  const db = createDb(url);
  await migrateToLatest(db);
  await db.destroy();
}

async function withProcess<T>(start: Promise<AppProcess>, fn: (p: AppProcess) => Promise<T>): Promise<T> {
  const proc = await start;
  try {
    return await fn(proc);
  } finally {
    await proc.kill('SIGTERM');
  }
}

async function ingestPart(bench: BenchDb, fake: FakeFonnteProcess, r: Results, dialect: 'mysql' | 'sqlite'): Promise<void> {
  const url = () =>
    dialect === 'mysql'
      ? bench.create(`${dialect}_${Math.random().toString(36).slice(2, 8)}`)
      : Promise.resolve(bench.sqlite(`${dialect}-${Date.now()}`));
  const floorUrl = await url();
  const senders = (await import('./lib/targets')).employeeRows().map((e) => e.phone);
  log(`${dialect}: floor`);
  await withProcess(startFloor(floorUrl), async (proc) => {
    r.ingest.push(
      ...(await ingestSeries(
        bench,
        fake,
        { target: 'floor', label: 'floor (Express + 2 inserts)', dialect, proc, dbUrl: floorUrl, senders },
        CONCURRENCY,
      )),
    );
  });
  if (dialect === 'mysql') {
    const oldUrl = await url();
    await withProcess(startFloor(oldUrl), async (proc) => {
      r.ingest.push(
        await ingestRun(
          bench,
          fake,
          {
            target: 'floor',
            label: 'floor, autocannon in the bench process',
            dialect,
            proc,
            dbUrl: oldUrl,
            senders,
            generator: 'autocannon-in-bench',
          },
          50,
        ),
      );
    });
  }
  log(`${dialect}: service`);
  const dbUrl = await url();
  await withProcess(startService(dbUrl, fake.url), async (proc) => {
    await insertEmployees(bench, dbUrl);
    const t: IngestTarget = { target: 'service', label: 'wa-ticketing', dialect, proc, dbUrl, senders };
    r.ingest.push(...(await ingestSeries(bench, fake, t, CONCURRENCY)));
    if (dialect !== 'mysql') return;
    // The old bench's generator (autocannon inside the bench process) on the same service, for comparison.
    r.ingest.push(
      await ingestRun(bench, fake, { ...t, label: 'wa-ticketing, autocannon in the bench process', generator: 'autocannon-in-bench' }, 50),
    );
    // Diagnosis: the same load with a command that makes no ticket, so no month counter row is locked.
    r.ingest.push(await ingestRun(bench, fake, { ...t, label: 'wa-ticketing, #cek (no ticket)', command: 'cek' }, 50));
    // The documented split: the web process (RUN_WORKER=false) stores and acknowledges, `wa-ticketing worker` handles and sends.
    const splitUrl = await url();
    await withProcess(startService(splitUrl, fake.url, { RUN_WORKER: 'false' }), (web) =>
      withProcess(startWorker(splitUrl, fake.url), async (worker) => {
        await insertEmployees(bench, splitUrl);
        r.ingest.push(
          await ingestRun(
            bench,
            fake,
            { ...t, proc: web, workerProc: worker, dbUrl: splitUrl, label: 'wa-ticketing, web + worker processes' },
            50,
          ),
        );
      }),
    );
    if (!ONLY.has('gateway')) return;
    log('mysql: service with a 200 ms gateway');
    const fast = r.ingest.find((x) => x.target === 'service' && x.dialect === 'mysql' && x.connections === 50)!;
    let sendsPerSecond = NaN;
    const slow = await ingestRun(bench, fake, t, 50, 180_000, {
      measuring: () => fake.setDefault({ kind: 'delay', ms: 200 }),
      measured: async () => {
        const before = await fake.count();
        await new Promise((res) => setTimeout(res, 15_000));
        sendsPerSecond = ((await fake.count()) - before) / 15;
        await fake.setDefault({ kind: 'ok' });
      },
    });
    r.gateway = { fast, slow, sendsPerSecond };
  });
}

/**
 * The same floor and service at c=50 loaded by wrk in its own process and by autocannon inside the bench
 * process (the generator of the bench until 2026-12), alternated over three rounds so that another tenant
 * taking the CPU for a while touches both: how far the old figures were from the target's.
 */
async function comparePart(bench: BenchDb, fake: FakeFonnteProcess, r: Results): Promise<void> {
  const senders = (await import('./lib/targets')).employeeRows().map((e) => e.phone);
  const floorUrl = await bench.create(`cmp_floor_${Math.random().toString(36).slice(2, 8)}`);
  const serviceUrl = await bench.create(`cmp_service_${Math.random().toString(36).slice(2, 8)}`);
  const compare: IngestRow[] = [];
  r.compare = compare;
  log('mysql: wrk against autocannon in the bench process, alternated');
  await withProcess(startFloor(floorUrl), (floorProc) =>
    withProcess(startService(serviceUrl, fake.url), async (serviceProc) => {
      await insertEmployees(bench, serviceUrl);
      for (const round of [1, 2, 3])
        for (const generator of ['wrk', 'autocannon-in-bench'] as const) {
          const name = generator === 'wrk' ? 'wrk' : 'autocannon in the bench process';
          const common = { dialect: 'mysql' as const, senders, generator };
          compare.push(
            await ingestRun(
              bench,
              fake,
              { ...common, target: 'floor', label: `floor, ${name} (${round})`, proc: floorProc, dbUrl: floorUrl },
              50,
            ),
          );
          compare.push(
            await ingestRun(
              bench,
              fake,
              { ...common, target: 'service', label: `wa-ticketing, ${name} (${round})`, proc: serviceProc, dbUrl: serviceUrl },
              50,
            ),
          );
        }
    }),
  );
}

async function flatPart(bench: BenchDb, fake: FakeFonnteProcess, r: Results): Promise<void> {
  const tickets = 1_000_000;
  const sameDay = 20_000;
  const url = await bench.create('flat');
  await migrated(url);
  log(`flat cost: loading ${tickets.toLocaleString('en')} tickets`);
  const loaded = await generate({
    url,
    tickets,
    history: false,
    sameDay,
    onProgress: (d) => d % 100_000 === 0 && log(`  ${d.toLocaleString('en')}`),
  });
  const senders = (await import('./lib/targets')).employeeRows().map((e) => e.phone);
  const floorUrl = await bench.create('flat_floor');
  // Back to back, and alternated (empty, full, empty, full) with both services up: the service's own
  // run-to-run spread at c=50 is ±25 % on this machine, more than the effect being measured.
  const floor = await withProcess(startFloor(floorUrl), (proc) =>
    ingestRun(
      bench,
      fake,
      { target: 'floor', label: 'floor, next to the flat-cost runs', dialect: 'mysql', proc, dbUrl: floorUrl, senders },
      50,
    ),
  );
  const emptyUrl = await bench.create('flat_empty');
  const runs = await withProcess(startService(emptyUrl, fake.url), (emptyProc) =>
    withProcess(startService(url, fake.url), async (fullProc) => {
      await insertEmployees(bench, emptyUrl);
      const out: IngestRow[] = [];
      for (const round of [1, 2]) {
        out.push(
          await ingestRun(
            bench,
            fake,
            {
              target: 'service',
              label: `wa-ticketing, empty database (${round})`,
              dialect: 'mysql',
              proc: emptyProc,
              dbUrl: emptyUrl,
              senders,
            },
            50,
          ),
        );
        out.push(
          await ingestRun(
            bench,
            fake,
            {
              target: 'service',
              label: `wa-ticketing, 1,000,000 tickets (${round})`,
              dialect: 'mysql',
              proc: fullProc,
              dbUrl: url,
              senders,
            },
            50,
          ),
        );
      }
      return out;
    }),
  );
  const [empty, full] = [runs.filter((x) => x.label.includes('empty')), runs.filter((x) => x.label.includes('1,000,000'))];
  r.flat = { empty, full, floor, loadSeconds: loaded.seconds, tickets, sameDay };
}

async function replyPart(bench: BenchDb, fake: FakeFonnte, r: Results): Promise<void> {
  const url = await bench.create('reply');
  log('reply latency at 200/s');
  await withProcess(startService(url, fake.url), async (proc) => {
    const senders = await insertEmployees(bench, url);
    r.reply = await replyLatency({ proc, dbUrl: url, fake, senders, rate: 200, seconds: 15 });
    // Diagnosis: the same at a rate the service keeps up with, to tell queueing from per-message cost.
    r.replyBelowCapacity = await replyLatency({ proc, dbUrl: url, fake, senders, rate: 40, seconds: 15 });
  });
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const bench = await startBenchDb();
  // The parts under load (ingest, sqlite, gateway, flat) send to a fake Fonnte in its own process and load
  // the target with wrk, also in its own process; the others keep the in-process fake of the tests.
  const fake = await startFakeFonnte();
  const gateway = await startFakeFonnteProcess();
  if (['ingest', 'sqlite', 'compare', 'builds', 'flat', 'slowgw'].some((p) => ONLY.has(p))) ensureWrk();
  const r: Results = {
    startedAt: new Date(t0).toISOString(),
    minutes: 0,
    load: { mean: 0, max: 0 },
    machine: machine(bench.version),
    fsyncMs: fsyncLatencyMs(),
    ingest: [],
    scale: [],
    notes: [],
  };
  const loads: number[] = [];
  const loadTimer = setInterval(() => loads.push(os.loadavg()[0]!), 10_000).unref();
  const part = async (name: string, fn: () => Promise<void>) => {
    if (!ONLY.has(name)) return;
    try {
      await fn();
    } catch (err) {
      log(`! ${name} failed: ${(err as Error).stack ?? String(err)}`);
      r.notes.push(`${name} did not finish: ${String((err as Error).message ?? err).split('\n')[0]}`);
    }
  };
  try {
    await part('ingest', () => ingestPart(bench, gateway, r, 'mysql'));
    await part('sqlite', () => ingestPart(bench, gateway, r, 'sqlite'));
    await part('compare', () => comparePart(bench, gateway, r));
    // Not in the default run: BENCH_ONLY=builds (bench/builds.ts) compares two commits of the service.
    await part('builds', async () => void (r.builds = await buildsPart(bench, gateway)));
    await part('flat', () => flatPart(bench, gateway, r));
    // Not in the default run: BENCH_ONLY=slowgw (bench/slow-gateway.ts), end to end with a 200 ms and a 1 s gateway.
    await part('slowgw', async () => void (r.slowGateway = await slowGateway(bench, gateway)));
    await part('reply', () => replyPart(bench, fake, r));
    await part('workers', async () => void (r.workers = await workersDrain(bench, fake)));
    await part('scale', () => runScale(bench, fake, r, FULL ? [10_000, 100_000, 1_000_000] : [10_000, 100_000]));
    await part('sla', async () => void (r.sla = await slaScan(bench)));
    await part('places', async () => void (r.places = await placesPart(bench, gateway)));
    // Not in the default run: BENCH_ONLY=people (bench/people-import.ts), 20,000 employees from one XLSX.
    await part('people', async () => void (r.people = await peopleImportPart(bench)));
  } finally {
    r.minutes = (Date.now() - t0) / 60_000;
    clearInterval(loadTimer);
    r.load = { mean: loads.reduce((a, b) => a + b, 0) / Math.max(1, loads.length), max: Math.max(0, ...loads) };
    const md = renderMarkdown(r);
    process.stdout.write(`\n${md}\n`);
    // A partial run (BENCH_ONLY) must not replace the full record.
    fs.writeFileSync(path.join(__dirname, process.env.BENCH_ONLY ? 'RESULTS.partial.md' : 'RESULTS.md'), `${md}\n`);
    await fake.close();
    await gateway.close();
    await bench.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
