import type { Executor } from '../../db/create-db';
import type { TicketStatus } from '../../db/database';
import { AppError } from '../../errors';
import { ticketStatuses } from '../tickets/ticket-status';
import { addDays, calendarDayIn, startOfDayIn } from '../../shared/time';
import { countFollowersInRange, listMergedInRange } from './stats-demand.repository';
import {
  countPerBucket,
  durationsAtRanks,
  technicianLoad,
  type CreatedRange,
  type DurationEnd,
  type TechnicianLoad,
} from './stats.repository';

/** More months than this in one request is a mistake, not a chart. */
const MAX_MONTHS = 240;
/** Month range scans per statement (SQLite allows 500 arms in a UNION ALL; stay far below). */
const MONTHS_PER_QUERY = 120;
/** The period when the request names none: the last 30 days, today included. */
export const DEFAULT_DAYS = 30;

interface DurationStats {
  /** Tickets that reached the end point. */
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}

/**
 * Requests against tickets: every ticket is one, a ticket merged into another one more (its reporter
 * asked too), each #ikut follower one more. `requests` is what the desk was asked; `total` how many faults.
 */
interface Demand {
  requests: number;
  tickets: number;
  mergedTickets: number;
  followers: number;
}

export interface TicketStats {
  /** Tickets created in the period, those merged into another left out (they are demand, not work). */
  total: number;
  demand: Demand;
  byStatus: Record<TicketStatus, number>;
  /** `YYYY-MM` in the app's zone, every month of the range, oldest first. */
  perMonth: { month: string; tickets: number }[];
  timeToFirstAssignment: DurationStats;
  timeToFinish: DurationStats;
  technicians: TechnicianLoad[];
}

/** `2024-09` of a moment, in `tz`. */
const monthOf = (ms: number, tz: string) => calendarDayIn(ms, tz).slice(0, 7);

/** Start of the month `ym` (`2024-09`) in `tz`, epoch ms. */
const monthStart = (ym: string, tz: string) => startOfDayIn(`${ym}-01`, tz);

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
 * The period asked for, as days in `tz`, both included. Without `to` it ends today; without
 * `from` it starts DEFAULT_DAYS − 1 days before `to`. Statistics over every ticket ever filed
 * would grow with the table; a period keeps each request's work bounded.
 */
export function statsPeriod(
  q: { from?: string | undefined; to?: string | undefined },
  now: number,
  tz: string,
): { from: string; to: string } {
  const today = calendarDayIn(now, tz);
  const to = q.to ?? (q.from && q.from > today ? q.from : today);
  const from = q.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  return { from, to };
}

/** The 0-based positions whose values the q-quantile of n sorted values interpolates between. */
export function quantileOffsets(n: number, q: number): number[] {
  if (n === 0) return [];
  const lo = Math.floor((n - 1) * q);
  return lo + 1 < n ? [lo, lo + 1] : [lo];
}

/**
 * The q-quantile (0…1) of n sorted values by linear interpolation between the closest
 * ranks (the usual "type 7": the median of 1,2,3,4 is 2.5). Reads at most two values.
 */
export async function quantile(n: number, q: number, read: (offset: number, limit: number) => Promise<number[]>): Promise<number | null> {
  if (n === 0) return null;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const [a, b] = await read(lo, quantileOffsets(n, q).length);
  if (a === undefined) return null;
  return Math.round(b === undefined ? a : a + (h - lo) * (b - a));
}

/** Median and 90th percentile of the `count` durations to `end`: one query for all four ranks. */
async function durationStats(ex: Executor, r: CreatedRange, end: DurationEnd, count: number): Promise<DurationStats> {
  const ranks = [...new Set([...quantileOffsets(count, 0.5), ...quantileOffsets(count, 0.9)])].map((o) => o + 1);
  const values = await durationsAtRanks(ex, r, end, ranks);
  const read = async (offset: number, limit: number) =>
    Array.from({ length: limit }, (_, i) => values.get(offset + i + 1)).filter((v): v is number => v !== undefined);
  return { count, medianMs: await quantile(count, 0.5, read), p90Ms: await quantile(count, 0.9, read) };
}

/**
 * The numbers behind the dashboard's charts for tickets created in `range`. Months follow
 * `tz`; months of the range without tickets are listed with 0. Six statements: the counts
 * per month and status, the merged tickets and followers (demand) side by side, then the two
 * percentile reads and the technicians side by side. Merged tickets count as demand, not tickets.
 */
export async function ticketStats(ex: Executor, range: CreatedRange, tz: string): Promise<TicketStats> {
  const { months, edges } = monthEdges(range.from, range.to - 1, tz);
  // The first and last month are cut to the range, so the scans never leave it.
  const cut = edges.map((e, i) => (i === 0 ? range.from : i === edges.length - 1 ? range.to : e));
  const counts = [];
  for (let i = 0; i < months.length; i += MONTHS_PER_QUERY) {
    const part = await countPerBucket(ex, cut.slice(i, i + MONTHS_PER_QUERY + 1));
    counts.push(...part.map((c) => ({ ...c, bucket: c.bucket + i })));
  }
  const byStatus = Object.fromEntries(ticketStatuses.map((s) => [s, 0])) as Record<TicketStatus, number>;
  const perMonth = months.map((month) => ({ month, tickets: 0 }));
  let assigned = 0;
  let finished = 0;
  for (const c of counts) {
    byStatus[c.status] += c.tickets;
    perMonth[c.bucket]!.tickets += c.tickets;
    assigned += c.assigned;
    finished += c.finished;
  }
  const [merged, followers] = await Promise.all([listMergedInRange(ex, range), countFollowersInRange(ex, range)]);
  for (const m of merged) {
    byStatus[m.status] -= 1;
    perMonth[months.indexOf(monthOf(m.createdAt, tz))]!.tickets -= 1;
  }
  const [timeToFirstAssignment, timeToFinish, technicians] = await Promise.all([
    durationStats(ex, range, 'first_assigned_at', assigned),
    durationStats(ex, range, 'finished_at', finished),
    technicianLoad(ex, range),
  ]);
  const total = perMonth.reduce((a, m) => a + m.tickets, 0);
  const demand = { requests: total + merged.length + followers, tickets: total, mergedTickets: merged.length, followers };
  return { total, demand, byStatus, perMonth, timeToFirstAssignment, timeToFinish, technicians };
}
