import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/*
 * Every conversion between instants and the wall clock of APP_TIMEZONE lives here. Formatting,
 * on the hot path of every reply, uses one cached Intl formatter per zone; day arithmetic, at the
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

interface WallClock {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/*
 * One Intl formatter per zone, kept: building one per call (what dayjs' timezone plugin
 * does) was the biggest single cost of handling a message in the ingest benchmark.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The wall-clock reading in `tz` at this instant. */
function wallClockIn(epochMs: number, tz: string): WallClock {
  const out: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatterFor(tz).formatToParts(epochMs)) {
    if (p.type in out) out[p.type as keyof WallClock] = Number(p.value);
  }
  return out;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `16 September 2024 Jam 18:28:57 WIB`, the book's format for chat replies. */
export function formatChatDateTime(epochMs: number, tz: string): string {
  const w = wallClockIn(epochMs, tz);
  return `${w.day} ${MONTHS[w.month - 1]} ${w.year} Jam ${pad2(w.hour)}:${pad2(w.minute)}:${pad2(w.second)} ${zoneLabel(tz)}`;
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
  return dayjs.tz(day, tz).startOf('day').valueOf();
}

/** `day` (`YYYY-MM-DD`) moved by `n` calendar days. */
export function addDays(day: string, n: number): string {
  return dayjs.utc(day).add(n, 'day').format('YYYY-MM-DD');
}
