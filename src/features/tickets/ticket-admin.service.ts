import type { Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { conflict } from '../../errors';
import type { Actor } from '../assignments/assignment.service';
import { notifyAdminNote, notifyStatusChanged } from '../notifications/notification.service';
import type { Ticket, TicketStatus } from './ticket.model';
import { insertTicketEvent, updateTicketStatus } from './ticket.repository';
import { allowedTransitions, canTransition } from './ticket-status';

/** An admin's progress note (the book's "Input progress oleh Admin"): into the history and to the reporter. */
export async function addAdminNote(trx: Transaction<Database>, n: { ticket: Ticket; note: string; by: Actor; now: number }) {
  const eventId = await insertTicketEvent(trx, {
    ticketId: n.ticket.id,
    kind: 'note',
    note: n.note,
    actorKind: 'staff',
    actorId: n.by.id,
    actorName: n.by.name,
    now: n.now,
  });
  const messages = await notifyAdminNote(trx, n.ticket, n.note, n.now);
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
    throw conflict(`cannot move a ticket from ${ticket.status} to ${to}`, { status: ticket.status, allowed: allowedTransitions[ticket.status] });
  }
  const moved = await updateTicketStatus(trx, ticket.id, ticket.status, {
    status: to,
    now,
    ...(to === 'selesai' ? { finishedAt: now } : {}),
    ...(to === 'ditutup' ? { closedAt: now } : {}),
    ...(to === 'proses' ? { finishedAt: null, closedAt: null } : {}),
  });
  if (!moved) throw conflict('ticket changed meanwhile; reload and try again', { status: ticket.status });
  const eventId = await insertTicketEvent(trx, {
    ticketId: ticket.id,
    kind: 'status',
    note: c.note ? `Status diubah menjadi ${to}: ${c.note}` : `Status diubah menjadi ${to}.`,
    statusFrom: ticket.status,
    statusTo: to,
    actorKind: 'staff',
    actorId: c.by.id,
    actorName: c.by.name,
    now,
  });
  const messages = await notifyStatusChanged(trx, ticket, to, c.note, now);
  return { eventId, messages };
}
