/*
 * Why is ingest where it is? Runs the service under `#request` load at c=50 with V8's CPU
 * profiler and InnoDB's lock waits sampled, then prints where the service's CPU went (by
 * package and by function) and which statements waited for row locks.
 * npx tsx bench/profile-service.ts [seconds]
 * PROFILE_TICKETS=1000000 first bulk-loads that many old tickets (bench/scale/generate.ts, no history),
 * to see what per-message work grows with the database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '../src/db/create-db';
import { startAppProcess } from '../test/support/app-process';
import { startFakeFonnte } from '../test/support/fake-fonnte';
import { webhookLoad } from './lib/load';
import { sampleLockWaits, startProbe } from './lib/probe';
import { insertEmployees, JWT_SECRET, startBenchDb, startWorker } from './lib/targets';
import { waitDrained } from './lib/verify';
import { generate } from './scale/generate';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/**
 * Inclusive time of each of our functions (src/): a sample counts once for every distinct function of ours on
 * its stack, so a cheap function that calls into dayjs or kysely shows what it costs with them.
 */
export function inclusiveBySource(file: string, top = 30): Array<[string, number]> {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    nodes: ProfileNode[];
    startTime: number;
    endTime: number;
    samples: number[];
  };
  const perSample = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
  const parent = new Map<number, ProfileNode>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
  const out = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = (node.hitCount ?? 0) * perSample;
    if (!ms) continue;
    const seen = new Set<string>();
    for (let n: ProfileNode | undefined = byId.get(node.id); n; n = parent.get(n.id)) {
      const { url, functionName, lineNumber } = n.callFrame;
      if (!url.includes('/src/')) continue;
      seen.add(`${functionName || '(anonymous)'} src/${url.split('/src/').pop()}:${lineNumber + 1}`);
    }
    for (const k of seen) out.set(k, (out.get(k) ?? 0) + ms);
  }
  return [...out].sort((a, b) => b[1] - a[1]).slice(0, top);
}

/** Self time by bucket: a package under node_modules, a file of ours, or V8's own (GC, idle, program). */
export function summariseProfile(
  file: string,
  top = 20,
): { byPackage: Array<[string, number]>; byFunction: Array<[string, number]>; totalMs: number } {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    nodes: ProfileNode[];
    startTime: number;
    endTime: number;
    samples: number[];
  };
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const perSample = totalMs / Math.max(1, profile.samples.length);
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = (node.hitCount ?? 0) * perSample;
    if (!ms) continue;
    const { url, functionName, lineNumber } = node.callFrame;
    const pkg = url.includes('node_modules/')
      ? url
          .split('node_modules/')
          .pop()!
          .split('/')
          .slice(0, url.includes('node_modules/@') ? 2 : 1)
          .join('/')
      : url.includes('/src/')
        ? `src/${url.split('/src/').pop()}`
        : url.startsWith('node:')
          ? url
          : url === ''
            ? `(${functionName || 'native'})`
            : path.basename(url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
    const fn = `${functionName || '(anonymous)'} ${pkg}:${lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { byPackage: sorted(byPackage), byFunction: sorted(byFunction), totalMs };
}

/** Every statement MariaDB's slow log (long_query_time = 0) recorded, grouped by shape (literals replaced by ?). */
export function statementCensus(
  file: string,
  from: number,
  top: number,
): Array<{ shape: string; count: number; rowsExamined: number; seconds: number }> {
  if (!fs.existsSync(file)) return [];
  const out = new Map<string, { shape: string; count: number; rowsExamined: number; seconds: number }>();
  let seconds = 0;
  let rows = 0;
  let sql: string[] = [];
  const flush = () => {
    const text = sql.join(' ').trim();
    sql = [];
    if (!text) return;
    const shape = text
      .replace(/'(?:[^'\\]|\\.)*'/g, '?')
      .replace(/\b\d+(\.\d+)?\b/g, '?')
      .replace(/\?(?:\s*,\s*\?)+/g, '?…')
      .replace(/\(\?…?\)(?:\s*,\s*\(\?…?\))+/g, '(?…)…')
      .replace(/\s+/g, ' ');
    const q = out.get(shape) ?? { shape, count: 0, rowsExamined: 0, seconds: 0 };
    q.count++;
    q.rowsExamined += rows;
    q.seconds += seconds;
    out.set(shape, q);
  };
  for (const line of fs.readFileSync(file).subarray(from).toString('utf8').split('\n')) {
    if (line.startsWith('#')) {
      if (sql.length) flush();
      const m = /Query_time: ([\d.]+).*Rows_examined: (\d+)/.exec(line);
      if (m) {
        seconds = Number(m[1]);
        rows = Number(m[2]);
      }
    } else if (line.trim() && !/^(\/usr|Tcp port|Time\s+Id|use |SET timestamp=)/.test(line)) sql.push(line);
  }
  flush();
  const all = [...out.values()];
  const byCount = [...all].sort((a, b) => b.count - a.count).slice(0, top);
  const byRows = [...all].sort((a, b) => b.rowsExamined - a.rowsExamined).slice(0, 8);
  return [...new Set([...byCount, ...byRows])];
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 15);
  const bench = await startBenchDb();
  const fake = await startFakeFonnte();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-prof-'));
  try {
    const url = await bench.create('prof');
    // long_query_time = 0 logs every statement; a session keeps the value it connected with, so before the service starts.
    const slowLog = path.join(dir, 'all-statements.log');
    await bench.query(
      url,
      `SET GLOBAL slow_query_log_file = '${slowLog}', GLOBAL long_query_time = 0, GLOBAL log_slow_verbosity = 'query_plan', GLOBAL slow_query_log = 1`,
    );
    // PROFILE_SPLIT=1: the web process alone is profiled (RUN_WORKER=false), a `worker` process handles and sends.
    const split = process.env.PROFILE_SPLIT === '1';
    const app = await startAppProcess({
      env: { DATABASE_URL: url, FONNTE_API_URL: fake.url, JWT_SECRET, LOG_LEVEL: 'warn', ...(split ? { RUN_WORKER: 'false' } : {}) },
      nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
    });
    const worker = split ? await startWorker(url, fake.url) : undefined;
    const tickets = Number(process.env.PROFILE_TICKETS ?? 0);
    if (tickets > 0) {
      const loaded = await generate({ url, tickets, history: false });
      console.log(`${loaded.tickets} tickets loaded in ${loaded.seconds.toFixed(0)} s`);
    }
    const senders = await insertEmployees(bench, url);
    await webhookLoad({ baseUrl: app.url, tag: 'pw', senders, connections: 50, seconds: 3 });
    const db = createDb(url, { poolSize: 2 });
    await waitDrained(db, 120_000);
    const stopProbe = await startProbe(
      { service: app.pid, mariadb: bench.server.pid, bench: process.pid },
      bench.server.url,
      os.availableParallelism(),
    );
    const stopLocks = sampleLockWaits(bench.server.url);
    const censusFrom = fs.existsSync(slowLog) ? fs.statSync(slowLog).size : 0;
    const load = await webhookLoad({ baseUrl: app.url, tag: 'pr', senders, connections: 50, seconds });
    const locks = await stopLocks();
    const drain = await waitDrained(db, 120_000);
    await bench.query(url, 'SET GLOBAL slow_query_log = 0, GLOBAL long_query_time = 10');
    const usage = await stopProbe(load.accepted);
    await db.destroy();
    await app.kill('SIGTERM');
    await worker?.kill('SIGTERM');
    console.log(`service output (last 600 chars): ${app.output().slice(-600)}`);
    console.log(`load: ${load.rps.toFixed(0)} req/s, p50 ${load.p50} ms, p99 ${load.p99} ms, drained in ${drain.toFixed(1)} s`);
    console.log('usage:', JSON.stringify(usage));
    console.log(`statements per message of the measured load and its drain (${load.accepted} messages), by shape:`);
    console.log('  per msg   rows examined/msg   ms/msg   statement');
    for (const q of statementCensus(slowLog, censusFrom, 25))
      console.log(
        `  ${(q.count / load.accepted).toFixed(2).padStart(7)}   ${(q.rowsExamined / load.accepted).toFixed(1).padStart(17)}   ${((q.seconds * 1000) / load.accepted).toFixed(3).padStart(6)}   ${q.shape.slice(0, 220)}`,
      );
    console.log('row-lock waits (statement: waiters per 100 ms sample):');
    for (const [q, n] of Object.entries(locks.waiting)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8))
      console.log(`  ${(n / locks.samples).toFixed(1)}  ${q}`);
    const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('no profile written');
    const summary = summariseProfile(path.join(dir, file));
    console.log(`service CPU profile over ${(summary.totalMs / 1000).toFixed(1)} s, self time by package:`);
    for (const [k, ms] of summary.byPackage) console.log(`  ${(ms / 1000).toFixed(2)} s  ${k}`);
    console.log('by function:');
    for (const [k, ms] of summary.byFunction) console.log(`  ${(ms / 1000).toFixed(2)} s  ${k}`);
    console.log('our functions, inclusive (with what they call):');
    for (const [k, ms] of inclusiveBySource(path.join(dir, file), 40)) console.log(`  ${(ms / 1000).toFixed(2)} s  ${k}`);
    if (process.env.PROFILE_KEEP) fs.copyFileSync(path.join(dir, file), process.env.PROFILE_KEEP);
  } finally {
    await fake.close();
    await bench.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
