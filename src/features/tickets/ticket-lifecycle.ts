import type { Actor, Unit } from '../../db/unit-of-work';
import { conflict } from '../../errors';
import { clearFinishOfActiveAssignments } from '../assignments/assignment.repository';
import * as notify from '../notifications/notification.service';
import { channelLabel, type Ticket, type TicketStatus } from './ticket.model';
import { activeAssignments, noFacts, record, shift, staff } from './ticket-move-steps';
import type { slaEventKinds } from './ticket.repository';
import { closeMergedWith } from './ticket-merge-moves';
import { allowedTransitions, allows, isReopening, outcomeOf } from './ticket-moves';
import { appendTicketEvent, findTicketById, lockTicket } from './ticket.repository';
import * as history from '../texts/history.texts';
import { settleClocks } from '../sla/sla-clock.service';

/**
 * Carries out the moves of ticket-moves.ts: this file and ticket-lifecycle.work.ts (the moves an
 * assignment makes: assign, withdraw, start, report, finish) are the only code that changes a
 * ticket's status, writes its history and decides whom a move notifies. Services call them inside
 * their unit. Every move that can start, meet, pause or resume an SLA clock ends with settleClocks
 * (sla/sla-clock.service.ts), the one path that keeps the clocks current.
 */

type SlaEventKind = (typeof slaEventKinds)[number];

/**
 * `open`: the first entry of a new ticket's history (at its creation); the admins hear of it when
 * ADMIN_NOTIFY_TARGET is set. A report the desk typed in (`by`) names the desk member and the channel.
 */
export async function opened(
  u: Unit,
  o: { ticket: Ticket; adminTarget?: string | undefined; by?: Actor | undefined; now: number },
): Promise<void> {
  const { ticket, now, by } = o;
  await appendTicketEvent(u.trx, {
    ticketId: ticket.id,
    kind: 'created',
    note: by ? history.openedByDeskNote(channelLabel[ticket.channel], by.name) : history.openedNote(),
    statusTo: 'baru',
    ...(by ? { actorKind: 'staff', actorId: by.id, actorName: by.name } : { actorKind: 'reporter', actorName: ticket.reporter.name }),
    now: ticket.createdAt,
  });
  await notify.notifyTicketCreated(u, ticket, o.adminTarget, now);
}

export type PendOutcome = 'paused' | 'already_pending' | 'ticket_closed';

/** `pend` (#pending): the technician's job waits for a reason the reporter hears; the clocks stand. */
export async function pend(u: Unit, p: { ticket: Ticket; technician: Actor; reason: string; now: number }): Promise<PendOutcome> {
  const { ticket, now } = p;
  if (ticket.status === 'pending') return 'already_pending';
  if (!allows('pend', ticket.status)) return 'ticket_closed';
  const moved = await shift(u, ticket.id, 'pend', ticket.status, noFacts, now);
  if (!moved) return 'ticket_closed';
  const note = history.pendingNote(p.technician.name, p.reason);
  await record(u, ticket.id, 'pending', note, moved, staff(p.technician), now);
  await notify.notifyStatusChanged(u, ticket, 'pending', note, now);
  await settleClocks(u.trx, ticket.id, now);
  return 'paused';
}

/** `note` through the API: a technician's is recorded and told as their progress. */
export async function note(u: Unit, n: { ticket: Ticket; note: string; by: Actor; technician: boolean; now: number }): Promise<number> {
  const eventId = await record(u, n.ticket.id, n.technician ? 'progress' : 'note', n.note, null, staff(n.by), n.now);
  if (n.technician) await notify.notifyProgress(u, n.ticket, n.by.name, n.note, false, n.now);
  else await notify.notifyAdminNote(u, n.ticket, n.note, n.now);
  return eventId;
}

export type ConfirmOutcome = 'closed' | 'already_closed' | 'not_finished';

/** `confirm` (#selesai): the reporter or a follower closes a finished ticket; the others hear who (not `answeredChat`, answered by the caller). */
export async function confirm(
  u: Unit,
  c: { ticket: Ticket; reporterName: string; answeredChat?: string; now: number },
): Promise<ConfirmOutcome> {
  if (c.ticket.status === 'ditutup') return 'already_closed';
  if (!allows('confirm', c.ticket.status)) return 'not_finished';
  const moved = await shift(u, c.ticket.id, 'confirm', 'selesai', noFacts, c.now);
  if (!moved) return 'not_finished';
  const note = history.confirmedNote();
  await record(u, c.ticket.id, 'confirmed', note, moved, { kind: 'reporter', name: c.reporterName }, c.now);
  const told = { ticket: c.ticket, who: c.reporterName, answeredChat: c.answeredChat ?? '', now: c.now };
  await notify.notifyDecidedByOne(u, { ...told, reopenReason: null });
  await closeMergedWith(u, c.ticket, moved, c.now);
  return 'closed';
}

export type ReopenOutcome = 'reopened' | 'not_finished' | 'closed';

/** Every technician still on a reopened ticket must finish again, and hears why. */
async function sendBackToWork(u: Unit, ticket: Ticket, reason: string, now: number): Promise<void> {
  const active = await activeAssignments(u, ticket.id);
  await clearFinishOfActiveAssignments(u.trx, ticket.id);
  await notify.notifyReopened(
    u,
    ticket,
    active.map((a) => a.staffPhone),
    reason,
    now,
  );
}

/** `reopen` (#belum): the reporter or a follower says a finished ticket is not done. */
export async function reopen(
  u: Unit,
  r: { ticket: Ticket; reason: string; reporterName: string; answeredChat?: string; now: number },
): Promise<ReopenOutcome> {
  if (r.ticket.status === 'ditutup') return 'closed';
  if (!allows('reopen', r.ticket.status)) return 'not_finished';
  await lockTicket(u.trx, r.ticket.id, r.now);
  const moved = await shift(u, r.ticket.id, 'reopen', 'selesai', noFacts, r.now);
  if (!moved) return 'not_finished';
  const note = history.reopenedNote(r.reason);
  await record(u, r.ticket.id, 'reopened', note, moved, { kind: 'reporter', name: r.reporterName }, r.now);
  await sendBackToWork(u, r.ticket, r.reason, r.now);
  const told = { ticket: r.ticket, who: r.reporterName, answeredChat: r.answeredChat ?? '', now: r.now };
  await notify.notifyDecidedByOne(u, { ...told, reopenReason: r.reason });
  await settleClocks(u.trx, r.ticket.id, r.now);
  return 'reopened';
}

/** `change` (PATCH): 409 naming the current status for a move the table does not allow. Returns the entry's id. */
export async function change(
  u: Unit,
  c: { ticket: Ticket; to: TicketStatus; note: string | null; by: Actor; now: number },
): Promise<number> {
  const { ticket, to, now } = c;
  if (outcomeOf('change', ticket.status, { ...noFacts, asked: to }) !== to) {
    throw conflict(`cannot move a ticket from ${ticket.status} to ${to}`, {
      status: ticket.status,
      allowed: allowedTransitions[ticket.status],
    });
  }
  await lockTicket(u.trx, ticket.id, now);
  const moved = await shift(u, ticket.id, 'change', ticket.status, { ...noFacts, asked: to }, now);
  if (!moved) throw conflict('ticket changed meanwhile; reload and try again', { status: ticket.status });
  const reopened = isReopening(moved.from, moved.to);
  const note = history.statusChangedNote(to, c.note);
  const eventId = await record(u, ticket.id, reopened ? 'reopened' : 'status', note, moved, staff(c.by), now);
  await notify.notifyStatusChanged(u, ticket, to, c.note, now);
  if (reopened) await sendBackToWork(u, ticket, c.note ?? 'dibuka kembali oleh admin', now);
  await closeMergedWith(u, ticket, moved, now);
  await settleClocks(u.trx, ticket.id, now);
  return eventId;
}

/** `autoClose`: false when the ticket was confirmed or reopened meanwhile. */
export async function autoClose(u: Unit, a: { ticketId: number; days: number; now: number }): Promise<boolean> {
  const ticket = await findTicketById(u.trx, a.ticketId);
  if (!ticket) return false;
  const moved = await shift(u, ticket.id, 'autoClose', 'selesai', noFacts, a.now);
  if (!moved) return false;
  const note = history.autoClosedNote(a.days);
  await record(u, ticket.id, 'auto_closed', note, moved, { kind: 'system' }, a.now);
  await notify.notifyAutoClosed(u, ticket, a.days, a.now);
  await closeMergedWith(u, ticket, moved, a.now);
  return true;
}

/**
 * An SLA alert the reminder job claimed (sla/sla-alert.service.ts): its entry in the history, which
 * the reporter's #track and #cek leave out (an internal kind), and its messages.
 */
export async function slaAlerted(
  u: Unit,
  a: { ticketId: number; kind: SlaEventKind; note: string; messages: readonly { target: string; body: string }[]; now: number },
): Promise<void> {
  await record(u, a.ticketId, a.kind, a.note, null, { kind: 'system' }, a.now);
  await notify.notifySlaAlert(u, a.ticketId, a.messages, a.now);
}
