import type { Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { conflict } from '../../errors';
import type { Actor } from '../assignments/assignment.service';
import { notifyAdminNote, notifyProgress, notifyReopened, notifyStatusChanged } from '../notifications/notification.service';
import { listAssignmentsOfTicket } from '../assignments/assignment.repository';
import { statusLabel, type Ticket, type TicketStatus } from './ticket.model';
import { insertTicketEvent, lockTicket, updateTicketStatus } from './ticket.repository';
import { allowedTransitions, canTransition } from './ticket-status';

/**
 * A progress note from the dashboard (the book's "Input progress oleh Admin"): into the history
 * and to the reporter. A technician writing it is named as the one reporting progress.
 */
export async function addAdminNote(
  trx: Transaction<Database>,
  n: { ticket: Ticket; note: string; by: Actor; technician?: boolean; now: number },
) {
  const eventId = await insertTicketEvent(trx, {
    ticketId: n.ticket.id,
    kind: n.technician ? 'progress' : 'note',
    note: n.note,
    actorKind: 'staff',
    actorId: n.by.id,
    actorName: n.by.name,
    now: n.now,
  });
  const messages = n.technician
    ? await notifyProgress(trx, n.ticket, n.by.name, n.note, false, n.now)
    : await notifyAdminNote(trx, n.ticket, n.note, n.now);
  return { eventId, messages };
}

/**
 * Moves a ticket along an allowed transition (409 naming the current status otherwise),
 * records it in the history and tells the reporter.
 */
export async function changeTicketStatus(
  trx: Transaction<Database>,
  c: { ticket: Ticket; to: TicketStatus; note: string | null; by: Actor; now: number },
) {
  const { ticket, to, now } = c;
  if (!canTransition(ticket.status, to)) {
    throw conflict(`cannot move a ticket from ${ticket.status} to ${to}`, {
      status: ticket.status,
      allowed: allowedTransitions[ticket.status],
    });
  }
  await lockTicket(trx, ticket.id, now);
  const moved = await updateTicketStatus(trx, ticket.id, ticket.status, {
    status: to,
    now,
    ...(to === 'selesai' ? { finishedAt: now } : {}),
    ...(to === 'ditutup' ? { closedAt: now } : {}),
    ...(to === 'proses' ? { finishedAt: null, closedAt: null } : {}),
  });
  if (!moved) throw conflict('ticket changed meanwhile; reload and try again', { status: ticket.status });
  const reopened = to === 'proses' && (ticket.status === 'selesai' || ticket.status === 'ditutup');
  const eventId = await insertTicketEvent(trx, {
    ticketId: ticket.id,
    kind: reopened ? 'reopened' : 'status',
    note: `Status diubah menjadi ${statusLabel[to]}${c.note ? `: ${c.note}` : '.'}`,
    statusFrom: ticket.status,
    statusTo: to,
    actorKind: 'staff',
    actorId: c.by.id,
    actorName: c.by.name,
    now,
  });
  let messages = await notifyStatusChanged(trx, ticket, to, c.note, now);
  if (reopened) {
    // The technicians' finish no longer holds: each must finish again, and hears why.
    await trx
      .updateTable('assignments')
      .set({ finished_at: null })
      .where('ticket_id', '=', ticket.id)
      .where('status', '=', 'active')
      .execute();
    const active = (await listAssignmentsOfTicket(trx, ticket.id)).filter((a) => a.status === 'active');
    messages += await notifyReopened(
      trx,
      ticket,
      active.map((a) => a.staffPhone),
      c.note ?? 'dibuka kembali oleh admin',
      now,
    );
  }
  return { eventId, messages };
}
