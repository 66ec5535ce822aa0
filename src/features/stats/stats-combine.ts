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

async function percentiles(values: number[]): Promise<{ count: number; medianMs: number | null; p90Ms: number | null }> {
  const sorted = Float64Array.from(values).sort();
  const read = async (offset: number, limit: number) => Array.from(sorted.subarray(offset, offset + limit));
  return { count: sorted.length, medianMs: await quantile(sorted.length, 0.5, read), p90Ms: await quantile(sorted.length, 0.9, read) };
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
  const durations = Object.fromEntries(durationKinds.map((k) => [k, [] as number[]])) as Record<DurationKind, number[]>;
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
    for (const k of durationKinds) for (const v of d.durations[k]) durations[k].push(v);
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
