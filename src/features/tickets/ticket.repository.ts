import type { Selectable, Transaction } from 'kysely';
import type { Executor } from '../../db/create-db';
import { defer } from '../../db/transaction';
import type { Database, TicketEventsTable, TicketsTable, TicketStatus } from '../../db/database';
import type { Ticket, TicketChannel, TicketEvent, TicketPriority } from './ticket.model';

/**
 * `tickets.reporter_phone` and `chat_id` are NOT NULL (SQLite cannot relax that without a table
 * rebuild), so a ticket nobody can be written to stores '' in both; the domain sees null, and
 * nothing above this file ever meets the empty string.
 */
const phoneFromColumn = (v: string): string | null => (v === '' ? null : v);
const phoneToColumn = (v: string | null): string => v ?? '';

export const toTicket = (r: Selectable<TicketsTable>): Ticket => ({
  id: Number(r.id),
  trackingNo: r.tracking_no,
  status: r.status,
  complaint: r.complaint,
  reporter: {
    employeeId: r.reporter_employee_id,
    phone: phoneFromColumn(r.reporter_phone),
    name: r.reporter_name,
    workplace: r.reporter_unit,
  },
  chatId: phoneFromColumn(r.chat_id),
  channel: r.channel,
  categoryId: r.category_id === null ? null : Number(r.category_id),
  priority: r.priority,
  placeId: r.place_id === null ? null : Number(r.place_id),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  finishedAt: r.finished_at === null ? null : Number(r.finished_at),
  closedAt: r.closed_at === null ? null : Number(r.closed_at),
});

const toEvent = (r: Selectable<TicketEventsTable>): TicketEvent => ({
  id: r.id,
  kind: r.kind,
  note: r.note,
  statusFrom: r.status_from,
  statusTo: r.status_to,
  actorKind: r.actor_kind,
  actorName: r.actor_name,
  createdAt: Number(r.created_at),
});

export interface NewTicket {
  /** Reserved beforehand (MySQL): the row may then be written later, with others (see insertTicket). */
  id?: number;
  trackingNo: string;
  complaint: string;
  reporterEmployeeId: string | null;
  reporterPhone: string | null;
  reporterName: string;
  reporterWorkplace: string | null;
  chatId: string | null;
  channel: TicketChannel;
  categoryId?: number | null;
  priority?: TicketPriority;
  placeId?: number | null;
  sourceMessageId: number | null;
  /** The SLA clocks it starts with (sla/sla-clock.service.ts `clocksAtOpen`); none when absent. */
  clocks?: {
    dueAssignAt: number | null;
    dueStartAt: number | null;
    dueFinishAt: number | null;
    slaDueAt: number | null;
    nextAlertAt: number | null;
  };
  now: number;
}

/**
 * Writes a new ticket and answers its id. With an `id` reserved beforehand (MySQL, ticket-id.repository.ts)
 * the row is kept back (see `defer`) and goes with the other tickets of its transaction in one INSERT,
 * before the transaction's next other statement; without one it is written at once.
 */
export async function insertTicket(trx: Transaction<Database>, t: NewTicket): Promise<number> {
  const row = {
    ...(t.id !== undefined ? { id: t.id } : {}),
    tracking_no: t.trackingNo,
    status: 'baru' as const,
    complaint: t.complaint,
    reporter_employee_id: t.reporterEmployeeId,
    reporter_phone: phoneToColumn(t.reporterPhone),
    reporter_name: t.reporterName,
    reporter_unit: t.reporterWorkplace,
    chat_id: phoneToColumn(t.chatId),
    channel: t.channel,
    category_id: t.categoryId ?? null,
    priority: t.priority ?? 'normal',
    place_id: t.placeId ?? null,
    source_message_id: t.sourceMessageId,
    due_assign_at: t.clocks?.dueAssignAt ?? null,
    due_start_at: t.clocks?.dueStartAt ?? null,
    due_finish_at: t.clocks?.dueFinishAt ?? null,
    sla_due_at: t.clocks?.slaDueAt ?? null,
    next_alert_at: t.clocks?.nextAlertAt ?? null,
    created_at: t.now,
    updated_at: t.now,
  };
  if (t.id !== undefined) {
    await defer(trx, 'tickets', row, (x, rows) => x.insertInto('tickets').values(rows));
    return t.id;
  }
  const result = await trx.insertInto('tickets').values(row).executeTakeFirstOrThrow();
  return Number(result.insertId);
}

/** Looks a ticket up by its tracking number, which callers have already upper-cased. */
export async function findTicketByTrackingNo(ex: Executor, trackingNo: string): Promise<Ticket | undefined> {
  const row = await ex.selectFrom('tickets').selectAll().where('tracking_no', '=', trackingNo).executeTakeFirst();
  return row && toTicket(row);
}

export async function findTicketById(ex: Executor, id: number): Promise<Ticket | undefined> {
  const row = await ex.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toTicket(row);
}

/** The reporter's most recent tickets, newest first. */
export async function listTicketsOfReporter(ex: Executor, phone: string, limit: number): Promise<Ticket[]> {
  const rows = await ex
    .selectFrom('tickets')
    .selectAll()
    .where('reporter_phone', '=', phone)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toTicket);
}

export interface StatusChange {
  status: TicketStatus;
  now: number;
  finishedAt?: number | null;
  closedAt?: number | null;
}

/**
 * Moves a ticket from `from` to a new status. Returns false when the ticket was
 * no longer in `from` (someone else changed it first), so callers never act on a stale read.
 */
export async function updateTicketStatus(
  trx: Transaction<Database>,
  id: number,
  from: TicketStatus,
  change: StatusChange,
): Promise<boolean> {
  const result = await trx
    .updateTable('tickets')
    .set({
      status: change.status,
      updated_at: change.now,
      ...(change.finishedAt !== undefined ? { finished_at: change.finishedAt } : {}),
      ...(change.closedAt !== undefined ? { closed_at: change.closedAt } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface NewTicketEvent {
  ticketId: number;
  kind: string;
  note: string;
  statusFrom?: TicketStatus | null;
  statusTo?: TicketStatus | null;
  actorKind: 'reporter' | 'staff' | 'system';
  actorId?: string | null;
  actorName?: string | null;
  now: number;
}

const eventRow = (e: NewTicketEvent) => ({
  ticket_id: e.ticketId,
  kind: e.kind,
  note: e.note,
  status_from: e.statusFrom ?? null,
  status_to: e.statusTo ?? null,
  actor_kind: e.actorKind,
  actor_id: e.actorId ?? null,
  actor_name: e.actorName ?? null,
  created_at: e.now,
});

export async function insertTicketEvent(trx: Transaction<Database>, e: NewTicketEvent): Promise<number> {
  const result = await trx.insertInto('ticket_events').values(eventRow(e)).executeTakeFirstOrThrow();
  return Number(result.insertId);
}

const EVENTS = 'ticket_events';

/**
 * An entry whose id nobody needs, written with the others kept back in its transaction in one INSERT
 * (see `defer`: before the transaction's next other statement, so its readers see it). In insertion
 * order, so ids keep the order the entries were made in.
 */
export function appendTicketEvent(trx: Transaction<Database>, e: NewTicketEvent): Promise<void> {
  return defer(trx, EVENTS, eventRow(e), (t, rows) => t.insertInto('ticket_events').values(rows));
}

/** The SLA alerts' entries: the desk's business, left out of what the reporter reads. */
export const slaEventKinds = ['sla_reminder', 'sla_breach', 'sla_escalation'] as const;

/** Whose view of a history: the desk sees every entry, the reporter (`#track`, `#cek`) not the internal ones. */
type HistoryView = { forReporter: boolean };

/** The whole history of a ticket, oldest first: what `#track` shows (with `forReporter`) and the ticket page. */
export async function listTicketEvents(ex: Executor, ticketId: number, view: HistoryView = { forReporter: false }): Promise<TicketEvent[]> {
  let q = ex.selectFrom('ticket_events').selectAll().where('ticket_id', '=', ticketId);
  if (view.forReporter) q = q.where('kind', 'not in', slaEventKinds);
  const rows = await q.orderBy('id').execute();
  return rows.map(toEvent);
}

/** The latest entry of a ticket's history the reporter may read: what `#cek` shows. */
export async function findLatestTicketEvent(ex: Executor, ticketId: number): Promise<TicketEvent | undefined> {
  const row = await ex
    .selectFrom('ticket_events')
    .selectAll()
    .where('ticket_id', '=', ticketId)
    .where('kind', 'not in', slaEventKinds)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && toEvent(row);
}

/** Keeps the time of the first assignment (for the statistics); later ones leave it alone. */
export async function markFirstAssigned(trx: Transaction<Database>, ticketId: number, now: number): Promise<void> {
  await trx
    .updateTable('tickets')
    .set({ first_assigned_at: now })
    .where('id', '=', ticketId)
    .where('first_assigned_at', 'is', null)
    .execute();
}

/** Keeps the time of the first #start (the SLA's start clock); later ones leave it alone. */
export async function markFirstStarted(trx: Transaction<Database>, ticketId: number, now: number): Promise<void> {
  await trx
    .updateTable('tickets')
    .set({ first_started_at: now })
    .where('id', '=', ticketId)
    .where('first_started_at', 'is', null)
    .execute();
}

/** Up to `limit` `selesai` tickets finished at or before `cutoff`, oldest finish first: the auto-close's due list. */
export async function listFinishedBefore(ex: Executor, cutoff: number, limit: number): Promise<number[]> {
  const rows = await ex
    .selectFrom('tickets')
    .select('id')
    .where('status', '=', 'selesai')
    .where('finished_at', '<=', cutoff)
    .orderBy('finished_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Takes the ticket's row lock until the transaction ends (a no-op write does it portably), so
 * changes that read and then write several rows of one ticket — two technicians finishing at
 * once, two admins assigning the same person — happen one after the other.
 */
export async function lockTicket(trx: Transaction<Database>, ticketId: number, now: number): Promise<void> {
  await trx.updateTable('tickets').set({ updated_at: now }).where('id', '=', ticketId).execute();
}
