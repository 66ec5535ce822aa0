import { sql, type SelectQueryBuilder } from 'kysely';
import type { Executor } from '../../db/create-db';
import type { Database, TicketStatus } from '../../db/database';

/** Tickets created in [from, to), epoch ms; an absent side is open. */
export interface CreatedRange {
  from?: number;
  to?: number;
}

/** The two moments a ticket's waiting times end at, as columns. */
export type DurationEnd = 'first_assigned_at' | 'finished_at';

function inRange<O>(qb: SelectQueryBuilder<Database, 'tickets', O>, r: CreatedRange) {
  let q = qb;
  if (r.from !== undefined) q = q.where('tickets.created_at', '>=', r.from);
  if (r.to !== undefined) q = q.where('tickets.created_at', '<', r.to);
  return q;
}

/** Tickets per status (statuses without tickets are absent). */
export async function countByStatus(ex: Executor, r: CreatedRange): Promise<Partial<Record<TicketStatus, number>>> {
  const rows = await inRange(ex.selectFrom('tickets').select((eb) => ['tickets.status', eb.fn.countAll().as('n')]), r)
    .groupBy('tickets.status')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
}

/** The first and last creation time in the range, or undefined when it holds no ticket. */
export async function createdSpan(ex: Executor, r: CreatedRange): Promise<{ first: number; last: number } | undefined> {
  const row = await inRange(
    ex.selectFrom('tickets').select((eb) => [eb.fn.min('tickets.created_at').as('first'), eb.fn.max('tickets.created_at').as('last')]),
    r,
  ).executeTakeFirst();
  return row && row.first !== null && row.last !== null ? { first: Number(row.first), last: Number(row.last) } : undefined;
}

/**
 * Tickets created between consecutive `edges` (each bucket [edges[i], edges[i+1])), as
 * conditional sums in one row: portable, with the month boundaries computed by the caller
 * in the app's zone instead of with dialect-specific date functions.
 */
export async function countBetween(ex: Executor, r: CreatedRange, edges: readonly number[]): Promise<number[]> {
  if (edges.length < 2) return [];
  const sums = edges
    .slice(0, -1)
    .map((start, i) =>
      sql<number | string | null>`sum(case when ${sql.ref('tickets.created_at')} >= ${start} and ${sql.ref('tickets.created_at')} < ${edges[i + 1]!} then 1 else 0 end)`.as(
        `b${i}`,
      ),
    );
  const row = (await inRange(ex.selectFrom('tickets').select(sums), r).executeTakeFirst()) as Record<string, unknown> | undefined;
  return edges.slice(0, -1).map((_, i) => Number(row?.[`b${i}`] ?? 0));
}

const durationOf = (end: DurationEnd) => sql<number>`${sql.ref(`tickets.${end}`)} - ${sql.ref('tickets.created_at')}`;

/** How many tickets of the range have reached `end`. */
export async function countDurations(ex: Executor, r: CreatedRange, end: DurationEnd): Promise<number> {
  const row = await inRange(ex.selectFrom('tickets').select((eb) => eb.fn.countAll().as('n')), r)
    .where(`tickets.${end}`, 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The durations (end − created_at, ms) at sorted positions offset … offset+limit−1,
 * smallest first. Percentiles then need two rows, not the whole column.
 */
export async function durationsAt(ex: Executor, r: CreatedRange, end: DurationEnd, offset: number, limit: number): Promise<number[]> {
  const rows = await inRange(ex.selectFrom('tickets').select(durationOf(end).as('d')), r)
    .where(`tickets.${end}`, 'is not', null)
    .orderBy('d')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((row) => Number(row.d));
}

export interface TechnicianLoad {
  staffId: string;
  name: string;
  /** Tickets of the range actively assigned to them and not yet selesai or ditutup. */
  open: number;
  /** Tickets of the range actively assigned to them that are selesai or ditutup. */
  finished: number;
}

/** Open and finished tickets per technician (active assignments only), by name. */
export async function technicianLoad(ex: Executor, r: CreatedRange): Promise<TechnicianLoad[]> {
  const done = sql`${sql.ref('tickets.status')} in ('selesai', 'ditutup')`;
  let qb = ex
    .selectFrom('tickets')
    .innerJoin('assignments', 'assignments.ticket_id', 'tickets.id')
    .innerJoin('staff', 'staff.id', 'assignments.staff_id')
    .select([
      'assignments.staff_id',
      'staff.name',
      sql<number | string>`sum(case when ${done} then 0 else 1 end)`.as('open_count'),
      sql<number | string>`sum(case when ${done} then 1 else 0 end)`.as('finished_count'),
    ])
    .where('assignments.status', '=', 'active');
  if (r.from !== undefined) qb = qb.where('tickets.created_at', '>=', r.from);
  if (r.to !== undefined) qb = qb.where('tickets.created_at', '<', r.to);
  const rows = await qb.groupBy(['assignments.staff_id', 'staff.name']).orderBy('staff.name').orderBy('assignments.staff_id').execute();
  return rows.map((row) => ({ staffId: row.staff_id, name: row.name, open: Number(row.open_count), finished: Number(row.finished_count) }));
}
