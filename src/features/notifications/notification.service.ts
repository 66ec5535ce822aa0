import type { Unit } from '../../db/unit-of-work';
import { asSeenBy } from '../followers/follower.model';
import { listFollowers } from '../followers/follower.repository';
import { enqueueMessages } from '../outbox/outbox.repository';
import type { Ticket, TicketStatus } from '../tickets/ticket.model';
import * as deskTexts from '../texts/desk.texts';
import * as followerTexts from '../texts/follower.texts';
import * as reporterTexts from '../texts/reporter.texts';
import * as technicianTexts from '../texts/technician.texts';

/**
 * The texts and targets of who hears about what; the ticket lifecycle (tickets/ticket-moves.ts)
 * decides when. Each function queues outbox rows linked to the ticket, inside the unit's
 * transaction, and records them on the unit, whose opener wakes the sender after commit.
 * What the reporter hears, the ticket's followers hear too (tellReporter).
 */

async function send(u: Unit, target: string | null, body: string, ticket: Pick<Ticket, 'id'>, now: number): Promise<void> {
  if (!target) return;
  await enqueueMessages(u.trx, [{ target, body, kind: 'notification', ticketId: ticket.id }], now);
  u.queued(1);
}

/**
 * Sends the reporter's text to the ticket's chat and, addressed to each, to every follower (one
 * query): a chat that already got it (a group both write from) is not sent it twice, nor is `except`
 * (the chat the caller answers itself).
 */
async function tellReporter(u: Unit, ticket: Ticket, build: (t: Ticket) => string, now: number, except?: string): Promise<void> {
  const told = new Set<string>(except ? [except] : []);
  if (ticket.chatId && !told.has(ticket.chatId)) {
    told.add(ticket.chatId);
    await send(u, ticket.chatId, build(ticket), ticket, now);
  }
  for (const f of await listFollowers(u.trx, ticket.id)) {
    if (told.has(f.chatId)) continue;
    told.add(f.chatId);
    await send(u, f.chatId, build(asSeenBy(ticket, f)), ticket, now);
  }
}

/** A technician was put on the ticket: the technician learns what and where; the reporter learns who. */
export async function notifyAssigned(
  u: Unit,
  a: { ticket: Ticket; technician: { name: string; phone: string | null }; note: string | null; assignedBy: string | null; now: number },
): Promise<void> {
  await send(u, a.technician.phone, technicianTexts.assignedToTechnician(a.ticket, a.note, a.assignedBy), a.ticket, a.now);
  await tellReporter(u, a.ticket, (t) => reporterTexts.assignedToReporter(t, a.technician.name), a.now);
}

export async function notifyWithdrawn(u: Unit, ticket: Ticket, technicianPhone: string | null, now: number) {
  return send(u, technicianPhone, technicianTexts.withdrawnFromTechnician(ticket), ticket, now);
}

export async function notifyAdminNote(u: Unit, ticket: Ticket, note: string, now: number) {
  return tellReporter(u, ticket, (t) => reporterTexts.adminNoteToReporter(t, note), now);
}

export async function notifyStatusChanged(u: Unit, ticket: Ticket, to: TicketStatus, note: string | null, now: number) {
  return tellReporter(u, ticket, (t) => reporterTexts.statusChangedToReporter(t, to, note), now);
}

/** A new ticket: the admins' number or group hears about it, when ADMIN_NOTIFY_TARGET is set. */
export async function notifyTicketCreated(u: Unit, ticket: Ticket, adminTarget: string | undefined, now: number) {
  return send(u, adminTarget ?? null, deskTexts.newTicketToAdmins(ticket), ticket, now);
}

export async function notifyWorkStarted(u: Unit, ticket: Ticket, technician: string, note: string | null, now: number) {
  return tellReporter(u, ticket, (t) => reporterTexts.workStartedToReporter(t, technician, note), now);
}

export async function notifyProgress(u: Unit, ticket: Ticket, technician: string, text: string, withPhoto: boolean, now: number) {
  return tellReporter(u, ticket, (t) => reporterTexts.progressToReporter(t, technician, text, withPhoto), now);
}

/** A technician finished: the reporter is asked to confirm once everyone is done, else told who is done. */
export async function notifyFinished(
  u: Unit,
  f: { ticket: Ticket; technician: string; note: string | null; allDone: boolean; now: number },
) {
  const body = (t: Ticket) =>
    f.allDone ? reporterTexts.finishedToReporter(t, f.note) : reporterTexts.partFinishedToReporter(t, f.technician);
  return tellReporter(u, f.ticket, body, f.now);
}

/** The reporter says it is not done: every technician still on the ticket hears why. */
export async function notifyReopened(u: Unit, ticket: Ticket, technicianPhones: (string | null)[], reason: string, now: number) {
  for (const phone of technicianPhones) await send(u, phone, technicianTexts.reopenedToTechnician(ticket, reason), ticket, now);
}

export async function notifyAutoClosed(u: Unit, ticket: Ticket, days: number, now: number) {
  return tellReporter(u, ticket, (t) => reporterTexts.autoClosedToReporter(t, days), now);
}

/** An SLA alert (tickets/ticket-lifecycle.ts `slaAlerted`): each recipient gets the text made for them. */
export async function notifySlaAlert(u: Unit, ticketId: number, messages: readonly { target: string; body: string }[], now: number) {
  for (const m of messages) await send(u, m.target, m.body, { id: ticketId }, now);
}

/** Someone (the reporter or a follower) confirmed or reopened: everyone else who follows the ticket hears it. */
export async function notifyDecidedByOne(
  u: Unit,
  d: { ticket: Ticket; who: string; reopenReason: string | null; answeredChat: string; now: number },
): Promise<void> {
  const build = (t: Ticket) =>
    d.reopenReason === null ? followerTexts.confirmedByOther(t, d.who) : followerTexts.reopenedByOther(t, d.who, d.reopenReason);
  await tellReporter(u, d.ticket, build, d.now, d.answeredChat);
}

/**
 * A merge: the merged ticket's reporter (and its followers) learn which ticket they now follow; the
 * main ticket's reporter learns that another report joined theirs.
 */
export async function notifyMerged(u: Unit, m: { merged: Ticket; main: Ticket; now: number }): Promise<void> {
  await tellReporter(u, m.merged, (t) => followerTexts.mergedToReporter(t, m.main), m.now);
  await send(u, m.main.chatId, followerTexts.mergedIntoToReporter(m.main, m.merged), m.main, m.now);
}
