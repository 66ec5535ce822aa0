import type { Executor } from '../../db/create-db';
import type { WorkingCalendar } from '../sla/working-calendar';
import { dayFinder, type Day } from './stats-day-range';
import { emptyDay, summariseDays, type DaySummary, type SpanFacts } from './stats-day';
import { listMergedInRange } from './stats-demand.repository';
import { listPeriodTechnicians, listReporterReopened } from './stats-sla.repository';
import {
  listChangesSince,
  listDaySummaries,
  listFollowerTickets,
  listTicketFacts,
  listTicketsAfter,
  maxTicketId,
  readDaySummaryData,
  saveDaySummaries,
  touchDaySummaries,
  type StoredDay,
} from './stats-summary.repository';
import { COMMIT_MARGIN_MS, MAX_PARSED, parsedOf, TOUCH_AFTER_MS, TOUCH_AFTER_ROWS, type Feeds, type HeldOpen } from './stats-summary-cache';
import type { CreatedRange } from './stats.repository';

/** Closed days are made from the tickets this many at a time: a month's rows in memory at once, no more. */
const DAYS_PER_READ = 31;

/** Everything a span's summaries are made from: its tickets and what happened to them, one read each. */
export async function readFacts(ex: Executor, span: CreatedRange): Promise<SpanFacts> {
  const [tickets, merged, followerTickets, technicians, reopenedIds] = await Promise.all([
    listTicketFacts(ex, span),
    listMergedInRange(ex, span),
    listFollowerTickets(ex, span),
    listPeriodTechnicians(ex, span),
    listReporterReopened(ex, span),
  ]);
  return { tickets, merged, followerTickets, technicians, reopenedIds };
}

/**
 * The summaries of the closed days among `days` (consecutive, each wholly in the past): the stored
 * one unless the day changed since it was made, otherwise made again from the tickets and stored.
 * A day changed when the calendar differs from its fingerprint's, when a ticket of it was added after
 * the newest id of its fingerprint (an import of old tickets keeps their old updated_at), or when
 * listChangesSince finds a change to one of its tickets after (COMMIT_MARGIN_MS before) it was made.
 * Tickets are never deleted (retention anonymises them), so nothing else can change a day.
 */
export async function closedDays(
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
  // After many tickets at once (an import), the days they left alone are marked current at once too: else
  // every request read those tickets again until TOUCH_AFTER_MS (90,000 rows per request in the bench).
  const caughtUp = (feeds?.after.length ?? 0) >= TOUCH_AFTER_ROWS;
  const touched = current.filter((s) => s.builtAt < now - TOUCH_AFTER_MS || (caughtUp && watermark(s) < maxId));
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
