// Where the time went during one run: CPU seconds per process and MariaDB's own counters.
import fs from 'node:fs';
import mysql from 'mysql2/promise';

const TICK = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICK;
  } catch {
    return NaN;
  }
}

/** Resident memory (VmRSS) of a process now, in MB; NaN once it is gone. */
function rssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
  } catch {
    return NaN;
  }
}

/**
 * Watches a process's resident memory every `everyMs` until the returned function is called,
 * which answers the highest value seen (MB). Sampling instead of resetting VmHWM through
 * /proc/<pid>/clear_refs, which not every kernel has; a spike shorter than `everyMs` can be
 * missed, which is why the interval is short next to an export lasting seconds.
 */
export function watchPeakRss(pid: number, everyMs = 50): () => number {
  let peak = rssMb(pid);
  const timer = setInterval(() => {
    const now = rssMb(pid);
    if (now > peak || Number.isNaN(peak)) peak = now;
  }, everyMs);
  return () => {
    clearInterval(timer);
    const last = rssMb(pid);
    return Math.max(peak, Number.isNaN(last) ? 0 : last);
  };
}

// MariaDB 10.11 names: Innodb_data_fsyncs counts redo-log and data-file fsyncs; Rows_read is MariaDB's own.
const COUNTERS = [
  'Innodb_data_fsyncs',
  'Innodb_log_writes',
  'Com_commit',
  'Com_insert',
  'Com_update',
  'Com_select',
  'Questions',
  'Innodb_row_lock_waits',
  'Innodb_row_lock_time',
  'Rows_read',
];

async function mariadbCounters(serverUrl: string): Promise<Record<string, number>> {
  const conn = await mysql.createConnection({ uri: serverUrl });
  try {
    const [rows] = await conn.query<mysql.RowDataPacket[]>(
      `SHOW GLOBAL STATUS WHERE Variable_name IN (${COUNTERS.map(() => '?').join(',')})`,
      COUNTERS,
    );
    return Object.fromEntries(rows.map((r) => [String(r.Variable_name), Number(r.Value)]));
  } finally {
    await conn.end();
  }
}

/** The block device holding the temp dir (where MariaDB's files are), from /proc/diskstats. */
function diskStats(): { flushes: number; flushMs: number; writes: number; writeMs: number; ioMs: number } | null {
  try {
    const lines = fs
      .readFileSync('/proc/diskstats', 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s+/));
    // The busiest whole disk (vda, sda, nvme0n1): the one the bench's writes land on.
    const disks = lines.filter((f) => /^(vd[a-z]|sd[a-z]|xvd[a-z]|nvme\d+n\d+)$/.test(f[2] ?? ''));
    const f = disks.sort((a, b) => Number(b[9]) - Number(a[9]))[0];
    if (!f) return null;
    return { writes: Number(f[7]), writeMs: Number(f[10]), ioMs: Number(f[12]), flushes: Number(f[18] ?? 0), flushMs: Number(f[19] ?? 0) };
  } catch {
    return null;
  }
}

export interface Usage {
  /** CPU seconds per 1,000 acknowledged requests, by process. */
  cpuPer1k: Record<string, number>;
  /** Share of the machine's CPU time used by all measured processes during the run. */
  busy: number;
  /** MariaDB counters per acknowledged request. */
  perRequest: Record<string, number>;
  /** The disk during the run: cache flushes (fsync) and writes per request, their mean latency, and how busy it was. */
  disk?: { flushesPerReq: number; flushMs: number; writesPerReq: number; writeMs: number; busy: number };
}

/** Starts measuring; call the returned function after the run with the number of acknowledged requests. */
export async function startProbe(
  pids: Record<string, number>,
  serverUrl: string | null,
  cpus: number,
): Promise<(acked: number) => Promise<Usage>> {
  const t0 = performance.now();
  const cpu0 = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid)]));
  const db0 = serverUrl ? await mariadbCounters(serverUrl) : {};
  const disk0 = diskStats();
  return async (acked) => {
    const disk1 = diskStats();
    const wall = (performance.now() - t0) / 1000;
    const db1 = serverUrl ? await mariadbCounters(serverUrl) : {};
    const used = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid) - cpu0[k]!]));
    const per = Math.max(acked, 1);
    return {
      cpuPer1k: Object.fromEntries(Object.entries(used).map(([k, s]) => [k, (s * 1000) / per])),
      busy: Object.values(used).reduce((a, b) => a + b, 0) / (wall * cpus),
      perRequest: Object.fromEntries(Object.keys(db1).map((k) => [k, (db1[k]! - (db0[k] ?? 0)) / per])),
      ...(disk0 && disk1
        ? {
            disk: {
              flushesPerReq: (disk1.flushes - disk0.flushes) / per,
              flushMs: (disk1.flushMs - disk0.flushMs) / Math.max(1, disk1.flushes - disk0.flushes),
              writesPerReq: (disk1.writes - disk0.writes) / per,
              writeMs: (disk1.writeMs - disk0.writeMs) / Math.max(1, disk1.writes - disk0.writes),
              busy: (disk1.ioMs - disk0.ioMs) / (wall * 1000),
            },
          }
        : {}),
    };
  };
}

/**
 * Samples InnoDB's lock waits every `everyMs` while a run goes on: which statements wait for a
 * row lock, normalised to their first words. Answers "which lock?" when a figure is missed.
 */
export function sampleLockWaits(serverUrl: string, everyMs = 100): () => Promise<{ samples: number; waiting: Record<string, number> }> {
  let stop = false;
  let samples = 0;
  const waiting: Record<string, number> = {};
  const loop = (async () => {
    const conn = await mysql.createConnection({ uri: serverUrl });
    try {
      while (!stop) {
        const [rows] = await conn.query<mysql.RowDataPacket[]>(
          'SELECT r.trx_query AS q FROM information_schema.INNODB_LOCK_WAITS w JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id',
        );
        samples += 1;
        for (const row of rows) {
          const q = String(row.q ?? '(between statements)')
            .replace(/\s+/g, ' ')
            .replace(/`/g, '')
            .slice(0, 48);
          waiting[q] = (waiting[q] ?? 0) + 1;
        }
        await new Promise((r) => setTimeout(r, everyMs));
      }
    } finally {
      await conn.end();
    }
  })();
  return async () => {
    stop = true;
    await loop;
    return { samples, waiting };
  };
}
