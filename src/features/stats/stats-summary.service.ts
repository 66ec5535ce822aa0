import { createHash } from 'node:crypto';
import type { Executor } from '../../db/create-db';
import { addDays, calendarDayIn, startOfDayIn } from '../../shared/time';
import type { WorkWeek } from '../../shared/work-week';
import { loadCalendar } from '../sla/working-calendar';
import { closedDays, readFacts } from './stats-closed-days';
import { combineDays } from './stats-combine';
import { daysOf } from './stats-day-range';
import { summariseDays } from './stats-day';
import type { ServiceLevelStats } from './stats-sla.service';
import { listCategoryNames, listStaffNames } from './stats-summary.repository';
import { heldOf, MAX_HELD, stillHeld } from './stats-summary-cache';
import type { CreatedRange } from './stats.repository';
import { monthEdges, type TicketStats } from './stats.service';

/** The working calendar and a key that changes whenever it does (the week, the zone, the holidays). */
async function calendarWithKey(ex: Executor, c: { sla: { week: WorkWeek }; timezone: string }) {
  const calendar = await loadCalendar(ex, c);
  return { calendar, key: createHash('sha1').update(calendar.identity).digest('hex').slice(0, 16) };
}

/**
 * GET /api/stats from the summary of closed days: the period's whole days before today come from
 * stats_day_summaries (made on first read, made again when their tickets changed), the rest (today,
 * a part of a day) from the tickets as they are. Gives exactly what ticketStats and
 * serviceLevelStats give over the same range (test/api/stats-summary.test.ts holds them equal).
 */
export async function periodStats(
  ex: Executor,
  range: CreatedRange,
  c: { sla: { week: WorkWeek }; timezone: string },
  now: number,
): Promise<TicketStats & ServiceLevelStats> {
  const tz = c.timezone;
  const { months } = monthEdges(range.from, range.to - 1, tz);
  const { calendar, key } = await calendarWithKey(ex, c);
  const todayStart = startOfDayIn(calendarDayIn(now, tz), tz);
  const closed = daysOf(range, tz).filter((d) => d.from >= range.from && d.to <= range.to && d.to <= todayStart);
  // The rest of the range, before and after the closed days, as it is now.
  const open = (
    closed.length
      ? [
          { from: range.from, to: closed[0]!.from },
          { from: closed.at(-1)!.to, to: range.to },
        ]
      : [range]
  ).filter((s) => s.from < s.to);
  const heldKey = `${key}:${open.map((s) => `${s.from}-${s.to}`).join(',')}`;
  const hold = heldOf(ex);
  const held = open.length ? hold.get(heldKey) : undefined;
  const { out: days, feeds, maxId } = await closedDays(ex, closed, calendar, key, now, held);
  let openDays = held && feeds && stillHeld(held, feeds, open) ? held.days : undefined;
  if (openDays && held) {
    // Still what the tickets say as of these feeds: the next read starts its feeds here, not at the hold's
    // first read (else every request read every ticket added since, 90,000 rows each in the bench).
    held.at = now;
    held.maxId = maxId;
  }
  if (!openDays && open.length) {
    openDays = new Map();
    for (const span of open) {
      const made = summariseDays(await readFacts(ex, span), span, (ms) => calendarDayIn(ms, tz), calendar);
      for (const [day, s] of made) openDays.set(day, s);
    }
    hold.delete(heldKey);
    hold.set(heldKey, { at: now, maxId, days: openDays });
    if (hold.size > MAX_HELD) hold.delete(hold.keys().next().value!);
  }
  for (const [day, s] of openDays ?? []) days.set(day, s);
  const categoryIds = new Set<number>();
  const staffIds = new Set<string>();
  for (const d of days.values()) {
    for (const id of Object.keys(d.categories)) if (id !== 'null') categoryIds.add(Number(id));
    for (const id of Object.keys(d.staff)) staffIds.add(id);
  }
  const [categories, staff] = await Promise.all([listCategoryNames(ex, [...categoryIds]), listStaffNames(ex, [...staffIds])]);
  return combineDays(days, months, { categories, staff });
}

/** How far back the summary job keeps the closed days summarised: the year a desk opens, and the month before it. */
const KEPT_MONTHS = 13;

/**
 * Makes or checks the summaries of the closed days of the last KEPT_MONTHS months, so the first
 * reader of a year's statistics does not make them (about 12 s for a year of 1,000,000 tickets).
 * Returns how many days it looked at.
 */
export async function summariseRecentDays(ex: Executor, c: { sla: { week: WorkWeek }; timezone: string }, now: number): Promise<number> {
  const tz = c.timezone;
  const today = calendarDayIn(now, tz);
  const first = `${addDays(today, -KEPT_MONTHS * 31).slice(0, 7)}-01`;
  const days = daysOf({ from: startOfDayIn(first, tz), to: startOfDayIn(today, tz) }, tz);
  const { calendar, key } = await calendarWithKey(ex, c);
  await closedDays(ex, days, calendar, key, now, undefined);
  return days.length;
}
