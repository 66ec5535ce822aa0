// Ingest: #request webhooks at fixed concurrency, the service against the floor, with every side effect checked.
import os from 'node:os';
import { createDb, type Db } from '../src/db/create-db';
import type { AppProcess } from '../test/support/app-process';
import type { FakeFonnte } from '../test/support/fake-fonnte';
import { log, RUN_SECONDS } from './lib/env';
import { webhookLoad, type LoadResult } from './lib/load';
import { sampleLockWaits, startProbe, type Usage } from './lib/probe';
import type { BenchDb } from './lib/targets';
import { verifyFloor, verifyService, waitDrained, type Check } from './lib/verify';

export interface IngestRow {
  target: 'floor' | 'service';
  label: string;
  dialect: 'mysql' | 'sqlite';
  connections: number;
  load: LoadResult;
  /** Accepted messages per second from the first request until the last reply was sent. */
  endToEnd: number;
  drainSeconds: number;
  usage: Usage;
  /** Statements seen waiting for a row lock, by how many 100 ms samples caught them (MariaDB only). */
  lockWaits?: { samples: number; waiting: Record<string, number> };
  check: Check;
}

export interface IngestTarget {
  target: 'floor' | 'service';
  label: string;
  dialect: 'mysql' | 'sqlite';
  proc: AppProcess;
  dbUrl: string;
  senders: string[];
  /** The command word of every message; default request (each makes a ticket). */
  command?: 'request' | 'cek';
}

let runNo = 0;

/**
 * One measured run: a warm-up of a third of the time (its messages are handled before the
 * measurement starts), then RUN_SECONDS at `connections`, then a bounded wait until every
 * message is handled and every reply sent, then the checks.
 */
export interface RunHooks {
  /** Just before the measured load starts (after the warm-up was handled). */
  measuring?: () => void;
  /** Right after the measured load, before waiting for the drain. */
  measured?: () => Promise<void>;
}

export async function ingestRun(
  bench: BenchDb,
  fake: FakeFonnte,
  t: IngestTarget,
  connections: number,
  drainTimeoutMs = 120_000,
  hooks: RunHooks = {},
): Promise<IngestRow> {
  const db = createDb(t.dbUrl, { poolSize: 2 });
  try {
    const warm = `w${++runNo}`;
    const warmFrom = fake.received.length;
    const warmLoad = await webhookLoad({
      baseUrl: t.proc.url,
      tag: warm,
      senders: t.senders,
      connections,
      seconds: Math.max(2, Math.round(RUN_SECONDS / 3)),
      command: t.command,
    });
    if (t.target === 'service') await waitDrained(db, drainTimeoutMs);
    const tag = `r${++runNo}`;
    const measureFrom = fake.received.length;
    const pids = { service: t.proc.pid, bench: process.pid, ...(t.dialect === 'mysql' ? { mariadb: bench.server.pid } : {}) };
    const stop = await startProbe(pids, t.dialect === 'mysql' ? bench.server.url : null, os.availableParallelism());
    const stopLocks = t.dialect === 'mysql' ? sampleLockWaits(bench.server.url) : null;
    hooks.measuring?.();
    const load = await webhookLoad({ baseUrl: t.proc.url, tag, senders: t.senders, connections, seconds: RUN_SECONDS, command: t.command });
    const lockWaits = await stopLocks?.();
    await hooks.measured?.();
    const drainSeconds = t.target === 'service' ? await waitDrained(db, drainTimeoutMs) : 0;
    const usage = await stop(load.accepted);
    const check =
      t.target === 'service'
        ? await verifyService(db, fake.received.slice(measureFrom), tag, load.ackedKeys, connections + load.failed, t.command)
        : await verifyFloor(db, tag, load.ackedKeys, connections + load.failed);
    const warmCheck =
      t.target === 'service'
        ? await verifyService(
            db,
            fake.received.slice(warmFrom, measureFrom),
            warm,
            warmLoad.ackedKeys,
            connections + warmLoad.failed,
            t.command,
          )
        : await verifyFloor(db, warm, warmLoad.ackedKeys, connections + warmLoad.failed);
    if (!warmCheck.ok) {
      check.ok = false;
      check.detail += `; warm-up FAILED: ${warmCheck.detail}`;
    }
    const endToEnd = load.accepted / (load.seconds + (Number.isNaN(drainSeconds) ? Infinity : drainSeconds));
    log(
      `  ${t.label} c=${connections}: ${load.rps.toFixed(0)} req/s, p50 ${load.p50} ms, p99 ${load.p99} ms, drained in ${drainSeconds.toFixed(1)} s, ${check.ok ? 'OK' : 'CHECK FAILED'}: ${check.detail}`,
    );
    return {
      target: t.target,
      label: t.label,
      dialect: t.dialect,
      connections,
      load,
      endToEnd,
      drainSeconds,
      usage,
      check,
      ...(lockWaits ? { lockWaits } : {}),
    };
  } finally {
    await db.destroy();
  }
}

/** Runs `connections` levels against one target, one after another. */
export async function ingestSeries(bench: BenchDb, fake: FakeFonnte, t: IngestTarget, levels: number[]): Promise<IngestRow[]> {
  const rows: IngestRow[] = [];
  for (const c of levels) rows.push(await ingestRun(bench, fake, t, c));
  return rows;
}

export type { Db };
