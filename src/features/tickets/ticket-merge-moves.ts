import type { Actor, Unit } from '../../db/unit-of-work';
import { conflict } from '../../errors';
import {
  findMergedInto,
  insertFollower,
  insertMerge,
  listFollowers,
  listMergedInto,
  stopClocksOfMerged,
} from '../followers/follower.repository';
import * as notify from '../notifications/notification.service';
import * as texts from '../texts/follower.texts';
import type { Ticket, TicketStatus } from './ticket.model';
import { activeAssignments, noFacts, record, shift, staff } from './ticket-move-steps';
import { allows } from './ticket-moves';
import { findTicketById, lockTicket } from './ticket.repository';

/**
 * The moves of ticket-moves.ts that join tickets (issue 15 part 3), beside ticket-lifecycle.ts:
 * `merge` and `closeWithMain`. A merge never changes a status; closing the main ticket closes the
 * ones merged into it, through `shift` like every other status change.
 */

const refuse = (message: string, reason: string, details: Record<string, unknown> = {}) => conflict(message, { reason, ...details });

/** The chain of tickets `id` was merged into, nearest first (at most a few: a merged ticket takes no merge). */
async function mainsOf(u: Unit, id: number): Promise<number[]> {
  const chain: number[] = [];
  for (let at = await findMergedInto(u.trx, id); at !== null && chain.length < 20; at = await findMergedInto(u.trx, at)) chain.push(at);
  return chain;
}

/**
 * `merge`: `ticket` becomes a follower ticket of `into`. 409 with a stable `reason`: MERGE_SELF,
 * ALREADY_MERGED, MERGE_CLOSED (either is closed), MERGE_CYCLE (`into` is, through merges, this
 * ticket's), MERGE_INTO_MERGED (`into` was merged itself: merge into its main instead),
 * MERGE_HAS_ASSIGNMENTS (withdraw the technicians first: they are told, and decide nothing twice).
 * Both get a history entry; the reporter and followers of `ticket` follow `into`; both reporters hear it.
 */
export async function merge(u: Unit, m: { ticket: Ticket; into: Ticket; by: Actor; now: number }): Promise<void> {
  const { ticket, into, now } = m;
  if (ticket.id === into.id) throw refuse('a ticket cannot be merged into itself', 'MERGE_SELF');
  if ((await findMergedInto(u.trx, ticket.id)) !== null) throw refuse('the ticket was merged already', 'ALREADY_MERGED');
  for (const t of [ticket, into]) {
    if (!allows('merge', t.status)) throw refuse(`ticket ${t.trackingNo} is closed`, 'MERGE_CLOSED', { trackingNo: t.trackingNo });
  }
  const mains = await mainsOf(u, into.id);
  if (mains.includes(ticket.id)) throw refuse('the target was merged into this ticket', 'MERGE_CYCLE');
  if (mains.length > 0) throw refuse('the target was merged into another ticket', 'MERGE_INTO_MERGED');
  if ((await activeAssignments(u, ticket.id)).length > 0) {
    throw refuse('withdraw the technicians of the ticket before merging it', 'MERGE_HAS_ASSIGNMENTS');
  }
  await lockTicket(u.trx, into.id, now);
  await lockTicket(u.trx, ticket.id, now);
  await insertMerge(u.trx, { ticketId: ticket.id, intoId: into.id, by: m.by.id, now });
  const people = [
    ...(ticket.reporter.phone && ticket.chatId
      ? [
          {
            phone: ticket.reporter.phone,
            name: ticket.reporter.name,
            chatId: ticket.chatId,
            employeeId: ticket.reporter.employeeId,
            viaTicketId: ticket.id,
          },
        ]
      : []),
    ...(await listFollowers(u.trx, ticket.id)).map((f) => ({ ...f, viaTicketId: f.viaTicketId ?? ticket.id })),
  ];
  for (const p of people) {
    if (p.phone === into.reporter.phone) continue;
    await insertFollower(u.trx, { ...p, ticketId: into.id, now });
  }
  await record(u, ticket.id, 'merged', texts.mergedAwayNote(into, m.by.name), null, staff(m.by), now);
  await record(u, into.id, 'merged_in', texts.mergedInNote(ticket, m.by.name), null, staff(m.by), now);
  await stopClocksOfMerged(u.trx, ticket.id);
  await notify.notifyMerged(u, { merged: ticket, main: into, now });
}

/**
 * `closeWithMain`: after the main ticket moved to `ditutup`, every ticket merged into it (and into
 * those, in turn) closes with an entry naming the main. Nobody is told: they follow the main.
 */
export async function closeMergedWith(u: Unit, main: Pick<Ticket, 'id' | 'trackingNo'>, moved: { to: TicketStatus } | null, now: number) {
  if (moved?.to !== 'ditutup') return;
  for (const id of await listMergedInto(u.trx, main.id)) {
    const merged = await findTicketById(u.trx, id);
    if (!merged || !allows('closeWithMain', merged.status)) continue;
    const closed = await shift(u, id, 'closeWithMain', merged.status, noFacts, now);
    if (!closed) continue;
    await record(u, id, 'closed_with_main', texts.closedWithMainNote(main), closed, { kind: 'system' }, now);
    await closeMergedWith(u, merged, closed, now);
  }
}

/** Someone followed the ticket (#ikut): an entry naming them and what they wrote, if they wrote it as a new report. */
export async function followed(u: Unit, f: { ticket: Pick<Ticket, 'id'>; name: string; complaint: string | null; now: number }) {
  await record(u, f.ticket.id, 'followed', texts.followedNote(f.name, f.complaint), null, { kind: 'reporter', name: f.name }, f.now);
}

/** A merged ticket takes no technician: its work is done on the main ticket (409 TICKET_MERGED). */
export async function refuseIfMerged(u: Unit, ticket: Pick<Ticket, 'id'>): Promise<void> {
  if ((await findMergedInto(u.trx, ticket.id)) !== null)
    throw refuse('the ticket was merged into another; work on that one', 'TICKET_MERGED');
}
