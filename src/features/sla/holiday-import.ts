import ICAL from 'ical.js';
import { AppError } from '../../errors';
import { addDays, calendarDayIn } from '../../shared/time';

/** One day a file names, with the line it came from (1-based; an event's `BEGIN:VEVENT` line). */
export interface HolidayLine {
  line: number;
  day: string;
  name: string;
}

/** Why a line or event was not taken; the dashboard words each code in Indonesian. */
type RefusedReason = 'bad-date' | 'no-name' | 'name-too-long' | 'duplicate-in-file' | 'recurring' | 'too-long' | 'cancelled' | 'observance';

export interface RefusedLine {
  line: number;
  text: string;
  reason: RefusedReason;
}

export interface ParsedHolidays {
  days: HolidayLine[];
  refused: RefusedLine[];
}

const NAME_MAX = 200;
/**
 * Google's holiday calendars mark days that are celebrated but not days off (Hari Ibu, Hari Kartini)
 * with a description that starts "Observance" ("Perayaan" in Indonesian); public holidays start
 * "Public holiday" ("Hari libur nasional"). The clocks must keep running on those.
 */
const OBSERVANCE = /^\s*(observance|perayaan)\b/i;
/** An event longer than this is a mistake (a term, a season), not a run of holidays. */
const MAX_EVENT_DAYS = 31;

/** A real calendar day between 2000 and 2100, as YYYY-MM-DD; null otherwise. */
function validDay(y: number, m: number, d: number): string | null {
  if (y < 2000 || y > 2100) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** `2026-03-20` or `20/03/2026` (and `20-03-2026`, as spreadsheets in Indonesia write it). */
function dayOfText(text: string): string | null {
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (m) return validDay(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/.exec(text);
  return m ? validDay(+m[3]!, +m[2]!, +m[1]!) : null;
}

const unquote = (s: string) => {
  const t = s.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/""/g, '"').trim() : t;
};

/**
 * CSV lines `YYYY-MM-DD,Nama` or `DD/MM/YYYY,Nama`, separated by `,` or `;` (Excel in Indonesian
 * settings writes `;`); the name is everything after the first separator. A first line without a date
 * is a header and skipped; blank lines are skipped.
 */
function parseCsv(text: string): ParsedHolidays {
  const out: ParsedHolidays = { days: [], refused: [] };
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  lines.forEach((raw, i) => {
    const text = raw.trim();
    if (!text) return;
    const cut = text.search(/[,;]/);
    const first = unquote(cut < 0 ? text : text.slice(0, cut));
    const name = cut < 0 ? '' : unquote(text.slice(cut + 1));
    const day = dayOfText(first);
    if (!day) {
      const isHeader = out.days.length === 0 && out.refused.length === 0 && !/\d/.test(first);
      if (!isHeader) out.refused.push({ line: i + 1, text, reason: 'bad-date' });
      return;
    }
    if (!name) out.refused.push({ line: i + 1, text, reason: 'no-name' });
    else if (name.length > NAME_MAX) out.refused.push({ line: i + 1, text, reason: 'name-too-long' });
    else out.days.push({ line: i + 1, day, name });
  });
  return out;
}

/**
 * iCalendar, as Google Calendar exports "Hari Libur di Indonesia": each event is a holiday; an all-day
 * event's DTEND is exclusive, so a three-day event is three days. Timed events count the days they touch
 * in APP_TIMEZONE. Repeating and cancelled events are refused rather than guessed at, and so are the
 * observances Google lists beside the days off.
 */
function parseIcs(text: string, timezone: string): ParsedHolidays {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text) as unknown[]);
  } catch (err) {
    throw new AppError('VALIDATION_FAILED', `text: not an iCalendar file (${(err as Error).message})`, { field: 'text' });
  }
  if (root.name !== 'vcalendar') throw new AppError('VALIDATION_FAILED', 'text: not an iCalendar file (no VCALENDAR)', { field: 'text' });
  const eventLines = text.split(/\r\n|\n|\r/).flatMap((l, i) => (l.trim().toUpperCase() === 'BEGIN:VEVENT' ? [i + 1] : []));
  const out: ParsedHolidays = { days: [], refused: [] };
  root.getAllSubcomponents('vevent').forEach((component, n) => {
    const line = eventLines[n] ?? 0;
    const event = new ICAL.Event(component);
    const name = (event.summary ?? '').trim();
    const shown = `${name || '(tanpa nama)'} ${event.startDate?.toString() ?? ''}`.trim();
    const refuse = (reason: RefusedReason) => out.refused.push({ line, text: shown, reason });
    if (!event.startDate) return refuse('bad-date');
    if (event.isRecurring()) return refuse('recurring');
    if (String(component.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED') return refuse('cancelled');
    if (OBSERVANCE.test(String(component.getFirstPropertyValue('description') ?? ''))) return refuse('observance');
    if (!name) return refuse('no-name');
    if (name.length > NAME_MAX) return refuse('name-too-long');
    const days = daysOf(event, timezone);
    if (!days) return refuse('bad-date');
    if (days.length > MAX_EVENT_DAYS) return refuse('too-long');
    for (const day of days) out.days.push({ line, day, name });
  });
  return out;
}

function daysOf(event: ICAL.Event, timezone: string): string[] | null {
  const start = event.startDate;
  const end = event.endDate;
  let first: string;
  let last: string;
  if (start.isDate) {
    first = start.toString().slice(0, 10);
    // An all-day event without DTEND lasts one day; its DTEND is the day after the last.
    last = end && end.compare(start) > 0 ? addDays(end.toString().slice(0, 10), -1) : first;
  } else {
    const from = start.toJSDate().getTime();
    const to = end ? end.toJSDate().getTime() : from;
    first = calendarDayIn(from, timezone);
    last = calendarDayIn(Math.max(from, to - 1), timezone);
  }
  if (!dayOfText(first) || !dayOfText(last)) return null;
  const days: string[] = [];
  for (let d = first; d <= last && days.length <= MAX_EVENT_DAYS; d = addDays(d, 1)) days.push(d);
  return days;
}

/**
 * Reads a holiday file. A day named twice keeps its first line; later ones are refused as duplicates,
 * so what the preview shows is exactly what an import writes.
 */
export function parseHolidayFile(format: 'csv' | 'ics', text: string, timezone: string): ParsedHolidays {
  const parsed = format === 'csv' ? parseCsv(text) : parseIcs(text, timezone);
  const seen = new Set<string>();
  const days: HolidayLine[] = [];
  const refused = [...parsed.refused];
  for (const d of parsed.days) {
    if (seen.has(d.day)) refused.push({ line: d.line, text: `${d.day} ${d.name}`, reason: 'duplicate-in-file' });
    else {
      seen.add(d.day);
      days.push(d);
    }
  }
  refused.sort((a, b) => a.line - b.line);
  return { days, refused };
}
