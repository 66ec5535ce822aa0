import type { Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { enqueueMessage } from '../outbox/outbox.repository';
import type { Ticket, TicketStatus } from '../tickets/ticket.model';
import * as texts from './notification.texts';

/**
 * The one place that decides who hears about what. Each function queues outbox rows
 * linked to the ticket, inside the caller's transaction; the caller wakes the sender
 * after commit. Returns how many messages were queued.
 */

async function send(trx: Transaction<Database>, target: string | null, body: string, ticket: Ticket, now: number): Promise<number> {
  if (!target) return 0;
  await enqueueMessage(trx, { target, body, kind: 'notification', ticketId: ticket.id }, now);
  return 1;
}

/** A technician was put on the ticket: the technician learns what and where; the reporter learns who. */
export async function notifyAssigned(
  trx: Transaction<Database>,
  a: { ticket: Ticket; technician: { name: string; phone: string | null }; note: string | null; assignedBy: string | null; now: number },
): Promise<number> {
  return (
    (await send(trx, a.technician.phone, texts.assignedToTechnician(a.ticket, a.note, a.assignedBy), a.ticket, a.now)) +
    (await send(trx, a.ticket.chatId, texts.assignedToReporter(a.ticket, a.technician.name), a.ticket, a.now))
  );
}

export async function notifyWithdrawn(trx: Transaction<Database>, ticket: Ticket, technicianPhone: string | null, now: number) {
  return send(trx, technicianPhone, texts.withdrawnFromTechnician(ticket), ticket, now);
}

export async function notifyAdminNote(trx: Transaction<Database>, ticket: Ticket, note: string, now: number) {
  return send(trx, ticket.chatId, texts.adminNoteToReporter(ticket, note), ticket, now);
}

export async function notifyStatusChanged(trx: Transaction<Database>, ticket: Ticket, to: TicketStatus, note: string | null, now: number) {
  return send(trx, ticket.chatId, texts.statusChangedToReporter(ticket, to, note), ticket, now);
}

/** A new ticket: the admins' number or group hears about it, when ADMIN_NOTIFY_TARGET is set. */
export async function notifyTicketCreated(trx: Transaction<Database>, ticket: Ticket, adminTarget: string | undefined, now: number) {
  return send(trx, adminTarget ?? null, texts.newTicketToAdmins(ticket), ticket, now);
}

export async function notifyWorkStarted(trx: Transaction<Database>, ticket: Ticket, technician: string, note: string | null, now: number) {
  return send(trx, ticket.chatId, texts.workStartedToReporter(ticket, technician, note), ticket, now);
}

export async function notifyProgress(
  trx: Transaction<Database>,
  ticket: Ticket,
  technician: string,
  text: string,
  withPhoto: boolean,
  now: number,
) {
  return send(trx, ticket.chatId, texts.progressToReporter(ticket, technician, text, withPhoto), ticket, now);
}

/** A technician finished: the reporter is asked to confirm once everyone is done, else told who is done. */
export async function notifyFinished(
  trx: Transaction<Database>,
  f: { ticket: Ticket; technician: string; note: string | null; allDone: boolean; now: number },
) {
  const body = f.allDone ? texts.finishedToReporter(f.ticket, f.note) : texts.partFinishedToReporter(f.ticket, f.technician);
  return send(trx, f.ticket.chatId, body, f.ticket, f.now);
}

/** The reporter says it is not done: every technician still on the ticket hears why. */
export async function notifyReopened(
  trx: Transaction<Database>,
  ticket: Ticket,
  technicianPhones: (string | null)[],
  reason: string,
  now: number,
) {
  let n = 0;
  for (const phone of technicianPhones) n += await send(trx, phone, texts.reopenedToTechnician(ticket, reason), ticket, now);
  return n;
}

export async function notifyAutoClosed(trx: Transaction<Database>, ticket: Ticket, days: number, now: number) {
  return send(trx, ticket.chatId, texts.autoClosedToReporter(ticket, days), ticket, now);
}
