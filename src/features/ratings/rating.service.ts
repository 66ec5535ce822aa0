import type { Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { listAssignmentsOfTicket } from '../assignments/assignment.repository';
import { countMessagesSince, enqueueMessage, type NewOutboundMessage } from '../outbox/outbox.repository';
import { lowRatingCommentToDesk, lowRatingToDesk } from '../texts/desk.texts';
import { ratingHint, ratingQuestion, ratingThanks } from '../texts/reporter.texts';
import type { Ticket } from '../tickets/ticket.model';
import { findTicketById } from '../tickets/ticket.repository';
import { parseRatingAnswer } from './rating-answer';
import { findLatestRatingOfChat, insertRatingRequest, recordComment, recordScore } from './rating.repository';

/**
 * How long after the question a message starting with a digit is read as the rating: three days.
 * Later, the same message is an ordinary plain message (a new complaint, a question).
 */
export const RATING_WINDOW_MS = 3 * 24 * 60 * 60_000;
/** After a bare score, the chat's next text within this time is its comment. */
export const COMMENT_WINDOW_MS = 15 * 60_000;
/** Scores that tell the desk. */
const LOW_SCORE = 2;

/**
 * Asks the reporter of a ticket just closed to rate it, once: inserts the `ratings` row and returns
 * the question for the caller to queue in the same transaction, or null when the ticket was asked
 * before or its reporter has no phone. The question goes to the reporter's private chat (the
 * ticket's chat may be a group, where plain messages are never read).
 */
export async function askForRating(trx: Transaction<Database>, ticket: Ticket, now: number): Promise<NewOutboundMessage | null> {
  const chatId = ticket.reporter.phone;
  if (!chatId) return null;
  if (!(await insertRatingRequest(trx, { ticketId: ticket.id, chatId, now }))) return null;
  return { target: chatId, body: ratingQuestion(ticket), kind: 'notification', ticketId: ticket.id };
}

/** askForRating for callers without a reply to ride on (the auto-close): queues the question itself. */
export async function queueRatingQuestion(trx: Transaction<Database>, ticket: Ticket, now: number): Promise<boolean> {
  const question = await askForRating(trx, ticket, now);
  if (question) await enqueueMessage(trx, question, now);
  return question !== null;
}

/** A plain private message as the rating flow sees it. */
export interface RatingMessage {
  chatId: string;
  text: string;
  /** False for a photo, a greeting, thanks, YA/BATAL, a question or a lone emoji: those are never a comment. */
  mayBeComment: boolean;
  /** This chat was already given a usage hint in the running batch. */
  hintedInBatch: boolean;
  now: number;
  adminTarget: string | undefined;
}

/** What the message was to the rating flow; null when it was nothing (the normal plain flow takes it). */
export type RatingOutcome =
  | { kind: 'rated' | 'commented'; ticketId: number; replies: NewOutboundMessage[] }
  /** "7" while a rating is pending: the hint, for the caller to send within the automatic-answer bound. */
  | { kind: 'hint'; ticketId: number; body: string };

/**
 * Takes a private plain message from a chat whose latest rating question is within RATING_WINDOW_MS:
 * - unanswered, and the message starts with a score: stores score and comment, thanks the reporter
 *   once, and for 1–2 tells the desk (ticket, score, comment, the technicians assigned at the close);
 * - unanswered, and the message is a number alone that is no score: one hint per question;
 * - scored without a comment less than COMMENT_WINDOW_MS ago, and the message is text: its comment
 *   (no second thanks; the desk hears it after a low score).
 * Only the chat's latest question counts: after several closes, the answer is for the last one asked.
 */
export async function takeRatingAnswer(trx: Transaction<Database>, m: RatingMessage): Promise<RatingOutcome | null> {
  const rating = await findLatestRatingOfChat(trx, m.chatId, m.now - RATING_WINDOW_MS);
  if (!rating) return null;
  if (rating.score === null) {
    const answer = parseRatingAnswer(m.text);
    if (answer.kind === 'none') return null;
    const ticket = await findTicketById(trx, rating.ticketId);
    if (!ticket) return null;
    if (answer.kind === 'out_of_range') {
      if (m.hintedInBatch || (await countMessagesSince(trx, m.chatId, ['usage_hint'], rating.askedAt)) > 0) return null;
      return { kind: 'hint', ticketId: ticket.id, body: ratingHint(ticket) };
    }
    if (!(await recordScore(trx, { ticketId: ticket.id, score: answer.score, comment: answer.comment, now: m.now }))) return null;
    const replies: NewOutboundMessage[] = [
      { target: m.chatId, body: ratingThanks(ticket, answer.score, answer.comment !== null), kind: 'reply', ticketId: ticket.id },
    ];
    if (answer.score <= LOW_SCORE && m.adminTarget) {
      const body = lowRatingToDesk(ticket, answer.score, answer.comment, await technicianNames(trx, ticket.id));
      replies.push({ target: m.adminTarget, body, kind: 'notification', ticketId: ticket.id });
    }
    return { kind: 'rated', ticketId: ticket.id, replies };
  }
  const text = m.text.trim();
  if (rating.comment !== null || rating.ratedAt === null || m.now - rating.ratedAt > COMMENT_WINDOW_MS || !m.mayBeComment || !text)
    return null;
  if (!(await recordComment(trx, rating.ticketId, text.slice(0, 1000)))) return null;
  const replies: NewOutboundMessage[] = [];
  const ticket = rating.score <= LOW_SCORE && m.adminTarget ? await findTicketById(trx, rating.ticketId) : undefined;
  if (ticket && m.adminTarget) {
    replies.push({
      target: m.adminTarget,
      body: lowRatingCommentToDesk(ticket, rating.score, text),
      kind: 'notification',
      ticketId: ticket.id,
    });
  }
  return { kind: 'commented', ticketId: rating.ticketId, replies };
}

/** The technicians on the ticket when it closed: its assignments not withdrawn. */
async function technicianNames(trx: Transaction<Database>, ticketId: number): Promise<string[]> {
  const all = await listAssignmentsOfTicket(trx, ticketId);
  return all.filter((a) => a.status === 'active').map((a) => a.staffName);
}
