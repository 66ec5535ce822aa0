import type { Executor } from '../../db/create-db';
import type { CreatedRange } from './stats.repository';

/** What the service-level statistics need of one ticket of the period. */
export interface ClockRow {
  id: number;
  createdAt: number;
  categoryId: number | null;
  categoryName: string | null;
  categoryOrder: number | null;
  /** When each clock was met (null: not yet) and when it was due (null: no target). */
  met: { assign: number | null; start: number | null; finish: number | null };
  due: { assign: number | null; start: number | null; finish: number | null };
  /** The rating question's time and the score (null: not asked / not answered). */
  askedAt: number | null;
  score: number | null;
}

const num = (v: number | string | null) => (v === null ? null : Number(v));

/**
 * Every ticket created in the range with its clocks, category and rating: one read of the period's
 * slice of the created_at index plus a primary-key lookup per row into ratings and categories. The
 * working-time percentiles need each ticket's own arithmetic, so the rows come to the service; a
 * month is a few thousand small rows, a year twelve times that.
 */
export async function listClockRows(ex: Executor, r: CreatedRange): Promise<ClockRow[]> {
  const rows = await ex
    .selectFrom('tickets')
    .leftJoin('categories', 'categories.id', 'tickets.category_id')
    .leftJoin('ratings', 'ratings.ticket_id', 'tickets.id')
    .select([
      'tickets.id',
      'tickets.created_at',
      'tickets.category_id',
      'categories.name as category_name',
      'categories.sort_order as category_order',
      'tickets.first_assigned_at',
      'tickets.first_started_at',
      'tickets.finished_at',
      'tickets.due_assign_at',
      'tickets.due_start_at',
      'tickets.due_finish_at',
      'ratings.asked_at',
      'ratings.score',
    ])
    .where('tickets.created_at', '>=', r.from)
    .where('tickets.created_at', '<', r.to)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    createdAt: Number(row.created_at),
    categoryId: row.category_id,
    categoryName: row.category_name,
    categoryOrder: row.category_order,
    met: { assign: num(row.first_assigned_at), start: num(row.first_started_at), finish: num(row.finished_at) },
    due: { assign: num(row.due_assign_at), start: num(row.due_start_at), finish: num(row.due_finish_at) },
    askedAt: num(row.asked_at),
    score: row.score === null ? null : Number(row.score),
  }));
}

/** The technicians on the period's tickets (assignments not withdrawn), by ticket: the assignments_ticket_staff index. */
export async function listPeriodTechnicians(ex: Executor, r: CreatedRange): Promise<{ ticketId: number; staffId: string; name: string }[]> {
  const rows = await ex
    .selectFrom('tickets')
    .innerJoin('assignments', 'assignments.ticket_id', 'tickets.id')
    .innerJoin('staff', 'staff.id', 'assignments.staff_id')
    .select(['assignments.ticket_id', 'assignments.staff_id', 'staff.name'])
    .where('assignments.status', '=', 'active')
    .where('tickets.created_at', '>=', r.from)
    .where('tickets.created_at', '<', r.to)
    .execute();
  return rows.map((row) => ({ ticketId: row.ticket_id, staffId: row.staff_id, name: row.name }));
}

/** The period's tickets the reporter sent back with #belum (a `reopened` entry by the reporter), each once. */
export async function listReporterReopened(ex: Executor, r: CreatedRange): Promise<number[]> {
  const rows = await ex
    .selectFrom('tickets')
    .innerJoin('ticket_events', 'ticket_events.ticket_id', 'tickets.id')
    .select('tickets.id')
    .distinct()
    .where('ticket_events.kind', '=', 'reopened')
    .where('ticket_events.actor_kind', '=', 'reporter')
    .where('tickets.created_at', '>=', r.from)
    .where('tickets.created_at', '<', r.to)
    .execute();
  return rows.map((row) => row.id);
}
