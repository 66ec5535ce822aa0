import { z } from 'zod';
import { addDays, startOfDayIn } from '../shared/time';
import './openapi';

/** Query-string fields shared by the list routes (tickets, messages, outbox, statistics). */

export const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** `?status=baru,proses` or `?status=baru&status=proses`: one or several values of `item`. */
export const listOf = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => {
    if (v === undefined || v === '') return undefined;
    const parts = (Array.isArray(v) ? v : [v])
      .flatMap((s) => String(s).split(','))
      .map((s) => s.trim())
      .filter(Boolean);
    return parts.length ? parts : undefined;
  }, z.array(item).max(20).optional());

/** An optional trimmed query string; empty means absent (a body field uses fields.schema's nullableText). */
export const optionalQueryText = (max: number) => z.preprocess(emptyToUndefined, z.string().trim().min(1).max(max).optional());

const isCalendarDate = (s: string) => {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

/** `YYYY-MM-DD`, a day in APP_TIMEZONE. */
const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine(isCalendarDate, 'must be a real calendar date')
  .openapi({ example: '2024-09-16', format: 'date' });

/** `from`/`to`: both days included, `to` not before `from`. */
export const dateRangeShape = {
  from: z.preprocess(emptyToUndefined, calendarDate.optional()),
  to: z.preprocess(emptyToUndefined, calendarDate.optional()),
};

export function refineDateRange(v: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx) {
  if (v.from && v.to && v.to < v.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
}

export interface EpochRange {
  /** Inclusive, epoch ms. */
  from?: number;
  /** Exclusive, epoch ms: the start of the day after `to`. */
  to?: number;
}

/**
 * Turns `from`/`to` days in `tz` into UTC epoch bounds. Done here rather than with SQL
 * date functions, which differ between MySQL and SQLite and know nothing of the zone.
 */
export function epochRange(r: { from?: string | undefined; to?: string | undefined }, tz: string): EpochRange {
  return {
    ...(r.from ? { from: startOfDayIn(r.from, tz) } : {}),
    ...(r.to ? { to: startOfDayIn(addDays(r.to, 1), tz) } : {}),
  };
}
