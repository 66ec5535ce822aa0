import { addDays, calendarDayIn, startOfDayIn } from '../../shared/time';
import type { CreatedRange } from './stats.repository';

/** A calendar day of APP_TIMEZONE and its bounds in epoch ms, [from, to). */
export interface Day {
  day: string;
  from: number;
  to: number;
}

/** The days (in `tz`) that meet [from, to), with their bounds. */
export function daysOf(r: CreatedRange, tz: string): Day[] {
  const days: Day[] = [];
  for (let day = calendarDayIn(r.from, tz); ; day = addDays(day, 1)) {
    const from = startOfDayIn(day, tz);
    if (from >= r.to) break;
    days.push({ day, from, to: startOfDayIn(addDays(day, 1), tz) });
  }
  return days;
}

/** The day holding `ms`, by binary search over the days' starts (a time-zone conversion per ticket costs more). */
export function dayFinder(days: Day[]): (ms: number) => string {
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
