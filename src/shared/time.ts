import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import 'dayjs/locale/id';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Abbreviation shown after times, as people in Indonesia write it. */
const zoneLabels: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

export const zoneLabel = (tz: string) => zoneLabels[tz] ?? tz;

/** `16 September 2024 Jam 18:28:57 WIB`, the book's format for chat replies. */
export function formatChatDateTime(epochMs: number, tz: string): string {
  const d = dayjs(epochMs).tz(tz).locale('id');
  return `${d.format('D MMMM YYYY')} Jam ${d.format('HH:mm:ss')} ${zoneLabel(tz)}`;
}

/** `16 Sep 2024` for short listings. */
export function formatChatDate(epochMs: number, tz: string): string {
  return dayjs(epochMs).tz(tz).locale('id').format('D MMM YYYY');
}

/** `2409` for a moment in September 2024 in the given zone: the period of a tracking number. */
export function yearMonthIn(epochMs: number, tz: string): string {
  return dayjs(epochMs).tz(tz).format('YYMM');
}
