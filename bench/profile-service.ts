/*
 * Why is ingest where it is? Runs the service under `#request` load at c=50 with V8's CPU
 * profiler and InnoDB's lock waits sampled, then prints where the service's CPU went (by
 * package and by function) and which statements waited for row locks.
 * npx tsx bench/profile-service.ts [seconds]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '../src/db/create-db';
import { startAppProcess } from '../test/support/app-process';
import { startFakeFonnte } from '../test/support/fake-fonnte';
import { webhookLoad } from './lib/load';
import { sampleLockWaits, startProbe } from './lib/probe';
import { insertEmployees, JWT_SECRET, startBenchDb } from './lib/targets';
import { waitDrained } from './lib/verify';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
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

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 15);
  const bench = await startBenchDb();
  const fake = await startFakeFonnte();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-prof-'));
  try {
    const url = await bench.create('prof');
    const app = await startAppProcess({
      env: { DATABASE_URL: url, FONNTE_API_URL: fake.url, JWT_SECRET, LOG_LEVEL: 'warn' },
      nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
    });
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
    const load = await webhookLoad({ baseUrl: app.url, tag: 'pr', senders, connections: 50, seconds });
    const locks = await stopLocks();
    const drain = await waitDrained(db, 120_000);
    const usage = await stopProbe(load.accepted);
    await db.destroy();
    await app.kill('SIGTERM');
    console.log(`service output (last 600 chars): ${app.output().slice(-600)}`);
    console.log(`load: ${load.rps.toFixed(0)} req/s, p50 ${load.p50} ms, p99 ${load.p99} ms, drained in ${drain.toFixed(1)} s`);
    console.log('usage:', JSON.stringify(usage));
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
