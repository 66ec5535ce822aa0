import type { Transaction } from 'kysely';
import { dialectOf, type Executor } from '../../db/create-db';
import type { Database, TicketPriority, TicketStatus } from '../../db/database';

/** A ticket's SLA clocks as the columns of migration 0009 keep them, with the facts that meet them. */
export interface TicketClocks {
  id: number;
  trackingNo: string;
  complaint: string;
  status: TicketStatus;
  categoryId: number | null;
  priority: TicketPriority;
  createdAt: number;
  firstAssignedAt: number | null;
  firstStartedAt: number | null;
  finishedAt: number | null;
  dueAssignAt: number | null;
  dueStartAt: number | null;
  dueFinishAt: number | null;
  pausedAt: number | null;
  slaDueAt: number | null;
  nextAlertAt: number | null;
}

const num = (v: number | string | null) => (v === null ? null : Number(v));

/**
 * The ticket's clocks. With `lock` the row is read FOR UPDATE on MySQL, so the reminder job and a
 * move of the same ticket take turns (SQLite has one writer at a time anyway).
 */
export async function findTicketClocks(ex: Executor, ticketId: number, opts: { lock: boolean }): Promise<TicketClocks | undefined> {
  let q = ex
    .selectFrom('tickets')
    .select([
      'id',
      'tracking_no',
      'complaint',
      'status',
      'category_id',
      'priority',
      'created_at',
      'first_assigned_at',
      'first_started_at',
      'finished_at',
      'due_assign_at',
      'due_start_at',
      'due_finish_at',
      'sla_paused_at',
      'sla_due_at',
      'next_alert_at',
    ])
    .where('id', '=', ticketId);
  if (opts.lock && dialectOf(ex) === 'mysql') q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return (
    r && {
      id: r.id,
      trackingNo: r.tracking_no,
      complaint: r.complaint,
      status: r.status,
      categoryId: r.category_id,
      priority: r.priority,
      createdAt: Number(r.created_at),
      firstAssignedAt: num(r.first_assigned_at),
      firstStartedAt: num(r.first_started_at),
      finishedAt: num(r.finished_at),
      dueAssignAt: num(r.due_assign_at),
      dueStartAt: num(r.due_start_at),
      dueFinishAt: num(r.due_finish_at),
      pausedAt: num(r.sla_paused_at),
      slaDueAt: num(r.sla_due_at),
      nextAlertAt: num(r.next_alert_at),
    }
  );
}

export interface ClockColumns {
  dueAssignAt: number | null;
  dueStartAt: number | null;
  dueFinishAt: number | null;
  pausedAt: number | null;
  slaDueAt: number | null;
  nextAlertAt: number | null;
}

/** Writes the clocks back; `updated_at` is left alone (a clock moving is not a change of the ticket). */
export async function writeTicketClocks(trx: Transaction<Database>, ticketId: number, c: ClockColumns): Promise<void> {
  await trx
    .updateTable('tickets')
    .set({
      due_assign_at: c.dueAssignAt,
      due_start_at: c.dueStartAt,
      due_finish_at: c.dueFinishAt,
      sla_paused_at: c.pausedAt,
      sla_due_at: c.slaDueAt,
      next_alert_at: c.nextAlertAt,
    })
    .where('id', '=', ticketId)
    .execute();
}

/** Only the job's next look (outside working hours it waits for the morning). */
export async function deferNextAlert(trx: Transaction<Database>, ticketId: number, at: number | null): Promise<void> {
  await trx.updateTable('tickets').set({ next_alert_at: at }).where('id', '=', ticketId).execute();
}

/** The status moves of a ticket's history, oldest first: where its pauses are read from. */
export async function listStatusMoves(
  ex: Executor,
  ticketId: number,
): Promise<{ statusFrom: string | null; statusTo: string | null; at: number }[]> {
  const rows = await ex
    .selectFrom('ticket_events')
    .select(['status_from', 'status_to', 'created_at'])
    .where('ticket_id', '=', ticketId)
    .where((w) => w.or([w('status_to', '=', 'pending'), w('status_from', '=', 'pending')]))
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ statusFrom: r.status_from, statusTo: r.status_to, at: Number(r.created_at) }));
}
