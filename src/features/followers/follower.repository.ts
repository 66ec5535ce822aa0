import type { Selectable, Transaction } from 'kysely';
import type { Executor } from '../../db/create-db';
import type { Database, TicketStatus } from '../../db/database';
import type { FollowerTables } from '../../db/tables/followers';
import type { Ticket } from '../tickets/ticket.model';
import { toTicket } from '../tickets/ticket.repository';
import type { DuplicateCandidate, Follower } from './follower.model';
import { CANDIDATES, openTicketsSince, toCandidate } from './duplicate-candidate.repository';

const toFollower = (r: Selectable<FollowerTables['ticket_followers']>): Follower => ({
  id: Number(r.id),
  ticketId: Number(r.ticket_id),
  phone: r.phone,
  name: r.name,
  chatId: r.chat_id,
  employeeId: r.employee_id,
  viaTicketId: r.via_ticket_id === null ? null : Number(r.via_ticket_id),
  createdAt: Number(r.created_at),
});

/**
 * The place's open, unmerged tickets since `since`, newest first: one range read of the
 * `(place_id, created_at)` index (tickets_place_created), the merge check a primary-key probe per row.
 */
export async function listDuplicateCandidates(ex: Executor, placeId: number, since: number): Promise<DuplicateCandidate[]> {
  const rows = await duplicateCandidatesQuery(ex, placeId, since).execute();
  return rows.map(toCandidate);
}

/** The statement of listDuplicateCandidates, for its plan to be checked (test/followers-index.test.ts). */
export function duplicateCandidatesQuery(ex: Executor, placeId: number, since: number) {
  return openTicketsSince(ex, since).where('tickets.place_id', '=', placeId).orderBy('tickets.created_at', 'desc').limit(CANDIDATES);
}

export async function listFollowers(ex: Executor, ticketId: number): Promise<Follower[]> {
  const rows = await ex.selectFrom('ticket_followers').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();
  return rows.map(toFollower);
}

export async function findFollower(ex: Executor, ticketId: number, phone: string): Promise<Follower | undefined> {
  const r = await ex
    .selectFrom('ticket_followers')
    .selectAll()
    .where('ticket_id', '=', ticketId)
    .where('phone', '=', phone)
    .executeTakeFirst();
  return r && toFollower(r);
}

export interface NewFollower {
  ticketId: number;
  phone: string;
  name: string | null;
  chatId: string;
  employeeId: string | null;
  viaTicketId: number | null;
  now: number;
}

/** Adds the follower unless they follow already; true when added. */
export async function insertFollower(trx: Transaction<Database>, f: NewFollower): Promise<boolean> {
  if (await findFollower(trx, f.ticketId, f.phone)) return false;
  await trx
    .insertInto('ticket_followers')
    .values({
      ticket_id: f.ticketId,
      phone: f.phone,
      name: f.name,
      chat_id: f.chatId,
      employee_id: f.employeeId,
      via_ticket_id: f.viaTicketId,
      created_at: f.now,
    })
    .execute();
  return true;
}

/** The ticket this one was merged into, if any. */
export async function findMergedInto(ex: Executor, ticketId: number): Promise<number | null> {
  const r = await ex.selectFrom('ticket_merges').select('into_ticket_id').where('ticket_id', '=', ticketId).executeTakeFirst();
  return r ? Number(r.into_ticket_id) : null;
}

/** The tickets merged into this one, oldest merge first. */
export async function listMergedInto(ex: Executor, ticketId: number): Promise<number[]> {
  const rows = await ex
    .selectFrom('ticket_merges')
    .select('ticket_id')
    .where('into_ticket_id', '=', ticketId)
    .orderBy('merged_at')
    .execute();
  return rows.map((r) => Number(r.ticket_id));
}

export async function insertMerge(trx: Transaction<Database>, m: { ticketId: number; intoId: number; by: string | null; now: number }) {
  await trx
    .insertInto('ticket_merges')
    .values({ ticket_id: m.ticketId, into_ticket_id: m.intoId, merged_by: m.by, merged_at: m.now })
    .execute();
}

/** A merged ticket's clocks stand for good (the main ticket's run): no reminder is due on it any more. */
export async function stopClocksOfMerged(trx: Transaction<Database>, ticketId: number): Promise<void> {
  await trx.updateTable('tickets').set({ next_alert_at: null, sla_due_at: null }).where('id', '=', ticketId).execute();
}

/** A ticket's place among merges, as the desk sees it on the ticket. */
export interface MergeFacts {
  followers: Array<Follower & { viaTrackingNo: string | null }>;
  mergedInto: { trackingNo: string; status: TicketStatus } | null;
  merged: Array<{ trackingNo: string; status: TicketStatus; reporterName: string; mergedAt: number }>;
}

/** Three short reads by index: the followers, the ticket it was merged into, the tickets merged into it. */
export async function findMergeFacts(ex: Executor, ticketId: number): Promise<MergeFacts> {
  const [followers, into, merged] = await Promise.all([
    ex
      .selectFrom('ticket_followers')
      .leftJoin('tickets', 'tickets.id', 'ticket_followers.via_ticket_id')
      .selectAll('ticket_followers')
      .select('tickets.tracking_no as via_tracking_no')
      .where('ticket_followers.ticket_id', '=', ticketId)
      .orderBy('ticket_followers.id')
      .execute(),
    ex
      .selectFrom('ticket_merges')
      .innerJoin('tickets', 'tickets.id', 'ticket_merges.into_ticket_id')
      .select(['tickets.tracking_no', 'tickets.status'])
      .where('ticket_merges.ticket_id', '=', ticketId)
      .executeTakeFirst(),
    ex
      .selectFrom('ticket_merges')
      .innerJoin('tickets', 'tickets.id', 'ticket_merges.ticket_id')
      .select(['tickets.tracking_no', 'tickets.status', 'tickets.reporter_name', 'ticket_merges.merged_at'])
      .where('ticket_merges.into_ticket_id', '=', ticketId)
      .orderBy('ticket_merges.merged_at')
      .execute(),
  ]);
  return {
    followers: followers.map((r) => ({ ...toFollower(r), viaTrackingNo: r.via_tracking_no })),
    mergedInto: into ? { trackingNo: into.tracking_no, status: into.status } : null,
    merged: merged.map((m) => ({
      trackingNo: m.tracking_no,
      status: m.status,
      reporterName: m.reporter_name,
      mergedAt: Number(m.merged_at),
    })),
  };
}

/** The newest tickets `phone` follows (by the `(phone)` index, each ticket by primary key). */
export async function listFollowedTickets(ex: Executor, phone: string, limit: number): Promise<Ticket[]> {
  const rows = await ex
    .selectFrom('ticket_followers')
    .innerJoin('tickets', 'tickets.id', 'ticket_followers.ticket_id')
    .selectAll('tickets')
    .where('ticket_followers.phone', '=', phone)
    .orderBy('tickets.created_at', 'desc')
    .orderBy('tickets.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toTicket);
}
