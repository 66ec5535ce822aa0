import type { Transaction } from 'kysely';
import type { Db } from '../../db/create-db';
import type { Database } from '../../db/database';
import { yearMonthIn } from '../../shared/time';
import { advanceSequence, createSequenceIfMissing, incrementSequence } from './ticket-sequence.repository';

/** `BRT` + `2409` + `001`: at least three digits, growing past 999 rather than wrapping. */
export function formatTrackingNumber(prefix: string, yymm: string, seq: number): string {
  return `${prefix}${yymm}${String(seq).padStart(3, '0')}`;
}

/**
 * Reads a tracking number the way people type or paste it: any case, with the
 * `*bold*` marks WhatsApp adds when copied, or a leading `#`. Undefined when it
 * is not shaped like one of ours. Besides the configured `prefix`, any other prefix of
 * 1–8 letters followed by 7–12 digits is read too: numbers carried over from the old
 * system (`MON2403002`, `wa-ticketing import legacy`) keep working after TICKET_PREFIX
 * changed, and a number nobody has is answered "not found" rather than with the usage hint.
 */
export function parseTrackingNumber(input: string, prefix: string): string | undefined {
  // Only the first word counts, and no tracking number is longer than 40 characters: both
  // bounds keep this linear however long and odd the message is.
  const match = /^\s*(\S{1,60})/.exec(input.slice(0, 200));
  let token = match?.[1] ?? '';
  let start = 0;
  let end = token.length;
  while (start < end && LEADING_MARKS.includes(token[start]!)) start++;
  while (end > start && TRAILING_MARKS.includes(token[end - 1]!)) end--;
  token = token.slice(start, end).toUpperCase();
  if (token.length <= 40 && token.startsWith(prefix) && /^\d{7,}$/.test(token.slice(prefix.length))) return token;
  return OTHER_PREFIX.test(token) ? token : undefined;
}

/** The shape the API and the dashboard accept for any tracking number (ticket.schema.ts, public/js/app.js). */
const OTHER_PREFIX = /^[A-Z]{1,8}\d{7,12}$/;

const LEADING_MARKS = '*_~#+';
const TRAILING_MARKS = '*_~.,!?+';

/**
 * Makes sure the month's counter row exists. Runs outside the ticket's transaction:
 * inserting a missing row from many transactions at once is what deadlocks on InnoDB.
 */
export async function ensureSequence(db: Db, period: string): Promise<void> {
  await createSequenceIfMissing(db.kysely, period);
}

/**
 * Takes the next number of the month in one statement. The UPDATE holds the counter's row
 * lock until the ticket's transaction commits, so two tickets can never get the same number
 * and the cost does not grow as the month fills (unlike the old `COUNT(*)+1`). MySQL hands
 * the new value back (ticket-sequence.repository.ts).
 */
export async function nextTrackingNumber(trx: Transaction<Database>, prefix: string, now: number, tz: string): Promise<string> {
  const yymm = yearMonthIn(now, tz);
  const period = `${prefix}${yymm}`;
  const value = await incrementSequence(trx, period);
  if (value === undefined) throw new SequenceMissingError(period);
  return formatTrackingNumber(prefix, yymm, Number(value));
}

/**
 * Reserves `count` numbers of the month at once, for a batch of messages, in one statement of
 * its own (MySQL, autocommit on a pool connection): the counter's row lock is held for that
 * statement only, not until the batch commits, so batches running side by side do not queue on
 * it. A number reserved but not used (a batch rolled back, a request refused) is skipped: the
 * numbers stay unique and increasing, with an occasional gap.
 */
export async function reserveTrackingNumbers(db: Db, period: string, count: number): Promise<{ first: number; last: number }> {
  const last = await advanceSequence(db.kysely, period, count);
  if (last === undefined) throw new SequenceMissingError(period);
  return { first: last - count + 1, last };
}

/** Numbers reserved for a batch, handed out in order: tracking numbers (reserveTrackingNumbers) and, on MySQL, ticket ids. */
export class ReservedNumbers {
  private readonly blocks = new Map<string, { next: number; last: number }>();
  private ids: { next: number; last: number } | undefined;

  add(period: string, block: { first: number; last: number }): void {
    this.blocks.set(period, { next: block.first, last: block.last });
  }

  addIds(block: { first: number; last: number }): void {
    this.ids = { next: block.first, last: block.last };
  }

  /** The next reserved number for a ticket reported at `reportedAt`, or undefined when none is left. */
  take(prefix: string, reportedAt: number, tz: string): string | undefined {
    const yymm = yearMonthIn(reportedAt, tz);
    const block = this.blocks.get(`${prefix}${yymm}`);
    if (!block || block.next > block.last) return undefined;
    return formatTrackingNumber(prefix, yymm, block.next++);
  }

  /** The next reserved ticket id, or undefined when none is left (or none was reserved). */
  takeId(): number | undefined {
    if (!this.ids || this.ids.next > this.ids.last) return undefined;
    return this.ids.next++;
  }
}

/** The month's counter was not created first; callers create it and try again. */
export class SequenceMissingError extends Error {
  constructor(readonly period: string) {
    super(`ticket sequence ${period} missing`);
  }
}

export const periodOf = (prefix: string, now: number, tz: string) => `${prefix}${yearMonthIn(now, tz)}`;
