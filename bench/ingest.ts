// Ingest: #request webhooks at fixed concurrency, the service against the floor, with every side effect checked.
import fs from 'node:fs';
import os from 'node:os';
import { createDb, type Db } from '../src/db/create-db';
import type { AppProcess } from '../test/support/app-process';
import type { FakeFonnteProcess } from './lib/fake-fonnte-process';
import { log, RUN_SECONDS } from './lib/env';
import { webhookLoad, type LoadResult } from './lib/load';
import { cpuSeconds, sampleLockWaits, startProbe, watchPeakRss, type Usage } from './lib/probe';
import type { BenchDb } from './lib/targets';
import { verifyFloor, verifyService, waitDrained, type Check } from './lib/verify';
import { wrkWebhookLoad, type WrkResult } from './lib/wrk';

export interface IngestRow {
  target: 'floor' | 'service';
  generator: 'wrk' | 'autocannon-in-bench';
  label: string;
  /** The key prefix of the measured run's messages (`#request <tag>-<thread>-<n> …`). */
  tag: string;
  dialect: 'mysql' | 'sqlite';
  connections: number;
  load: LoadResult;
  /**
   * Messages of the run turned into a ticket and a reply the fake gateway received, per second from
   * the first request until the gateway received the last reply (service only).
   */
  endToEnd: number;
  /** Seconds from the first request to the last reply the gateway received. */
  endToEndSeconds: number;
  drainSeconds: number;
  /** The run of the documented split: the service process only acknowledged, a `worker` process handled and sent. */
  workerProcess?: boolean;
  /**
   * The target's highest resident memory (VmRSS sampled every 50 ms, MB) from the start of the measured
   * load until every message was handled and every reply sent: the backlog the load left is part of the peak.
   */
  peakRssMb: number;
  usage: Usage;
  /**
   * Cores each process used while the load generator ran (CPU seconds ÷ wall seconds, from
   * /proc/<pid>/stat): service (or floor), mariadb, generator (wrk), gateway (the fake Fonnte), bench.
   */
  loadCores: Record<string, number>;
  /** Statements seen waiting for a row lock, by how many 100 ms samples caught them (MariaDB only). */
  lockWaits?: { samples: number; waiting: Record<string, number> };
  check: Check;
}

export interface IngestTarget {
  target: 'floor' | 'service';
  label: string;
  dialect: 'mysql' | 'sqlite';
  proc: AppProcess;
  /** The `worker` process of the documented split (proc then only stores and acknowledges); its CPU is shown as `worker`. */
  workerProc?: AppProcess;
  dbUrl: string;
  senders: string[];
  /** The command word of every message; default request (each makes a ticket). */
  command?: 'request' | 'cek';
  /**
   * wrk in its own process (default), or autocannon inside the bench process as the bench did until
   * 2026-12: kept for the comparison rows, to show what that generator costs and whether it capped a figure.
   */
  generator?: 'wrk' | 'autocannon-in-bench';
  /** A #request may be answered with the offer to follow an open ticket of the same fault instead of a new ticket. */
  offersAllowed?: boolean;
}

/** The machine's busy CPU seconds so far, all processes (from /proc/stat: everything but idle and iowait). */
function machineBusySeconds(): number {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
    return (total - f[3]! - f[4]!) / 100;
  } catch {
    return NaN;
  }
}

type Load = (o: {
  baseUrl: string;
  tag: string;
  senders: string[];
  connections: number;
  seconds: number;
  command?: 'request' | 'cek';
}) => Promise<WrkResult>;

/** autocannon in this process, shaped like a wrk result (its CPU is the bench's). */
const autocannonInBench: Load = async (o) => ({
  ...(await webhookLoad(o)),
  generatorCpu: NaN,
  generatorPid: process.pid,
  unkeyed: 0,
  threads: 1,
});

let runNo = 0;

/**
 * One measured run: a warm-up of a third of the time (its messages are handled before the
 * measurement starts), then RUN_SECONDS at `connections`, then a bounded wait until every
 * message is handled and every reply sent, then the checks.
 */
export interface RunHooks {
  /** Just before the measured load starts (after the warm-up was handled). */
  measuring?: () => Promise<void> | void;
  /** Right after the measured load, before waiting for the drain. */
  measured?: () => Promise<void>;
}

export async function ingestRun(
  bench: BenchDb,
  fake: FakeFonnteProcess,
  t: IngestTarget,
  connections: number,
  drainTimeoutMs = 120_000,
  hooks: RunHooks = {},
): Promise<IngestRow> {
  const db = createDb(t.dbUrl, { poolSize: 2 });
  try {
    // Receipts are counted from 0 for each run: the previous run was drained, and the list stays small.
    await fake.reset();
    const generate: Load = t.generator === 'autocannon-in-bench' ? autocannonInBench : wrkWebhookLoad;
    const warm = `w${++runNo}`;
    const warmLoad = await generate({
      baseUrl: t.proc.url,
      tag: warm,
      senders: t.senders,
      connections,
      seconds: Math.max(2, Math.round(RUN_SECONDS / 3)),
      command: t.command,
    });
    if (t.target === 'service') await waitDrained(db, drainTimeoutMs);
    const tag = `r${++runNo}`;
    const measureFrom = await fake.count();
    const pids: Record<string, number> = {
      service: t.proc.pid,
      ...(t.workerProc ? { worker: t.workerProc.pid } : {}),
      gateway: fake.pid,
      bench: process.pid,
      ...(t.dialect === 'mysql' ? { mariadb: bench.server.pid } : {}),
    };
    const stop = await startProbe(pids, t.dialect === 'mysql' ? bench.server.url : null, os.availableParallelism());
    const stopLocks = t.dialect === 'mysql' ? sampleLockWaits(bench.server.url) : null;
    await hooks.measuring?.();
    const peakRss = watchPeakRss(t.proc.pid);
    const cpu0 = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid)]));
    const busy0 = machineBusySeconds();
    const firstRequestAt = Date.now();
    const load: WrkResult = await generate({
      baseUrl: t.proc.url,
      tag,
      senders: t.senders,
      connections,
      seconds: RUN_SECONDS,
      command: t.command,
    });
    const loadWall = (Date.now() - firstRequestAt) / 1000;
    const busy = (machineBusySeconds() - busy0) / loadWall;
    const loadCores: Record<string, number> = Object.fromEntries([
      ...Object.entries(pids).map(([k, pid]) => [k, (cpuSeconds(pid) - cpu0[k]!) / loadWall] as const),
      ...(t.generator === 'autocannon-in-bench' ? [] : [['generator', load.generatorCpu / loadWall] as const]),
    ]);
    // Everything else the machine ran meanwhile: other tenants of a shared machine (and the kernel's share of ours).
    loadCores.others = Math.max(0, busy - Object.values(loadCores).reduce((a, b) => a + b, 0));
    const lockWaits = await stopLocks?.();
    await hooks.measured?.();
    const drainSeconds = t.target === 'service' ? await waitDrained(db, drainTimeoutMs) : 0;
    const peakRssMb = peakRss();
    const usage = await stop(load.accepted);
    if (t.generator !== 'autocannon-in-bench') usage.cpuPer1k.generator = (load.generatorCpu * 1000) / Math.max(1, load.accepted);
    const receipts = t.target === 'service' ? await fake.receivedFrom(measureFrom) : [];
    const check =
      t.target === 'service'
        ? await verifyService(db, receipts, tag, load.ackedKeys, connections + load.failed, t.command, t.offersAllowed)
        : await verifyFloor(db, tag, load.ackedKeys, connections + load.failed);
    const warmCheck =
      t.target === 'service'
        ? await verifyService(
            db,
            (await fake.receivedFrom(0)).slice(0, measureFrom),
            warm,
            warmLoad.ackedKeys,
            connections + warmLoad.failed,
            t.command,
            t.offersAllowed,
          )
        : await verifyFloor(db, warm, warmLoad.ackedKeys, connections + warmLoad.failed);
    for (const [what, l] of [
      ['run', load],
      ['warm-up', warmLoad],
    ] as const)
      if (l.unkeyed > 0) {
        check.ok = false;
        check.detail += `; ${l.unkeyed} ${what} acknowledgements WITHOUT X-Request-Id (which message is unknown)`;
      }
    if (!warmCheck.ok) {
      check.ok = false;
      check.detail += `; warm-up FAILED: ${warmCheck.detail}`;
    }
    const lastReplyAt = receipts.reduce((m, r) => Math.max(m, r.at), 0);
    const endToEndSeconds = t.target === 'service' && lastReplyAt > 0 ? (lastReplyAt - firstRequestAt) / 1000 : NaN;
    const endToEnd = t.target === 'service' && check.ok ? (check.received ?? 0) / endToEndSeconds : NaN;
    const cores = Object.entries(loadCores)
      .map(([k, v]) => `${k} ${v.toFixed(2)}`)
      .join(', ');
    log(
      `  ${t.label} c=${connections}: ${load.rps.toFixed(0)} acked/s, p50 ${load.p50.toFixed(1)} ms, p99 ${load.p99.toFixed(1)} ms` +
        (t.target === 'service' ? `, end to end ${endToEnd.toFixed(0)}/s over ${endToEndSeconds.toFixed(1)} s` : '') +
        `; peak RSS ${peakRssMb.toFixed(0)} MB; cores during the load: ${cores}; ${check.ok ? 'OK' : 'CHECK FAILED'}: ${check.detail}`,
    );
    return {
      target: t.target,
      generator: t.generator ?? 'wrk',
      label: t.label,
      tag,
      dialect: t.dialect,
      connections,
      load,
      endToEnd,
      endToEndSeconds,
      drainSeconds,
      ...(t.workerProc ? { workerProcess: true } : {}),
      peakRssMb,
      usage,
      loadCores,
      check,
      ...(lockWaits ? { lockWaits } : {}),
    };
  } finally {
    await db.destroy();
  }
}

/** Runs `connections` levels against one target, one after another. */
export async function ingestSeries(bench: BenchDb, fake: FakeFonnteProcess, t: IngestTarget, levels: number[]): Promise<IngestRow[]> {
  const rows: IngestRow[] = [];
  for (const c of levels) rows.push(await ingestRun(bench, fake, t, c));
  return rows;
}

export type { Db };
