import type { TicketStatus } from '../../db/database';
import type { WorkingCalendar } from '../sla/working-calendar';
import type { ClockRow } from './stats-sla.repository';
import { WorkingTimeIndex } from './working-time-index';

/**
 * What GET /api/stats adds up of one day's tickets (the day they were created, in APP_TIMEZONE):
 * counts that sum across days, and the durations whose percentiles need every value. A closed
 * day's summary is stored (stats_day_summaries); today's is made from the tickets at each read.
 * Made by `summariseDays` from the same rows the live statistics read, so adding days up gives
 * exactly what reading the whole period gives.
 */
export interface DaySummary {
  /** Per status: [tickets, of those ever assigned, finished, merged into another]. */
  status: Partial<Record<TicketStatus, [number, number, number, number]>>;
  followers: number;
  /** Ms from creation, each list ascending: raw to first assignment and to finish; working time to assignment, start and finish. */
  durations: Record<DurationKind, number[]>;
  /** Per category id (`null` as "null"): the clocks met / on time and the ratings of its tickets. */
  categories: Record<string, Tally>;
  /** Per technician (active assignments): their tickets open and finished, and those tickets' clocks and ratings. */
  staff: Record<string, Tally & { open: number; finished: number }>;
  asked: number;
  scores: [number, number, number, number, number];
  /** Tickets finished at least once (finished now, or sent back by the reporter). */
  finishedOnce: number;
  reopened: number;
}

export type DurationKind = 'assign' | 'finish' | 'workAssign' | 'workStart' | 'workFinish';
export const durationKinds: DurationKind[] = ['assign', 'finish', 'workAssign', 'workStart', 'workFinish'];

export const clocks = ['assign', 'start', 'finish'] as const;
type Clock = (typeof clocks)[number];

/** Clocks met with a due ([met, on time] per clock) and ratings (how many, their sum). */
export interface Tally {
  met: Record<Clock, [number, number]>;
  rated: number;
  scoreSum: number;
}

export const emptyTally = (): Tally => ({ met: { assign: [0, 0], start: [0, 0], finish: [0, 0] }, rated: 0, scoreSum: 0 });

/** Adds a ticket's clocks and score to `t`, as the live statistics count them. */
function addTicket(t: Tally, row: ClockRow): void {
  for (const c of clocks) {
    const met = row.met[c];
    const due = row.due[c];
    if (met === null || due === null) continue;
    t.met[c][0] += 1;
    if (met <= due) t.met[c][1] += 1;
  }
  if (row.score !== null) {
    t.rated += 1;
    t.scoreSum += row.score;
  }
}

export function addTally(into: Tally, t: Tally): void {
  for (const c of clocks) {
    into.met[c][0] += t.met[c][0];
    into.met[c][1] += t.met[c][1];
  }
  into.rated += t.rated;
  into.scoreSum += t.scoreSum;
}

/** A day without tickets. */
export const emptyDay = (): DaySummary => ({
  status: {},
  followers: 0,
  durations: { assign: [], finish: [], workAssign: [], workStart: [], workFinish: [] },
  categories: {},
  staff: {},
  asked: 0,
  scores: [0, 0, 0, 0, 0],
  finishedOnce: 0,
  reopened: 0,
});

/** One ticket as the summary reads it: its clocks and rating, its status and raw end points. */
export interface TicketFact extends ClockRow {
  status: TicketStatus;
}

/** The rows of a span of days, as the repository reads them. */
export interface SpanFacts {
  tickets: TicketFact[];
  merged: Array<{ createdAt: number; status: TicketStatus }>;
  /** The creation time of the ticket of each `#ikut` follower. */
  followerTickets: number[];
  technicians: Array<{ ticketId: number; staffId: string }>;
  reopenedIds: number[];
}

/** How far past the span the working-time index reaches (as the live statistics). */
const INDEX_TAIL_MS = 31 * 24 * 60 * 60_000;

/** The summaries of the days of [from, to) that have tickets, keyed by day (`dayOf` a creation time). */
export function summariseDays(
  f: SpanFacts,
  span: { from: number; to: number },
  dayOf: (ms: number) => string,
  calendar: WorkingCalendar,
): Map<string, DaySummary> {
  const days = new Map<string, DaySummary>();
  const day = (ms: number) => {
    const key = dayOf(ms);
    let d = days.get(key);
    if (!d) days.set(key, (d = emptyDay()));
    return d;
  };
  const lastMet = f.tickets.reduce((m, r) => Math.max(m, r.met.assign ?? 0, r.met.start ?? 0, r.met.finish ?? 0), span.from);
  const work = new WorkingTimeIndex(calendar, span.from, Math.min(lastMet + 1, span.to + INDEX_TAIL_MS));
  const reopened = new Set(f.reopenedIds);
  const byId = new Map<number, TicketFact>();
  for (const t of f.tickets) {
    byId.set(t.id, t);
    const d = day(t.createdAt);
    const s = (d.status[t.status] ??= [0, 0, 0, 0]);
    s[0] += 1;
    if (t.met.assign !== null) {
      s[1] += 1;
      d.durations.assign.push(t.met.assign - t.createdAt);
    }
    if (t.met.finish !== null) {
      s[2] += 1;
      d.durations.finish.push(t.met.finish - t.createdAt);
    }
    addTicket((d.categories[String(t.categoryId)] ??= emptyTally()), t);
    if (t.askedAt !== null) d.asked += 1;
    if (t.score !== null && t.score >= 1 && t.score <= 5) d.scores[t.score - 1]! += 1;
    if (t.met.finish !== null || reopened.has(t.id)) d.finishedOnce += 1;
    if (reopened.has(t.id)) d.reopened += 1;
    if (t.met.assign !== null) d.durations.workAssign.push(work.between(t.createdAt, t.met.assign));
    if (t.met.start !== null) d.durations.workStart.push(work.between(t.createdAt, t.met.start));
    if (t.met.finish !== null) d.durations.workFinish.push(work.between(t.createdAt, t.met.finish));
  }
  // Sorted, so the percentiles of many days are found without sorting their values together (kthOfSorted).
  for (const d of days.values()) for (const k of durationKinds) d.durations[k].sort((a, b) => a - b);
  for (const m of f.merged) (day(m.createdAt).status[m.status] ??= [0, 0, 0, 0])[3] += 1;
  for (const createdAt of f.followerTickets) day(createdAt).followers += 1;
  for (const a of f.technicians) {
    const t = byId.get(a.ticketId);
    if (!t) continue;
    const s = (day(t.createdAt).staff[a.staffId] ??= { ...emptyTally(), open: 0, finished: 0 });
    if (t.status === 'selesai' || t.status === 'ditutup') s.finished += 1;
    else s.open += 1;
    addTicket(s, t);
  }
  return days;
}
