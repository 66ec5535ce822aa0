// What the bench runs on and how big it runs: read once from the environment.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

/** BENCH_SCALE=full adds the 1,000,000-ticket steps; the default stops at 100,000 and loads 1,000,000 only for the flat-cost check. */
export const FULL = process.env.BENCH_SCALE === 'full';
/** Seconds each measured load run lasts (after a warm-up of a third of it). */
export const RUN_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Comma-separated parts to run: ingest,gateway,sqlite,compare,flat,reply,workers,scale,sla,places,people (default all but builds and slowgw; a partial run writes RESULTS.partial.md). */
export const ONLY = new Set(
  (process.env.BENCH_ONLY ?? 'ingest,gateway,sqlite,compare,flat,reply,workers,scale,sla,places,people').split(',').map((s) => s.trim()),
);
export const CONCURRENCY = [10, 50, 200];

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  mariadb: string;
  os: string;
  disk: string;
  /** 1-minute load average when the bench started: other users of a shared machine show here. */
  loadAtStart: number;
}

export function machine(mariadbVersion: string): Machine {
  const nproc = (() => {
    try {
      return Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
    } catch {
      return os.availableParallelism();
    }
  })();
  return {
    cpus: nproc,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    mariadb: mariadbVersion,
    os: `${os.type()} ${os.release()}`,
    disk: tmpFilesystem(),
    loadAtStart: Math.round(os.loadavg()[0]! * 10) / 10,
  };
}

function tmpFilesystem(): string {
  try {
    const line = execFileSync('df', ['-T', os.tmpdir()], { encoding: 'utf8' }).trim().split('\n')[1] ?? '';
    const [dev, type] = line.split(/\s+/);
    return `${type ?? '?'} (${dev ?? '?'})`;
  } catch {
    return 'unknown';
  }
}

/** Bounded wait: every bench step has a deadline so `npm run bench` always ends. */
export async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs: number, everyMs = 200): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      log(`  ! gave up waiting for ${what} after ${Math.round(timeoutMs / 1000)} s`);
      return false;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return true;
}

export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Average latency of a 4 KB write + fdatasync in the temp dir, where MariaDB keeps its redo log: the cost of one durable commit. */
export function fsyncLatencyMs(samples = 300): number {
  const file = fs.mkdtempSync(`${os.tmpdir()}/bench-fsync-`);
  const fd = fs.openSync(`${file}/f`, 'w');
  const buf = Buffer.alloc(4096, 1);
  const t = performance.now();
  for (let i = 0; i < samples; i++) {
    fs.writeSync(fd, buf, 0, buf.length, (i % 64) * 4096);
    fs.fdatasyncSync(fd);
  }
  const ms = (performance.now() - t) / samples;
  fs.closeSync(fd);
  fs.rmSync(file, { recursive: true, force: true });
  return ms;
}
