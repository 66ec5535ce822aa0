import type { TicketStatus } from '../../db/database';
import { ticketStatuses } from '../tickets/ticket-status';
import type { ServiceLevelStats } from './stats-sla.service';
import { addTally, clocks, durationKinds, emptyTally, type DaySummary, type DurationKind, type Tally } from './stats-day';
import { quantile, type TicketStats } from './stats.service';

/** Names the summaries leave out (they change without the tickets changing), read when the statistics are asked. */
export interface StatsNames {
  /** Category id → name and place in the list; a missing id reads as no category, as the live join does. */
  categories: Map<number, { name: string; order: number }>;
  /** The technicians of the period in the order the live statistics list them (by name, then id, as the database sorts). */
  staff: Array<{ id: string; name: string }>;
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

/** Values ≤ x in an ascending list. */
function countUpTo(list: readonly number[], x: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The value at 0-based rank k of the union of ascending integer lists: the least x with more than
 * k values ≤ x, by bisection over the values. A binary search per list and step, so a year of days
 * costs microseconds where sorting their values together costs a tenth of a second.
 */
function kthOfSorted(lists: readonly (readonly number[])[], k: number): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const l of lists) {
    if (l.length === 0) continue;
    lo = Math.min(lo, l[0]!);
    hi = Math.max(hi, l.at(-1)!);
  }
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (lists.reduce((n, l) => n + countUpTo(l, mid), 0) > k) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

async function percentiles(lists: number[][]): Promise<{ count: number; medianMs: number | null; p90Ms: number | null }> {
  const count = lists.reduce((n, l) => n + l.length, 0);
  // Durations are differences of epoch ms, whole numbers; the bisection relies on it, so anything else is sorted.
  if (!lists.every((l) => l.every(Number.isInteger))) lists = [Array.from(Float64Array.from(lists.flat()).sort())];
  const read = async (offset: number, limit: number) =>
    Array.from({ length: Math.min(limit, count - offset) }, (_, i) => kthOfSorted(lists, offset + i));
  return { count, medianMs: await quantile(count, 0.5, read), p90Ms: await quantile(count, 0.9, read) };
}

const compliance = (t: Tally) =>
  Object.fromEntries(
    clocks.map((c) => [c, { met: t.met[c][0], onTime: t.met[c][1], rate: ratio(t.met[c][1], t.met[c][0]) }]),
  ) as ServiceLevelStats['sla']['overall'];
const rating = (t: Tally) => ({ rated: t.rated, average: ratio(t.scoreSum, t.rated) });

/**
 * The statistics of a period from its days' summaries, `days` keyed by day with `months` the
 * period's months (`YYYY-MM`, oldest first): the same numbers ticketStats and serviceLevelStats
 * give when they read the period's tickets.
 */
export async function combineDays(
  days: Map<string, DaySummary>,
  months: string[],
  names: StatsNames,
): Promise<TicketStats & ServiceLevelStats> {
  const byStatus = Object.fromEntries(ticketStatuses.map((s) => [s, 0])) as Record<TicketStatus, number>;
  const perMonth = months.map((month) => ({ month, tickets: 0 }));
  const monthTally = months.map(() => emptyTally());
  const durations = Object.fromEntries(durationKinds.map((k) => [k, [] as number[][]])) as Record<DurationKind, number[][]>;
  const categories = new Map<string, Tally>();
  const staff = new Map<string, Tally & { open: number; finished: number }>();
  const overall = emptyTally();
  const scores: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  let [assigned, finished, merged, followers, asked, finishedOnce, reopened] = [0, 0, 0, 0, 0, 0, 0];
  for (const [day, d] of days) {
    const m = months.indexOf(day.slice(0, 7));
    for (const [status, [n, a, f, mg]] of Object.entries(d.status) as [TicketStatus, [number, number, number, number]][]) {
      byStatus[status] += n - mg;
      perMonth[m]!.tickets += n - mg;
      assigned += a;
      finished += f;
      merged += mg;
    }
    followers += d.followers;
    for (const k of durationKinds) if (d.durations[k].length) durations[k].push(d.durations[k]);
    for (const [id, t] of Object.entries(d.categories)) {
      addTally(categories.get(id) ?? categories.set(id, emptyTally()).get(id)!, t);
      addTally(overall, t);
      addTally(monthTally[m]!, t);
    }
    for (const [id, t] of Object.entries(d.staff)) {
      const s = staff.get(id) ?? staff.set(id, { ...emptyTally(), open: 0, finished: 0 }).get(id)!;
      addTally(s, t);
      s.open += t.open;
      s.finished += t.finished;
    }
    asked += d.asked;
    d.scores.forEach((n, i) => (scores[i]! += n));
    finishedOnce += d.finishedOnce;
    reopened += d.reopened;
  }
  const total = perMonth.reduce((a, m) => a + m.tickets, 0);
  const [timeToFirstAssignment, timeToFinish, toAssign, toStart, toFinish] = await Promise.all(
    (['assign', 'finish', 'workAssign', 'workStart', 'workFinish'] as const).map((k) => percentiles(durations[k])),
  );
  const technicians = names.staff.filter((s) => staff.has(s.id)).map((s) => ({ ...s, t: staff.get(s.id)! }));
  const overallRating = rating(overall);
  return {
    total,
    demand: { requests: total + merged + followers, tickets: total, mergedTickets: merged, followers },
    byStatus,
    perMonth,
    timeToFirstAssignment: { ...timeToFirstAssignment!, count: assigned },
    timeToFinish: { ...timeToFinish!, count: finished },
    technicians: technicians.map(({ id, name, t }) => ({ staffId: id, name, open: t.open, finished: t.finished })),
    rating: { asked, ...overallRating, responseRate: ratio(overallRating.rated, asked), scores },
    reopen: { finished: finishedOnce, reopened, rate: ratio(reopened, finishedOnce) },
    sla: {
      overall: compliance(overall),
      byCategory: [...categories.entries()]
        .map(([key, t]) => {
          const categoryId = key === 'null' ? null : Number(key);
          const c = categoryId === null ? undefined : names.categories.get(categoryId);
          return { categoryId, name: c?.name ?? 'Tanpa kategori', order: c?.order ?? Number.MAX_SAFE_INTEGER, t };
        })
        .sort((a, b) => a.order - b.order || a.name.localeCompare(b.name))
        .map(({ categoryId, name, t }) => ({ categoryId, name, ...compliance(t), ...rating(t) })),
      byTechnician: [...technicians]
        .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
        .map(({ id, name, t }) => ({ staffId: id, name, ...compliance(t), ...rating(t) })),
      byMonth: months.map((month, i) => ({ month, ...compliance(monthTally[i]!) })),
    },
    workingTime: { toAssign: toAssign!, toStart: toStart!, toFinish: toFinish! },
  };
}
