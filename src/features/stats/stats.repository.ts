import { sql } from 'kysely';
import type { Executor } from '../../db/create-db';
import type { TicketStatus } from '../../db/database';

/**
 * Tickets created in [from, to), epoch ms. Always bounded: every statement below reads the
 * period's slice of the tickets_created_cover index (created_at, status, first_assigned_at,
 * finished_at) and nothing outside it, so a month costs the same on a table of ten years.
 */
export interface CreatedRange {
  from: number;
  to: number;
}

/** The two moments a ticket's waiting times end at, as columns. */
export type DurationEnd = 'first_assigned_at' | 'finished_at';

export interface BucketCount {
  /** Index of the bucket: tickets created in [edges[bucket], edges[bucket + 1]). */
  bucket: number;
  status: TicketStatus;
  tickets: number;
  /** Of those, how many were ever assigned / have finished. */
  assigned: number;
  finished: number;
}

/**
 * Tickets per bucket and status, with how many reached each end point. One range scan per
 * bucket (UNION ALL in one statement): the index is read once over the period, with no
 * per-row CASE over the bucket edges, and the edges come from the caller in the app's zone
 * instead of dialect-specific date functions.
 */
export async function countPerBucket(ex: Executor, edges: readonly number[]): Promise<BucketCount[]> {
  const arms = edges.slice(0, -1).map((start, i) =>
    ex
      .selectFrom('tickets')
      .select((eb) => [
        sql<number>`${sql.lit(i)}`.as('bucket'),
        'tickets.status',
        eb.fn.countAll<number | string>().as('tickets'),
        eb.fn.count<number | string>('tickets.first_assigned_at').as('assigned'),
        eb.fn.count<number | string>('tickets.finished_at').as('finished'),
      ])
      .where('tickets.created_at', '>=', start)
      .where('tickets.created_at', '<', edges[i + 1]!)
      .groupBy('tickets.status'),
  );
  if (arms.length === 0) return [];
  const query = arms.slice(1).reduce((q, arm) => q.unionAll(arm), arms[0]!);
  const rows = await query.execute();
  return rows.map((r) => ({
    bucket: Number(r.bucket),
    status: r.status,
    tickets: Number(r.tickets),
    assigned: Number(r.assigned),
    finished: Number(r.finished),
  }));
}

/**
 * The durations (end − created_at, ms) at the given 1-based ranks, smallest first, of the
 * period's tickets that reached `end`: one sort of the period's durations, whatever the
 * number of ranks (both dialects have ROW_NUMBER()).
 */
export async function durationsAtRanks(
  ex: Executor,
  r: CreatedRange,
  end: DurationEnd,
  ranks: readonly number[],
): Promise<Map<number, number>> {
  if (ranks.length === 0) return new Map();
  const d = sql`${sql.ref(`tickets.${end}`)} - ${sql.ref('tickets.created_at')}`;
  const { rows } = await sql<{ d: number | string; rn: number | string }>`
    select d, rn from (
      select ${d} as d, row_number() over (order by ${d}) as rn
      from tickets
      where ${sql.ref('tickets.created_at')} >= ${r.from} and ${sql.ref('tickets.created_at')} < ${r.to} and ${sql.ref(`tickets.${end}`)} is not null
    ) ranked
    where rn in (${sql.join([...ranks])})`.execute(ex);
  return new Map(rows.map((row) => [Number(row.rn), Number(row.d)]));
}

export interface TechnicianLoad {
  staffId: string;
  name: string;
  /** Tickets of the range actively assigned to them and not yet selesai or ditutup. */
  open: number;
  /** Tickets of the range actively assigned to them that are selesai or ditutup. */
  finished: number;
}

/**
 * Open and finished tickets per technician (active assignments only), by name: the period's
 * tickets from the created_at index, their technicians from assignments_ticket_staff. Names
 * are joined after grouping, to the 30 groups rather than to every assignment.
 */
export async function technicianLoad(ex: Executor, r: CreatedRange): Promise<TechnicianLoad[]> {
  const done = sql`${sql.ref('tickets.status')} in ('selesai', 'ditutup')`;
  const rows = await ex
    .selectFrom((eb) =>
      eb
        .selectFrom('tickets')
        .innerJoin('assignments', 'assignments.ticket_id', 'tickets.id')
        .select([
          'assignments.staff_id',
          sql<number | string>`sum(case when ${done} then 0 else 1 end)`.as('open_count'),
          sql<number | string>`sum(case when ${done} then 1 else 0 end)`.as('finished_count'),
        ])
        .where('assignments.status', '=', 'active')
        .where('tickets.created_at', '>=', r.from)
        .where('tickets.created_at', '<', r.to)
        .groupBy('assignments.staff_id')
        .as('load'),
    )
    .innerJoin('staff', 'staff.id', 'load.staff_id')
    .select(['load.staff_id', 'staff.name', 'load.open_count', 'load.finished_count'])
    .orderBy('staff.name')
    .orderBy('load.staff_id')
    .execute();
  return rows.map((row) => ({ staffId: row.staff_id, name: row.name, open: Number(row.open_count), finished: Number(row.finished_count) }));
}
