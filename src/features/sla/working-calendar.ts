import type { Executor } from '../../db/create-db';
import type { WorkWeek } from '../../shared/work-week';
import { zoneOffsets, type ZoneOffsets } from '../../shared/zone-offsets';
import { listHolidayDays } from './holiday.repository';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Absolute instants [from, to) of one working span. */
type Span = readonly [number, number];

/** A local calendar day as a whole number of days since 1970-01-01 (the UTC date of the same digits). */
const dayNumberOf = (day: string) => Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10)) / DAY_MS;

const dayStringOf = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);
/** 1970-01-01 was a Thursday (4). */
const weekdayOf = (n: number) => (((n + 4) % 7) + 7) % 7;

/**
 * Working time on the campus calendar: the spans of `WORK_WEEK` on every day that is not a holiday,
 * read on the wall clock of `timezone`. Pure and immutable; the spans of a day are turned into instants
 * once (on the first use of that day) and kept. Long distances skip whole weeks at once (a week
 * is worth the configured minutes less its holidays) whenever the zone's offset is the same at both ends,
 * so a target of weeks or a year of `between` costs a few dozen steps, not a walk through every span.
 */
export class WorkingCalendar {
  private readonly week: WorkWeek;
  private readonly zone: ZoneOffsets;
  private readonly holidays: Set<string>;
  /** Holidays as sorted day numbers, for counting those inside a skipped week. */
  private readonly holidayNumbers: number[];
  /** Working ms of a plain week (no holiday, no offset change). */
  private readonly weekMs: number;
  private readonly days = new Map<number, { start: number; spans: Span[] }>();
  /** What the calendar is made of (week, zone, holidays), as text: equal texts, equal calendars. */
  readonly identity: string;

  constructor(o: { week: WorkWeek; holidays: Iterable<string>; timezone: string }) {
    this.week = o.week;
    this.zone = zoneOffsets(o.timezone);
    this.holidays = new Set(o.holidays);
    this.holidayNumbers = [...this.holidays].map(dayNumberOf).sort((a, b) => a - b);
    this.identity = JSON.stringify([o.week, o.timezone, [...this.holidays].sort()]);
    this.weekMs = o.week.reduce((sum, spans) => sum + spans.reduce((s, x) => s + (x.to - x.from) * MINUTE_MS, 0), 0);
    if (this.weekMs <= 0) throw new Error('a working week needs some working time');
  }

  /** `t` (epoch ms) falls inside a span of a non-holiday day. */
  isWorking(t: number): boolean {
    return this.spansOf(this.dayOf(t)).some(([s, e]) => s <= t && t < e);
  }

  /** `t` itself when working, else the start of the next span. */
  nextWorkingStart(t: number): number {
    for (let d = this.dayOf(t); ; d++) {
      for (const [s, e] of this.spansOf(d)) if (e > t) return Math.max(s, t);
    }
  }

  /**
   * The instant `ms` of working time after `from`: the earliest such instant, so a target that runs out
   * at the end of a span is due at that end, not at the next morning. 0 gives `from`; negative subtracts.
   */
  add(from: number, ms: number): number {
    if (ms < 0) return this.subtract(from, -ms);
    if (ms === 0) return from;
    let left = ms;
    let d = this.dayOf(from);
    for (const [s, e] of this.spansOf(d)) {
      if (e <= from) continue;
      const start = Math.max(s, from);
      if (left <= e - start) return start + left;
      left -= e - start;
    }
    for (d++; ; d++) {
      for (let w = this.weekWorkFrom(d); w !== null && left > w; w = this.weekWorkFrom(d)) {
        left -= w;
        d += 7;
      }
      for (const [s, e] of this.spansOf(d)) {
        if (left <= e - s) return s + left;
        left -= e - s;
      }
    }
  }

  /** Working ms in [a, b) (0 when b <= a). */
  between(a: number, b: number): number {
    if (b <= a) return 0;
    const da = this.dayOf(a);
    const db = this.dayOf(b);
    const overlap = (d: number) => this.spansOf(d).reduce((sum, [s, e]) => sum + Math.max(0, Math.min(e, b) - Math.max(s, a)), 0);
    if (da === db) return overlap(da);
    let total = overlap(da) + overlap(db);
    let d = da + 1;
    while (db - d >= 7) {
      const w = this.weekWorkFrom(d);
      if (w === null) break;
      total += w;
      d += 7;
    }
    for (; d < db; d++) total += this.spansOf(d).reduce((sum, [s, e]) => sum + (e - s), 0);
    return total;
  }

  /**
   * The instant `ms` of working time before `from`: the latest such instant, so going back past a night
   * lands on the start of the morning's span, not the evening before. 0 gives `from`; negative adds.
   */
  subtract(from: number, ms: number): number {
    if (ms < 0) return this.add(from, -ms);
    if (ms === 0) return from;
    let left = ms;
    let d = this.dayOf(from);
    for (const [s, e] of [...this.spansOf(d)].reverse()) {
      if (s >= from) continue;
      const end = Math.min(e, from);
      if (left <= end - s) return end - left;
      left -= end - s;
    }
    for (d--; ; d--) {
      for (let w = this.weekWorkFrom(d - 6); w !== null && left > w; w = this.weekWorkFrom(d - 6)) {
        left -= w;
        d -= 7;
      }
      for (const [s, e] of [...this.spansOf(d)].reverse()) {
        if (left <= e - s) return e - left;
        left -= e - s;
      }
    }
  }

  private dayOf(t: number): number {
    return Math.floor((t + this.zone.at(t)) / DAY_MS);
  }

  /** The day's spans as instants; none on a holiday. */
  private spansOf(d: number): Span[] {
    return this.dayInfo(d).spans;
  }

  private dayInfo(d: number): { start: number; spans: Span[] } {
    let info = this.days.get(d);
    if (!info) {
      const day = dayStringOf(d);
      // Each boundary is read on the wall clock, so a day with an offset change still starts at 07:30.
      const start = this.zone.instantOf(d * DAY_MS);
      const plain = this.zone.instantOf((d + 1) * DAY_MS) - start === DAY_MS;
      const at = (minutes: number) => (plain ? start + minutes * MINUTE_MS : this.zone.instantOf(d * DAY_MS + minutes * MINUTE_MS));
      const spans: Span[] = this.holidays.has(day) ? [] : this.week[weekdayOf(d)]!.map((x) => [at(x.from), at(x.to)] as const);
      info = { start, spans };
      if (this.days.size > 4000) this.days.clear();
      this.days.set(d, info);
    }
    return info;
  }

  /**
   * Working ms of the seven days from day `d`, or null when the zone's offset changes inside them (then
   * the caller walks day by day, where each span is read on the wall clock).
   */
  private weekWorkFrom(d: number): number | null {
    if (this.dayInfo(d + 7).start - this.dayInfo(d).start !== 7 * DAY_MS) return null;
    let w = this.weekMs;
    for (let i = lowerBound(this.holidayNumbers, d); i < this.holidayNumbers.length && this.holidayNumbers[i]! < d + 7; i++) {
      for (const x of this.week[weekdayOf(this.holidayNumbers[i]!)]!) w -= (x.to - x.from) * MINUTE_MS;
    }
    return w;
  }
}

function lowerBound(sorted: number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/*
 * The holidays are read once per few seconds per database: the reminder job and every ticket write ask
 * for the calendar, and the list changes a few times a year. A write through holiday.service drops the
 * entry at once (`forgetCalendar`); another process (the worker) sees the change within CACHE_MS.
 */
const CACHE_MS = 5_000;
const cache = new WeakMap<object, { at: number; week: WorkWeek; timezone: string; calendar: WorkingCalendar }>();
/** One key per database: a transaction shares its Kysely instance's adapter. */
const cacheKey = (ex: Executor): object => ex.getExecutor().adapter;

/** The calendar of the configured week and the holidays stored now. */
export async function loadCalendar(ex: Executor, c: { sla: { week: WorkWeek }; timezone: string }): Promise<WorkingCalendar> {
  const hit = cache.get(cacheKey(ex));
  const now = performance.now();
  if (hit && hit.week === c.sla.week && hit.timezone === c.timezone && now - hit.at < CACHE_MS) return hit.calendar;
  const calendar = new WorkingCalendar({ week: c.sla.week, holidays: await listHolidayDays(ex), timezone: c.timezone });
  cache.set(cacheKey(ex), { at: now, week: c.sla.week, timezone: c.timezone, calendar });
  return calendar;
}

/** Drops the cached calendar of this database, after its holidays changed. */
export function forgetCalendar(ex: Executor): void {
  cache.delete(cacheKey(ex));
}
