import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import type { Executor } from '../../db/create-db';
import type { TicketStatus } from '../../db/database';
import { AppError } from '../../errors';
import { ticketStatuses } from '../tickets/ticket-status';
import {
  countBetween,
  countByStatus,
  countDurations,
  createdSpan,
  durationsAt,
  technicianLoad,
  type CreatedRange,
  type DurationEnd,
  type TechnicianLoad,
} from './stats.repository';

dayjs.extend(utc);
dayjs.extend(timezone);

/** More months than this in one request is a mistake, not a chart. */
export const MAX_MONTHS = 240;
/** Month columns per counting query (SQLite allows 2,000 columns; stay far below). */
const MONTHS_PER_QUERY = 120;

export interface DurationStats {
  /** Tickets that reached the end point. */
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}

export interface TicketStats {
  total: number;
  byStatus: Record<TicketStatus, number>;
  /** `YYYY-MM` in the app's zone, every month of the range, oldest first. */
  perMonth: { month: string; tickets: number }[];
  timeToFirstAssignment: DurationStats;
  timeToFinish: DurationStats;
  technicians: TechnicianLoad[];
}

/** `2024-09` of a moment, in `tz`. */
const monthOf = (ms: number, tz: string) => dayjs(ms).tz(tz).format('YYYY-MM');

/** Start of the month `ym` (`2024-09`) in `tz`, epoch ms. */
const monthStart = (ym: string, tz: string) => dayjs.tz(`${ym}-01`, tz).valueOf();

function nextMonth(ym: string): string {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * The months from the one holding `first` to the one holding `last` (inclusive), in `tz`,
 * with their start moments plus the start of the month after: N months, N+1 edges.
 */
export function monthEdges(first: number, last: number, tz: string): { months: string[]; edges: number[] } {
  const months: string[] = [];
  const end = monthOf(last, tz);
  for (let ym = monthOf(first, tz); ; ym = nextMonth(ym)) {
    months.push(ym);
    if (ym >= end) break;
    if (months.length > MAX_MONTHS) {
      throw new AppError('VALIDATION_FAILED', `from: the range spans more than ${MAX_MONTHS} months`, { field: 'from' });
    }
  }
  return { months, edges: [...months, nextMonth(end)].map((ym) => monthStart(ym, tz)) };
}

/**
 * The q-quantile (0…1) of n sorted values by linear interpolation between the closest
 * ranks (the usual "type 7": the median of 1,2,3,4 is 2.5). Reads at most two values.
 */
export async function quantile(n: number, q: number, read: (offset: number, limit: number) => Promise<number[]>): Promise<number | null> {
  if (n === 0) return null;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const [a, b] = await read(lo, lo + 1 < n ? 2 : 1);
  if (a === undefined) return null;
  return Math.round(b === undefined ? a : a + (h - lo) * (b - a));
}

async function durationStats(ex: Executor, r: CreatedRange, end: DurationEnd): Promise<DurationStats> {
  const count = await countDurations(ex, r, end);
  const read = (offset: number, limit: number) => durationsAt(ex, r, end, offset, limit);
  return { count, medianMs: await quantile(count, 0.5, read), p90Ms: await quantile(count, 0.9, read) };
}

/**
 * The numbers behind the dashboard's charts for tickets created in `range` (either side
 * open). Months follow `tz`; months in the range without tickets are listed with 0.
 */
export async function ticketStats(ex: Executor, range: CreatedRange, tz: string): Promise<TicketStats> {
  const counted = await countByStatus(ex, range);
  const byStatus = Object.fromEntries(ticketStatuses.map((s) => [s, counted[s] ?? 0])) as Record<TicketStatus, number>;
  const total = Object.values(byStatus).reduce((a, b) => a + b, 0);

  let perMonth: TicketStats['perMonth'] = [];
  const span = range.from !== undefined && range.to !== undefined ? { first: range.from, last: range.to - 1 } : await createdSpan(ex, range);
  if (span) {
    const first = range.from ?? span.first;
    const last = range.to !== undefined ? range.to - 1 : span.last;
    const { months, edges } = monthEdges(first, last, tz);
    const counts: number[] = [];
    for (let i = 0; i < months.length; i += MONTHS_PER_QUERY) {
      counts.push(...(await countBetween(ex, range, edges.slice(i, i + MONTHS_PER_QUERY + 1))));
    }
    perMonth = months.map((month, i) => ({ month, tickets: counts[i] ?? 0 }));
  }

  return {
    total,
    byStatus,
    perMonth,
    timeToFirstAssignment: await durationStats(ex, range, 'first_assigned_at'),
    timeToFinish: await durationStats(ex, range, 'finished_at'),
    technicians: await technicianLoad(ex, range),
  };
}
