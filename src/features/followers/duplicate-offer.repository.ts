import type { Selectable, Transaction } from 'kysely';
import type { Executor } from '../../db/create-db';
import type { Database } from '../../db/database';
import { defer } from '../../db/transaction';
import type { FollowerTables } from '../../db/tables/followers';
import type { DuplicateOffer } from './follower.model';

/** The complaints held while their senders choose `#ikut` or `#baru` (duplicate_offers). */

const toOffer = (r: Selectable<FollowerTables['duplicate_offers']>): DuplicateOffer => ({
  id: Number(r.id),
  chatId: r.chat_id,
  phone: r.phone,
  name: r.name,
  employeeId: r.employee_id,
  workplace: r.workplace,
  complaint: r.complaint,
  sourceMessageId: r.source_message_id === null ? null : Number(r.source_message_id),
  draftId: r.draft_id === null ? null : Number(r.draft_id),
  reportedAt: Number(r.reported_at),
  placeId: r.place_id === null ? null : Number(r.place_id),
  categoryId: r.category_id === null ? null : Number(r.category_id),
  candidateTicketId: Number(r.candidate_ticket_id),
  dueAt: r.due_at === null ? null : Number(r.due_at),
});

export type NewOffer = Omit<DuplicateOffer, 'id'> & { now: number };

/**
 * Holds a complaint as a pending offer. Its id is nobody's business in the transaction, so the row is
 * kept back (transaction.ts `defer`) and goes with the batch's other offers in one INSERT, before the
 * transaction's next other statement: a reader of offers later in the batch (#ikut, #baru) sees it.
 */
export function keepOffer(trx: Transaction<Database>, o: NewOffer): Promise<void> {
  const row = {
    chat_id: o.chatId,
    phone: o.phone,
    name: o.name,
    employee_id: o.employeeId,
    workplace: o.workplace,
    complaint: o.complaint,
    source_message_id: o.sourceMessageId,
    draft_id: o.draftId,
    reported_at: o.reportedAt,
    place_id: o.placeId,
    category_id: o.categoryId,
    candidate_ticket_id: o.candidateTicketId,
    status: 'pending' as const,
    due_at: o.dueAt,
    ticket_id: null,
    created_at: o.now,
    updated_at: o.now,
  };
  return defer(trx, 'duplicate_offers', row, (x, rows) => x.insertInto('duplicate_offers').values(rows));
}

/** The sender's newest undecided offer in this chat. */
export async function findPendingOffer(ex: Executor, chatId: string, phone: string): Promise<DuplicateOffer | undefined> {
  const r = await ex
    .selectFrom('duplicate_offers')
    .selectAll()
    .where('phone', '=', phone)
    .where('status', '=', 'pending')
    .where('chat_id', '=', chatId)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return r && toOffer(r);
}

/** Every undecided offer of the sender in this chat about one ticket, oldest first (a fault reported twice while choosing). */
export async function listPendingOffersAbout(ex: Executor, chatId: string, phone: string, candidateId: number): Promise<DuplicateOffer[]> {
  const rows = await ex
    .selectFrom('duplicate_offers')
    .selectAll()
    .where('phone', '=', phone)
    .where('status', '=', 'pending')
    .where('chat_id', '=', chatId)
    .where('candidate_ticket_id', '=', candidateId)
    .orderBy('id')
    .execute();
  return rows.map(toOffer);
}

export async function findOffer(ex: Executor, id: number): Promise<DuplicateOffer | undefined> {
  const r = await ex.selectFrom('duplicate_offers').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toOffer(r);
}

/** Decides a pending offer once: false when someone (the job, another message) decided it first. */
export async function decideOffer(
  trx: Transaction<Database>,
  id: number,
  d: { status: 'followed' | 'filed' | 'expired'; ticketId: number | null; now: number },
): Promise<boolean> {
  const r = await trx
    .updateTable('duplicate_offers')
    .set({ status: d.status, ticket_id: d.ticketId, due_at: null, updated_at: d.now })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Undecided offers whose time is up, oldest first. */
export async function listDueOffers(ex: Executor, now: number, limit: number): Promise<number[]> {
  const rows = await ex.selectFrom('duplicate_offers').select('id').where('due_at', '<=', now).orderBy('due_at').limit(limit).execute();
  return rows.map((r) => Number(r.id));
}

/** The photo or document that came with a stored message, if any (a held complaint's, for the ticket it ends in). */
export async function findMessageMedia(ex: Executor, inboundId: number): Promise<{ url: string; filename: string | null } | undefined> {
  const r = await ex.selectFrom('inbound_messages').select(['media_url', 'media_filename']).where('id', '=', inboundId).executeTakeFirst();
  return r?.media_url ? { url: r.media_url, filename: r.media_filename } : undefined;
}
