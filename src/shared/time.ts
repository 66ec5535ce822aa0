import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { zoneOffsets } from './zone-offsets';

dayjs.extend(utc);

/*
 * Every conversion between instants and the wall clock of APP_TIMEZONE lives here. Formatting,
 * on the hot path of every reply, reads the zone's offset from ZoneOffsets; day arithmetic, at the
 * edge of a request, uses dayjs.
 */

/** Abbreviation shown after times, as people in Indonesia write it. */
const zoneLabels: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

export const zoneLabel = (tz: string) => zoneLabels[tz] ?? tz;

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
const MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agt', 'Sep', 'Okt', 'Nov', 'Des'];

export interface WallClock {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 is Sunday, as `Date#getDay()` counts. */
  weekday: number;
}

/** The wall-clock reading in `tz` at this instant (map look-ups after the first use of a day: see ZoneOffsets). */
export function wallClockIn(epochMs: number, tz: string): WallClock {
  const w = new Date(epochMs + zoneOffsets(tz).at(epochMs));
  return {
    year: w.getUTCFullYear(),
    month: w.getUTCMonth() + 1,
    day: w.getUTCDate(),
    hour: w.getUTCHours(),
    minute: w.getUTCMinutes(),
    second: w.getUTCSeconds(),
    weekday: w.getUTCDay(),
  };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `16 September 2024 Jam 18:28:57 WIB`, the book's format for chat replies. */
export function formatChatDateTime(epochMs: number, tz: string): string {
  const w = wallClockIn(epochMs, tz);
  return `${w.day} ${MONTHS[w.month - 1]} ${w.year} Jam ${pad2(w.hour)}:${pad2(w.minute)}:${pad2(w.second)} ${zoneLabel(tz)}`;
}

/** `18.28`: the time of day, as chat texts write it. */
export function formatChatClock(epochMs: number, tz: string): string {
  const w = wallClockIn(epochMs, tz);
  return `${pad2(w.hour)}.${pad2(w.minute)}`;
}

/** `16 Sep 2024` for short listings. */
export function formatChatDate(epochMs: number, tz: string): string {
  const w = wallClockIn(epochMs, tz);
  return `${w.day} ${MONTHS_SHORT[w.month - 1]} ${w.year}`;
}

/** `2409` for a moment in September 2024 in the given zone: the period of a tracking number. */
export function yearMonthIn(epochMs: number, tz: string): string {
  const w = wallClockIn(epochMs, tz);
  return `${pad2(w.year % 100)}${pad2(w.month)}`;
}

/** `2024-09-16`: the calendar day in `tz` at this instant. */
export function calendarDayIn(epochMs: number, tz: string): string {
  const w = wallClockIn(epochMs, tz);
  return `${w.year}-${pad2(w.month)}-${pad2(w.day)}`;
}

/** The instant `day` (`YYYY-MM-DD`) begins in `tz`, epoch ms. */
export function startOfDayIn(day: string, tz: string): number {
  return zoneOffsets(tz).instantOf(Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10)));
}

/** `day` (`YYYY-MM-DD`) moved by `n` calendar days. */
export function addDays(day: string, n: number): string {
  return dayjs.utc(day).add(n, 'day').format('YYYY-MM-DD');
}
