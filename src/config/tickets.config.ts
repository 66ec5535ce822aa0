import { z } from 'zod';
import { normalizePhone } from '../shared/phone';
import { optionalString } from './env.fields';

/** Tickets and the chat that files them: numbering, time zone, strangers, drafts, duplicates, repeat faults. */
export const ticketsEnv = z.object({
  /** Tracking number prefix: BRT2409001. */
  TICKET_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{1,8}$/, 'letters only, 1 to 8 of them')
    .default('BRT')
    .transform((v) => v.toUpperCase()),
  /** Zone for every date and time shown to people. */
  APP_TIMEZONE: z.string().default('Asia/Jakarta').refine(isValidTimeZone, { message: 'must be an IANA time zone such as Asia/Jakarta' }),
  /** accept: a ticket under the WhatsApp display name; reject: a polite refusal. */
  UNKNOWN_SENDERS: z.enum(['accept', 'reject']).default('accept'),
  /** A number or group id told about every new ticket; empty = nobody. */
  ADMIN_NOTIFY_TARGET: optionalString,
  /** Days after which a finished ticket the reporter did not answer is closed. */
  AUTO_CLOSE_DAYS: z.coerce.number().min(0.01).max(365).default(3),
  /** A plain-language complaint's prompt ("Balas YA …") comes this many seconds after the last message of a burst. */
  DRAFT_GATHER_SECONDS: z.coerce.number().int().min(1).max(600).default(20),
  /** …and at most this many seconds after the first message of the burst, however long it goes on. */
  DRAFT_GATHER_MAX_SECONDS: z.coerce.number().int().min(1).max(3600).default(90),
  /** A prompted draft with no YA or BATAL after this many minutes is left in the desk's inbox. */
  DRAFT_TIMEOUT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(30),
  /** Repeat faults: the period counted, in days… */
  REPEAT_FAULT_DAYS: z.coerce.number().int().min(7).max(730).default(90),
  /** …and how many faults of one category at one place in it make the place "berulang". */
  REPEAT_FAULT_THRESHOLD: z.coerce.number().int().min(2).max(100).default(3),
  /**
   * One ticket for one fault: an open ticket at the same place and category reported within this
   * many days is offered to a new reporter to follow (#ikut) instead of filing a second one.
   */
  DUPLICATE_WINDOW_DAYS: z.coerce.number().int().min(1).max(365).default(14),
});

export interface TicketsSettings {
  readonly ticketPrefix: string;
  readonly timezone: string;
  readonly unknownSenders: 'accept' | 'reject';
  readonly adminNotifyTarget: string | undefined;
  readonly autoCloseDays: number;
  /** Plain-language drafts: the gathering window (quiet time and longest burst) and the wait for YA, in ms. */
  readonly drafts: { readonly gatherMs: number; readonly gatherMaxMs: number; readonly timeoutMs: number };
  /** A place with `threshold` faults of one category within `days` is flagged "berulang". */
  readonly repeatFaults: { readonly days: number; readonly threshold: number };
  /** An open ticket at the same place and category within `windowDays` is offered to follow. */
  readonly duplicates: { readonly windowDays: number };
}

export function ticketsSettings(e: z.infer<typeof ticketsEnv>): TicketsSettings {
  return {
    ticketPrefix: e.TICKET_PREFIX,
    timezone: e.APP_TIMEZONE,
    unknownSenders: e.UNKNOWN_SENDERS,
    adminNotifyTarget: e.ADMIN_NOTIFY_TARGET ? normalizePhone(e.ADMIN_NOTIFY_TARGET) : undefined,
    autoCloseDays: e.AUTO_CLOSE_DAYS,
    drafts: Object.freeze({
      gatherMs: e.DRAFT_GATHER_SECONDS * 1000,
      gatherMaxMs: Math.max(e.DRAFT_GATHER_MAX_SECONDS, e.DRAFT_GATHER_SECONDS) * 1000,
      timeoutMs: e.DRAFT_TIMEOUT_MINUTES * 60_000,
    }),
    repeatFaults: Object.freeze({ days: e.REPEAT_FAULT_DAYS, threshold: e.REPEAT_FAULT_THRESHOLD }),
    duplicates: Object.freeze({ windowDays: e.DUPLICATE_WINDOW_DAYS }),
  };
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
