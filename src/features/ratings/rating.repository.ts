import type { Selectable, Transaction } from 'kysely';
import type { Executor } from '../../db/create-db';
import type { Database } from '../../db/database';
import type { Rating } from './rating.model';

const toRating = (r: Selectable<Database['ratings']>): Rating => ({
  ticketId: r.ticket_id,
  chatId: r.chat_id,
  askedAt: Number(r.asked_at),
  score: r.score,
  comment: r.comment,
  ratedAt: r.rated_at === null ? null : Number(r.rated_at),
});

/**
 * Records that the ticket's rating was asked; false when it had been asked before (the ticket
 * is its key: a ticket closed, reopened by the desk and closed again is not asked twice).
 */
export async function insertRatingRequest(
  trx: Transaction<Database>,
  r: { ticketId: number; chatId: string; now: number },
): Promise<boolean> {
  const existing = await trx.selectFrom('ratings').select('ticket_id').where('ticket_id', '=', r.ticketId).executeTakeFirst();
  if (existing) return false;
  await trx.insertInto('ratings').values({ ticket_id: r.ticketId, chat_id: r.chatId, asked_at: r.now }).execute();
  return true;
}

/** The chat's most recent question asked at or after `since` (the ratings_chat_asked index), answered or not. */
export async function findLatestRatingOfChat(ex: Executor, chatId: string, since: number): Promise<Rating | undefined> {
  const row = await ex
    .selectFrom('ratings')
    .selectAll()
    .where('chat_id', '=', chatId)
    .where('asked_at', '>=', since)
    .orderBy('asked_at', 'desc')
    .orderBy('ticket_id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && toRating(row);
}

/** Stores the score (and comment) unless one was stored already; true when this call stored it. */
export async function recordScore(
  trx: Transaction<Database>,
  r: { ticketId: number; score: number; comment: string | null; now: number },
): Promise<boolean> {
  const result = await trx
    .updateTable('ratings')
    .set({ score: r.score, comment: r.comment, rated_at: r.now })
    .where('ticket_id', '=', r.ticketId)
    .where('score', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Adds the comment that came after a bare score, unless one is there already. */
export async function recordComment(trx: Transaction<Database>, ticketId: number, comment: string): Promise<boolean> {
  const result = await trx
    .updateTable('ratings')
    .set({ comment })
    .where('ticket_id', '=', ticketId)
    .where('score', 'is not', null)
    .where('comment', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
