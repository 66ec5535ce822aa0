import { createHash } from 'node:crypto';
import type { Executor } from '../../db/create-db';
import { addDays, calendarDayIn, startOfDayIn } from '../../shared/time';
import type { WorkWeek } from '../../shared/work-week';
import { listHolidayDays } from '../sla/holiday.repository';
import { loadCalendar, type WorkingCalendar } from '../sla/working-calendar';
import { combineDays } from './stats-combine';
import { emptyDay, summariseDays, type DaySummary, type SpanFacts } from './stats-day';
import { listMergedInRange } from './stats-demand.repository';
import { listPeriodTechnicians, listReporterReopened } from './stats-sla.repository';
import type { ServiceLevelStats } from './stats-sla.service';
import {
  dayFingerprints,
  listCategoryNames,
  listDaySummaries,
  listFollowerTickets,
  listSideChangesSince,
  listStaffNames,
  listTicketFacts,
  saveDaySummaries,
  type StoredDay,
} from './stats-summary.repository';
import type { CreatedRange } from './stats.repository';
import { monthEdges, type TicketStats } from './stats.service';

/** Closed days are made from the tickets this many at a time: a month's rows in memory at once, no more. */
const DAYS_PER_READ = 31;

interface Day {
  day: string;
  from: number;
  to: number;
}

/** The days (in `tz`) that meet [from, to), with their bounds. */
function daysOf(r: CreatedRange, tz: string): Day[] {
  const days: Day[] = [];
  for (let day = calendarDayIn(r.from, tz); ; day = addDays(day, 1)) {
    const from = startOfDayIn(day, tz);
    if (from >= r.to) break;
    days.push({ day, from, to: startOfDayIn(addDays(day, 1), tz) });
  }
  return days;
}

/** The day holding `ms`, by binary search over the days' starts (a time-zone conversion per ticket costs more). */
function dayFinder(days: Day[]): (ms: number) => string {
  return (ms) => {
    let lo = 0;
    let hi = days.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (days[mid]!.from <= ms) lo = mid;
      else hi = mid - 1;
    }
    return days[lo]!.day;
  };
}

async function readFacts(ex: Executor, span: CreatedRange): Promise<SpanFacts> {
  const [tickets, merged, followerTickets, technicians, reopenedIds] = await Promise.all([
    listTicketFacts(ex, span),
    listMergedInRange(ex, span),
    listFollowerTickets(ex, span),
    listPeriodTechnicians(ex, span),
    listReporterReopened(ex, span),
  ]);
  return { tickets, merged, followerTickets, technicians, reopenedIds };
}

/** The working calendar and a key that changes whenever it does (the week, the zone, the holidays). */
async function calendarWithKey(ex: Executor, c: { sla: { week: WorkWeek }; timezone: string }) {
  const [calendar, holidays] = await Promise.all([loadCalendar(ex, c), listHolidayDays(ex)]);
  const key = createHash('sha1')
    .update(JSON.stringify([c.sla.week, c.timezone, holidays]))
    .digest('hex')
    .slice(0, 16);
  return { calendar, key };
}

/**
 * The summaries of the closed days among `days` (consecutive, each wholly in the past): the stored
 * one where the day's tickets have not changed since it was made, otherwise made again from them
 * and stored. A day's fingerprint (its tickets' count and change times, and the calendar) is read
 * before its tickets: a change in between leaves a summary whose fingerprint is already out of date.
 */
async function closedDays(ex: Executor, days: Day[], calendar: WorkingCalendar, calendarKey: string, now: number) {
  const out = new Map<string, DaySummary>();
  if (days.length === 0) return out;
  const fingerprints = await dayFingerprints(ex, [...days.map((d) => d.from), days.at(-1)!.to]);
  const stored = new Map(
    (
      await listDaySummaries(
        ex,
        days.map((d) => d.day),
      )
    ).map((s) => [s.day, s]),
  );
  const oldest = Math.min(...[...stored.values()].map((s) => s.builtAt));
  const dayAt = dayFinder(days);
  const changedAt = new Map<string, number>();
  for (const c of stored.size ? await listSideChangesSince(ex, oldest) : []) {
    if (c.createdAt < days[0]!.from || c.createdAt >= days.at(-1)!.to) continue;
    const day = dayAt(c.createdAt);
    changedAt.set(day, Math.max(changedAt.get(day) ?? 0, c.at));
  }
  const stale: Array<Day & { fingerprint: string }> = [];
  days.forEach((d, i) => {
    const fingerprint = `${fingerprints[i]}|${calendarKey}`;
    const s = stored.get(d.day);
    if (s && s.fingerprint === fingerprint && !((changedAt.get(d.day) ?? -1) >= s.builtAt))
      out.set(d.day, JSON.parse(s.data) as DaySummary);
    else stale.push({ ...d, fingerprint });
  });
  // Runs of consecutive stale days, DAYS_PER_READ at most, each one read of their tickets.
  for (let i = 0; i < stale.length;) {
    let j = i + 1;
    while (j < stale.length && j - i < DAYS_PER_READ && stale[j]!.from === stale[j - 1]!.to) j++;
    const run = stale.slice(i, j);
    const span = { from: run[0]!.from, to: run.at(-1)!.to };
    const made = summariseDays(await readFacts(ex, span), span, dayFinder(run), calendar);
    const rows: StoredDay[] = run.map((d) => {
      const s = made.get(d.day) ?? emptyDay();
      out.set(d.day, s);
      return { day: d.day, fingerprint: d.fingerprint, builtAt: now, data: JSON.stringify(s) };
    });
    await saveDaySummaries(ex, rows);
    i = j;
  }
  return out;
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
  const days = await closedDays(ex, closed, calendar, key, now);
  // The rest of the range, before and after the closed days, as it is now.
  const open = closed.length
    ? [
        { from: range.from, to: closed[0]!.from },
        { from: closed.at(-1)!.to, to: range.to },
      ]
    : [range];
  for (const span of open.filter((s) => s.from < s.to)) {
    const made = summariseDays(await readFacts(ex, span), span, (ms) => calendarDayIn(ms, tz), calendar);
    for (const [day, s] of made) days.set(day, s);
  }
  const categoryIds = new Set<number>();
  const staffIds = new Set<string>();
  for (const d of days.values()) {
    for (const id of Object.keys(d.categories)) if (id !== 'null') categoryIds.add(Number(id));
    for (const id of Object.keys(d.staff)) staffIds.add(id);
  }
  const [categories, staff] = await Promise.all([listCategoryNames(ex, [...categoryIds]), listStaffNames(ex, [...staffIds])]);
  return combineDays(days, months, { categories, staff });
}
