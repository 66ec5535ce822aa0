import type { WorkingCalendar } from '../sla/working-calendar';

const MINUTE_MS = 60_000;

/**
 * Working time between many pairs of instants, for the statistics. `WorkingCalendar.between` costs a
 * few time-zone conversions per call (tens of µs): three clocks of every ticket of a month would add
 * up. So the calendar's working spans over [lo, hi) are found once, with a few `between` calls per
 * span (spans start and end on whole minutes, and a span the length of one seen before is confirmed
 * with two or three), and each pair inside the window is then two binary searches. Pairs reaching outside it
 * are asked of the calendar directly: the answer is the calendar's either way.
 */
export class WorkingTimeIndex {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** Working ms in [lo, starts[i]). */
  private readonly before: number[] = [];

  constructor(
    private readonly calendar: WorkingCalendar,
    private readonly lo: number,
    private readonly hi: number,
  ) {
    const lengths: number[] = [];
    let total = 0;
    try {
      for (let t = lo; t < hi;) {
        const s = calendar.nextWorkingStart(t);
        if (s >= hi) break;
        const e = this.spanEnd(s, lengths);
        this.starts.push(s);
        this.ends.push(e);
        this.before.push(total);
        total += e - s;
        t = e;
      }
    } catch {
      // A calendar whose spans are off the minute grid: ask it for every pair instead.
      this.usable = false;
    }
  }

  private usable = true;

  /** Working ms in [a, b), as the calendar counts them. */
  between(a: number, b: number): number {
    if (b <= a) return 0;
    if (!this.usable || a < this.lo || b > this.hi) return this.calendar.between(a, b);
    return this.upTo(b) - this.upTo(a);
  }

  /** Working ms in [lo, t). */
  private upTo(t: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    const i = lo - 1;
    return i < 0 ? 0 : this.before[i]! + Math.min(t, this.ends[i]!) - this.starts[i]!;
  }

  /** The end of the working span that starts at `s` (at most `hi`): the last E with [s, E) all working. */
  private spanEnd(s: number, lengths: number[]): number {
    const allWorking = (e: number) => this.calendar.between(s, e) === e - s;
    const onGrid = s % MINUTE_MS === 0;
    if (onGrid) {
      for (const l of lengths) {
        if (s + l >= this.hi) {
          if (allWorking(this.hi)) return this.hi;
        } else if (allWorking(s + l) && !allWorking(s + l + MINUTE_MS)) return s + l;
      }
    }
    // Gallop over whole minutes to a bound, then halve. Every span lasts at least a minute, so the
    // first minute boundary after s is inside it (or is its end).
    let good = Math.ceil((s + 1) / MINUTE_MS) * MINUTE_MS;
    if (good >= this.hi) return this.hi;
    if (!allWorking(good)) throw new Error('a working span shorter than a minute');
    let bad = 0;
    for (let step = MINUTE_MS; !bad; step *= 2) {
      const next = good + step;
      if (next >= this.hi) {
        if (allWorking(this.hi)) return this.hi;
        bad = this.hi;
      } else if (allWorking(next)) good = next;
      else bad = next;
    }
    // `bad` is on the grid, or is hi; the span ends on the last grid point before it that works.
    for (;;) {
      const mid = good + Math.max(1, Math.floor((bad - good) / 2 / MINUTE_MS)) * MINUTE_MS;
      if (mid >= bad) break;
      if (allWorking(mid)) good = mid;
      else bad = mid;
    }
    // Longest first: a shorter span (Saturday) fails a longer length with one call.
    if (onGrid && !lengths.includes(good - s) && lengths.length < 8) {
      lengths.push(good - s);
      lengths.sort((x, y) => y - x);
    }
    return good;
  }
}
