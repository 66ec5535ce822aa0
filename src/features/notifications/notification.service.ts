import type { Unit } from '../../db/unit-of-work';
import { enqueueMessage } from '../outbox/outbox.repository';
import type { Ticket, TicketStatus } from '../tickets/ticket.model';
import * as deskTexts from '../texts/desk.texts';
import * as reporterTexts from '../texts/reporter.texts';
import * as technicianTexts from '../texts/technician.texts';

/**
 * The texts and targets of who hears about what; the ticket lifecycle (tickets/ticket-moves.ts)
 * decides when. Each function queues outbox rows linked to the ticket, inside the unit's
 * transaction, and records them on the unit, whose opener wakes the sender after commit.
 */

async function send(u: Unit, target: string | null, body: string, ticket: Pick<Ticket, 'id'>, now: number): Promise<void> {
  if (!target) return;
  await enqueueMessage(u.trx, { target, body, kind: 'notification', ticketId: ticket.id }, now);
  u.queued(1);
}

/** A technician was put on the ticket: the technician learns what and where; the reporter learns who. */
export async function notifyAssigned(
  u: Unit,
  a: { ticket: Ticket; technician: { name: string; phone: string | null }; note: string | null; assignedBy: string | null; now: number },
): Promise<void> {
  await send(u, a.technician.phone, technicianTexts.assignedToTechnician(a.ticket, a.note, a.assignedBy), a.ticket, a.now);
  await send(u, a.ticket.chatId, reporterTexts.assignedToReporter(a.ticket, a.technician.name), a.ticket, a.now);
}

export async function notifyWithdrawn(u: Unit, ticket: Ticket, technicianPhone: string | null, now: number) {
  return send(u, technicianPhone, technicianTexts.withdrawnFromTechnician(ticket), ticket, now);
}

export async function notifyAdminNote(u: Unit, ticket: Ticket, note: string, now: number) {
  return send(u, ticket.chatId, reporterTexts.adminNoteToReporter(ticket, note), ticket, now);
}

export async function notifyStatusChanged(u: Unit, ticket: Ticket, to: TicketStatus, note: string | null, now: number) {
  return send(u, ticket.chatId, reporterTexts.statusChangedToReporter(ticket, to, note), ticket, now);
}

/** A new ticket: the admins' number or group hears about it, when ADMIN_NOTIFY_TARGET is set. */
export async function notifyTicketCreated(u: Unit, ticket: Ticket, adminTarget: string | undefined, now: number) {
  return send(u, adminTarget ?? null, deskTexts.newTicketToAdmins(ticket), ticket, now);
}

export async function notifyWorkStarted(u: Unit, ticket: Ticket, technician: string, note: string | null, now: number) {
  return send(u, ticket.chatId, reporterTexts.workStartedToReporter(ticket, technician, note), ticket, now);
}

export async function notifyProgress(u: Unit, ticket: Ticket, technician: string, text: string, withPhoto: boolean, now: number) {
  return send(u, ticket.chatId, reporterTexts.progressToReporter(ticket, technician, text, withPhoto), ticket, now);
}

/** A technician finished: the reporter is asked to confirm once everyone is done, else told who is done. */
export async function notifyFinished(
  u: Unit,
  f: { ticket: Ticket; technician: string; note: string | null; allDone: boolean; now: number },
) {
  const body = f.allDone
    ? reporterTexts.finishedToReporter(f.ticket, f.note)
    : reporterTexts.partFinishedToReporter(f.ticket, f.technician);
  return send(u, f.ticket.chatId, body, f.ticket, f.now);
}

/** The reporter says it is not done: every technician still on the ticket hears why. */
export async function notifyReopened(u: Unit, ticket: Ticket, technicianPhones: (string | null)[], reason: string, now: number) {
  for (const phone of technicianPhones) await send(u, phone, technicianTexts.reopenedToTechnician(ticket, reason), ticket, now);
}

export async function notifyAutoClosed(u: Unit, ticket: Ticket, days: number, now: number) {
  return send(u, ticket.chatId, reporterTexts.autoClosedToReporter(ticket, days), ticket, now);
}

/** An SLA alert (tickets/ticket-lifecycle.ts `slaAlerted`): each recipient gets the text made for them. */
export async function notifySlaAlert(u: Unit, ticketId: number, messages: readonly { target: string; body: string }[], now: number) {
  for (const m of messages) await send(u, m.target, m.body, { id: ticketId }, now);
}
