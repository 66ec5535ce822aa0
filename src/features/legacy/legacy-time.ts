import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/**
 * How the old server's `tanggal` + `jam` columns become UTC. They are wall-clock readings without a zone:
 * read in `timezone` (the book shows them as WIB), then moved by `offsetHours` for a server whose clock
 * wrote them that many hours behind (positive) or ahead (negative) of that zone.
 */
export interface LegacyClock {
  timezone: string;
  offsetHours: number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/** The instant of an old row's date and time, or undefined when either is no real date or time (`0000-00-00`, `2024-04-31`). */
export function legacyInstant(tanggal: string | null | undefined, jam: string | null | undefined, clock: LegacyClock): number | undefined {
  const d = DATE.exec((tanggal ?? '').trim());
  const t = TIME.exec((jam ?? '').trim());
  if (!d || !t) return undefined;
  const [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const [hour, minute, second] = [Number(t[1]), Number(t[2]), Number(t[3] ?? 0)];
  if (year < 2000 || year > 2100 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return undefined;
  const wall = `${d[1]}-${d[2]}-${d[3]}T${String(hour).padStart(2, '0')}:${t[2]}:${String(second).padStart(2, '0')}`;
  return dayjs.tz(wall, clock.timezone).valueOf() + clock.offsetHours * 3600_000;
}

/** The first moment of a tracking number's month (`2409` → 1 September 2024 00:00 in the old zone). */
export function monthStart(yymm: string, clock: LegacyClock): number {
  return dayjs.tz(`20${yymm.slice(0, 2)}-${yymm.slice(2, 4)}-01T00:00:00`, clock.timezone).valueOf() + clock.offsetHours * 3600_000;
}

const STAMP = /(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})\s*$/;

/**
 * The book's reports end with a second timestamp the PHP code appended to the message (figure 4.5:
 * `07:31:23` in `jam`, `02:31:23` in `pesan`). The whole hours between the two, or undefined without one: the
 * importer counts them so the operator sees which clock slipped before choosing --clock-offset-hours.
 */
export function stampSlipHours(
  tanggal: string | null | undefined,
  jam: string | null | undefined,
  pesan: string | null | undefined,
): number | undefined {
  const m = STAMP.exec((pesan ?? '').trim());
  const utcClock = { timezone: 'UTC', offsetHours: 0 };
  const column = legacyInstant(tanggal, jam, utcClock);
  const stamp = m ? legacyInstant(m[1]!, m[2]!, utcClock) : undefined;
  if (column === undefined || stamp === undefined) return undefined;
  return Math.round((column - stamp) / 3600_000);
}
