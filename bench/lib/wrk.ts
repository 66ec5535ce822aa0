/*
 * The ingest load generator: Debian's wrk (C, epoll) in its own process, driven by bench/lib/webhook.lua.
 * It takes a few hundredths of a core where autocannon inside the bench process took most of one, so the
 * figures are the target's and not the generator's ceiling. Installed with apt-get when missing.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { log } from './env';
import type { LoadResult } from './load';
import { cpuSeconds } from './probe';

const TICK = 100; // USER_HZ on Linux

let wrkPath: string | null = null;

/** The wrk binary; installs Debian's package when it is missing (the bench runs as root on the bench machine). */
export function ensureWrk(): string {
  if (wrkPath) return wrkPath;
  const find = () => {
    try {
      return execFileSync('sh', ['-c', 'command -v wrk'], { encoding: 'utf8' }).trim() || null;
    } catch {
      return null;
    }
  };
  let found = find();
  if (!found) {
    log('wrk is missing: apt-get install -y wrk');
    try {
      execFileSync('apt-get', ['install', '-y', 'wrk'], { stdio: 'ignore' });
    } catch {
      execFileSync('apt-get', ['update'], { stdio: 'ignore' });
      execFileSync('apt-get', ['install', '-y', 'wrk'], { stdio: 'ignore' });
    }
    found = find();
  }
  if (!found) throw new Error('wrk is not installed and could not be installed (apt-get install -y wrk, as root)');
  wrkPath = found;
  return found;
}

interface WrkThread {
  tid: number;
  /** Messages generated (one more than sent on the first thread: wrk's check call). */
  n: number;
  /** Answers other than 200 "accepted". */
  bad: number;
  /** Accepted answers without the X-Request-Id echo: acknowledged, but which message is unknown. */
  unkeyed: number;
  statuses: string;
  /** Keys of the messages answered 200 "accepted". */
  acked: string[];
}

interface WrkJson {
  duration_us: number;
  requests: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  latency_us: { p50: number; p90: number; p99: number; max: number; mean: number };
  cpu_ticks: number;
  threads: WrkThread[];
}

export interface WrkResult extends LoadResult {
  /** The generator's own CPU seconds over its whole life (from /proc/self/stat in wrk's done()). */
  generatorCpu: number;
  generatorPid: number;
  /** Accepted answers that could not be tied to their message (the target did not echo X-Request-Id). */
  unkeyed: number;
  threads: number;
}

/**
 * wrk threads: one by default, which is what keeps the generator at a few hundredths of a core
 * (each thread of wrk is an event loop of its own: 50 threads of one connection each took about twice
 * the CPU per request of one thread with 50 connections, 0.12 against 0.05–0.06 of a core at c=50). BENCH_WRK_THREADS=c gives one connection per thread, for a target that does not echo
 * X-Request-Id (see webhook.lua).
 */
function threadsFor(connections: number): number {
  const wanted = Math.max(1, Math.min(connections, Number(process.env.BENCH_WRK_THREADS ?? 1)));
  // wrk gives each thread connections ÷ threads: take a divisor so that all `connections` are opened.
  for (let t = wanted; t > 1; t--) if (connections % t === 0) return t;
  return 1;
}

/**
 * `connections` clients (wrk connections, on one thread unless BENCH_WRK_THREADS says otherwise) posting `#<command> <tag>-<thread>-<n> …` webhooks for
 * `seconds`, each request a new message from one of `senders`. `onStart` is called with wrk's pid as it starts.
 */
export async function wrkWebhookLoad(o: {
  baseUrl: string;
  tag: string;
  senders: string[];
  connections: number;
  seconds: number;
  command?: 'request' | 'cek';
  onStart?: (pid: number) => void;
}): Promise<WrkResult> {
  const bin = ensureWrk();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-wrk-'));
  const sendersFile = path.join(dir, 'senders.txt');
  fs.writeFileSync(sendersFile, `${o.senders.join('\n')}\n`);
  try {
    const threads = threadsFor(o.connections);
    const child = spawn(
      bin,
      [
        '-t',
        String(threads),
        '-c',
        String(o.connections),
        '-d',
        `${o.seconds}s`,
        '--timeout',
        '10s',
        '-s',
        path.join(__dirname, 'webhook.lua'),
        `${o.baseUrl}/webhooks/fonnte?secret=test-secret`,
      ],
      {
        env: {
          PATH: process.env.PATH,
          BENCH_TAG: o.tag,
          BENCH_COMMAND: o.command ?? 'request',
          BENCH_SENDERS: sendersFile,
          BENCH_CONNS_PER_THREAD: String(o.connections / threads),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    o.onStart?.(child.pid!);
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    let lastCpu = 0;
    // A fallback for the CPU figure should done() not report it: the last reading of /proc before the exit.
    const sampler = setInterval(() => {
      const c = cpuSeconds(child.pid!);
      if (Number.isFinite(c)) lastCpu = c;
    }, 200);
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    clearInterval(sampler);
    const line = out.split('\n').find((l) => l.startsWith('WRK_JSON '));
    if (code !== 0 || !line) throw new Error(`wrk exited with ${code}: ${err.slice(-2000)}${out.slice(-2000)}`);
    const j = JSON.parse(line.slice('WRK_JSON '.length)) as WrkJson;
    const ackedKeys = new Set<string>();
    let started = 0;
    let other = 0;
    let unkeyed = 0;
    for (const t of j.threads) {
      for (const k of t.acked) ackedKeys.add(k);
      started += t.n;
      other += t.bad;
      unkeyed += t.unkeyed;
    }
    const seconds = j.duration_us / 1e6;
    return {
      // Acknowledged (200 "accepted") per second: what Fonnte would count as delivered.
      rps: ackedKeys.size / seconds,
      p50: j.latency_us.p50 / 1000,
      p99: j.latency_us.p99 / 1000,
      accepted: ackedKeys.size,
      ackedKeys,
      started,
      failed: other + j.errors.connect + j.errors.read + j.errors.write + j.errors.timeout,
      seconds,
      generatorCpu: j.cpu_ticks >= 0 ? j.cpu_ticks / TICK : lastCpu,
      generatorPid: child.pid!,
      unkeyed,
      threads,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
