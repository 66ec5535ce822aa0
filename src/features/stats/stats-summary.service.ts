import { createHash } from 'node:crypto';
import type { Executor } from '../../db/create-db';
import { addDays, calendarDayIn, startOfDayIn } from '../../shared/time';
import type { WorkWeek } from '../../shared/work-week';
import { loadCalendar, type WorkingCalendar } from '../sla/working-calendar';
import { combineDays } from './stats-combine';
import { emptyDay, summariseDays, type DaySummary, type SpanFacts } from './stats-day';
import { listMergedInRange } from './stats-demand.repository';
import { listPeriodTechnicians, listReporterReopened } from './stats-sla.repository';
import type { ServiceLevelStats } from './stats-sla.service';
import {
  listCategoryNames,
  listChangesSince,
  listDaySummaries,
  listFollowerTickets,
  listStaffNames,
  listTicketFacts,
  listTicketsAfter,
  maxTicketId,
  readDaySummaryData,
  saveDaySummaries,
  touchDaySummaries,
  type StoredDay,
} from './stats-summary.repository';
import {
  COMMIT_MARGIN_MS,
  heldOf,
  MAX_HELD,
  MAX_PARSED,
  parsedOf,
  stillHeld,
  TOUCH_AFTER_MS,
  type Feeds,
  type HeldOpen,
} from './stats-summary-cache';
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
  const calendar = await loadCalendar(ex, c);
  return { calendar, key: createHash('sha1').update(calendar.identity).digest('hex').slice(0, 16) };
}

/**
 * The summaries of the closed days among `days` (consecutive, each wholly in the past): the stored
 * one unless the day changed since it was made, otherwise made again from the tickets and stored.
 * A day changed when the calendar differs from its fingerprint's, when a ticket of it was added after
 * the newest id of its fingerprint (an import of old tickets keeps their old updated_at), or when
 * listChangesSince finds a change to one of its tickets after (COMMIT_MARGIN_MS before) it was made.
 * Tickets are never deleted (retention anonymises them), so nothing else can change a day.
 */
async function closedDays(
  ex: Executor,
  days: Day[],
  calendar: WorkingCalendar,
  calendarKey: string,
  now: number,
  held: HeldOpen | undefined,
): Promise<{ out: Map<string, DaySummary>; feeds: Feeds | undefined; maxId: number }> {
  const out = new Map<string, DaySummary>();
  const span = days.length ? { from: days[0]!.from, to: days.at(-1)!.to } : { from: 0, to: 0 };
  const [stored, maxId] = await Promise.all([
    days.length ? listDaySummaries(ex, days[0]!.day, days.at(-1)!.day) : Promise.resolve([]),
    maxTicketId(ex),
  ]);
  const byDay = new Map(stored.map((s) => [s.day, s]));
  /** A stored fingerprint: the newest ticket id when it was made, and the calendar. */
  const fingerprint = `${maxId}|${calendarKey}`;
  const watermark = (s: StoredDay) => (s.fingerprint.endsWith(`|${calendarKey}`) ? Number(s.fingerprint.split('|')[0]) : -1);
  const dayAt = dayFinder(days);
  const changedAt = new Map<string, number>();
  const added = new Map<string, number>();
  let feeds: Feeds | undefined;
  if (stored.length || held) {
    const [changes, after] = await Promise.all([
      listChangesSince(ex, Math.min(...stored.map((s) => s.builtAt), held?.at ?? Infinity) - COMMIT_MARGIN_MS),
      listTicketsAfter(ex, Math.min(...stored.map(watermark), held?.maxId ?? Infinity)),
    ]);
    feeds = { changes, after };
    for (const c of changes) {
      if (c.createdAt < span.from || c.createdAt >= span.to) continue;
      const day = dayAt(c.createdAt);
      changedAt.set(day, Math.max(changedAt.get(day) ?? -Infinity, c.at));
    }
    for (const t of after) {
      if (t.createdAt < span.from || t.createdAt >= span.to) continue;
      const day = dayAt(t.createdAt);
      added.set(day, Math.max(added.get(day) ?? -Infinity, t.id));
    }
  }
  const cache = parsedOf(ex);
  const stale: Day[] = [];
  const current: StoredDay[] = [];
  for (const d of days) {
    const s = byDay.get(d.day);
    const changed = (changedAt.get(d.day) ?? -Infinity) >= (s?.builtAt ?? 0) - COMMIT_MARGIN_MS;
    if (s && watermark(s) >= 0 && !changed && !((added.get(d.day) ?? -Infinity) > watermark(s))) current.push(s);
    else stale.push(d);
  }
  const stamp = (s: StoredDay) => `${s.fingerprint}@${s.builtAt}`;
  const missing = current.filter((s) => cache.get(s.day)?.stamp !== stamp(s));
  const data = await readDaySummaryData(
    ex,
    missing.map((s) => s.day),
  );
  for (const s of current) {
    const text = data.get(s.day);
    if (text !== undefined) cache.set(s.day, { stamp: stamp(s), summary: JSON.parse(text) as DaySummary });
    out.set(s.day, cache.get(s.day)?.summary ?? emptyDay());
  }
  const touched = current.filter((s) => s.builtAt < now - TOUCH_AFTER_MS);
  await touchDaySummaries(
    ex,
    touched.map((s) => s.day),
    now,
    fingerprint,
  );
  for (const s of touched) cache.set(s.day, { stamp: stamp({ ...s, fingerprint, builtAt: now }), summary: out.get(s.day)! });
  // Runs of consecutive stale days, DAYS_PER_READ at most, each one read of their tickets.
  for (let i = 0; i < stale.length;) {
    let j = i + 1;
    while (j < stale.length && j - i < DAYS_PER_READ && stale[j]!.from === stale[j - 1]!.to) j++;
    const run = stale.slice(i, j);
    const runSpan = { from: run[0]!.from, to: run.at(-1)!.to };
    const made = summariseDays(await readFacts(ex, runSpan), runSpan, dayFinder(run), calendar);
    const rows = run.map((d) => {
      const s = made.get(d.day) ?? emptyDay();
      out.set(d.day, s);
      cache.set(d.day, { stamp: stamp({ day: d.day, fingerprint, builtAt: now }), summary: s });
      return { day: d.day, fingerprint, builtAt: now, data: JSON.stringify(s) };
    });
    await saveDaySummaries(ex, rows);
    i = j;
  }
  if (cache.size > MAX_PARSED) for (const day of [...cache.keys()].slice(0, cache.size - MAX_PARSED)) cache.delete(day);
  return { out, feeds, maxId };
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
