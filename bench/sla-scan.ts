/*
 * BENCH_ONLY=sla: the SLA reminder job's scan (`listTicketsDueForAlert`, src/features/sla/sla-alert.repository.ts)
 * on a database of 1,000 tickets and on one of 1,000,000 (the flat-cost fixture, bench/scale/generate.ts), with
 * the same number of tickets due in both, timed in the bench process over one connection, with MariaDB's plan.
 */
import { createDb } from '../src/db/create-db';
import { migrateToLatest } from '../src/db/migrate';
import { dueForAlertQuery, listTicketsDueForAlert } from '../src/features/sla/sla-alert.repository';
import { log } from './lib/env';
import type { BenchDb } from './lib/targets';
import { generate } from './scale/generate';

export interface SlaScanRow {
  tickets: number;
  /** Tickets with an alert time (the open ones), and how many of them are due now. */
  watched: number;
  due: number;
  loadSeconds: number;
  /** Milliseconds per scan over `runs` scans. */
  p50: number;
  p95: number;
  runs: number;
  /** MariaDB's EXPLAIN: the index it reads, its access type and the rows it expects. */
  plan: { key: string | null; type: string; rows: number; extra: string };
}

const DUE = 50;
const RUNS = 2000;
const MINUTE = 60_000;

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

async function scanAt(bench: BenchDb, tickets: number, now: number): Promise<SlaScanRow> {
  const url = await bench.create(`sla_${tickets}`);
  const db = createDb(url, { poolSize: 1 });
  try {
    await migrateToLatest(db);
    log(`sla scan: loading ${tickets.toLocaleString('en')} tickets`);
    const loaded = await generate({ url, tickets, history: false, sameDay: Math.min(tickets, 20_000), now });
    // The open tickets (the newest 2 %, at least 200) wait for an alert over the next two weeks, DUE of them now.
    const watched = Math.max(200, Math.floor(tickets * 0.02));
    const [max] = await bench.query<{ m: number }[]>(url, 'SELECT MAX(id) AS m FROM tickets');
    const first = Number(max!.m) - watched;
    await bench.query(url, 'UPDATE tickets SET next_alert_at = ? + (id % 20160) * ? WHERE id > ?', [now + MINUTE, MINUTE, first]);
    await bench.query(url, 'UPDATE tickets SET next_alert_at = ? - id WHERE id > ? AND id <= ?', [now, first, first + DUE]);
    await bench.query(url, 'ANALYZE TABLE tickets');

    const compiled = dueForAlertQuery(db.kysely, now, 100).compile();
    const [plan] = await bench.query<{ key: string | null; type: string; rows: number; Extra: string }[]>(url, `EXPLAIN ${compiled.sql}`, [
      ...compiled.parameters,
    ]);
    for (let i = 0; i < 200; i++) await listTicketsDueForAlert(db.kysely, now, 100);
    const ms: number[] = [];
    let found = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      found = (await listTicketsDueForAlert(db.kysely, now, 100)).length;
      ms.push(performance.now() - t0);
    }
    if (found !== DUE) throw new Error(`the scan found ${found} due tickets, ${DUE} expected`);
    return {
      tickets,
      watched,
      due: found,
      loadSeconds: loaded.seconds,
      p50: percentile(ms, 0.5),
      p95: percentile(ms, 0.95),
      runs: RUNS,
      plan: { key: plan!.key, type: plan!.type, rows: Number(plan!.rows), extra: plan!.Extra },
    };
  } finally {
    await db.destroy();
  }
}

/** The scan on 1,000 and on 1,000,000 tickets. */
export async function slaScan(bench: BenchDb): Promise<SlaScanRow[]> {
  const now = Date.now();
  return [await scanAt(bench, 1_000, now), await scanAt(bench, 1_000_000, now)];
}
