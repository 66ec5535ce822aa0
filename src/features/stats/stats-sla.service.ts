import type { Executor } from '../../db/create-db';
import type { WorkingCalendar } from '../sla/working-calendar';
import { listClockRows, listPeriodTechnicians, listReporterReopened, type ClockRow } from './stats-sla.repository';
import type { CreatedRange } from './stats.repository';
import { monthEdges, quantile } from './stats.service';
import { WorkingTimeIndex } from './working-time-index';

const clocks = ['assign', 'start', 'finish'] as const;
/** How far past the period the working-time index reaches. */
const INDEX_TAIL_MS = 31 * 24 * 60 * 60_000;
type Clock = (typeof clocks)[number];

/** Of the clocks that were met (a due time and a met time), how many were met by their due time. */
interface Compliance {
  met: number;
  onTime: number;
  /** onTime / met; null when none was met. */
  rate: number | null;
}
type ClockCompliance = Record<Clock, Compliance>;

interface RatingSummary {
  rated: number;
  /** Mean score of the rated; null when none. */
  average: number | null;
}

interface WorkingDuration {
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}

export interface ServiceLevelStats {
  rating: RatingSummary & {
    asked: number;
    /** rated / asked; null when nobody was asked. */
    responseRate: number | null;
    /** How many gave 1, 2, 3, 4 and 5. */
    scores: [number, number, number, number, number];
  };
  reopen: {
    /** Tickets finished at least once (finished now, or sent back by their reporter). */
    finished: number;
    /** Of those, sent back by the reporter with #belum. */
    reopened: number;
    rate: number | null;
  };
  sla: {
    overall: ClockCompliance;
    /** Categories of the period's tickets, in the categories' order; `categoryId` null = none recognised. */
    byCategory: ({ categoryId: number | null; name: string } & ClockCompliance & RatingSummary)[];
    /** The technicians on the period's tickets (not withdrawn), by name. */
    byTechnician: ({ staffId: string; name: string } & ClockCompliance & RatingSummary)[];
    /** Every month of the period, as perMonth. */
    byMonth: ({ month: string } & ClockCompliance)[];
  };
  /** Created → first assigned / first started / finished, counted on the working calendar. */
  workingTime: Record<'toAssign' | 'toStart' | 'toFinish', WorkingDuration>;
}

/** Adds tickets' clocks and scores up; one per group. */
class Tally {
  readonly clocks: ClockCompliance = {
    assign: { met: 0, onTime: 0, rate: null },
    start: { met: 0, onTime: 0, rate: null },
    finish: { met: 0, onTime: 0, rate: null },
  };
  private rated = 0;
  private scoreSum = 0;

  add(row: ClockRow): void {
    for (const c of clocks) {
      const met = row.met[c];
      const due = row.due[c];
      if (met === null || due === null) continue;
      this.clocks[c].met += 1;
      if (met <= due) this.clocks[c].onTime += 1;
    }
    if (row.score !== null) {
      this.rated += 1;
      this.scoreSum += row.score;
    }
  }

  compliance(): ClockCompliance {
    for (const c of clocks) this.clocks[c].rate = ratio(this.clocks[c].onTime, this.clocks[c].met);
    return this.clocks;
  }

  rating(): RatingSummary {
    return { rated: this.rated, average: ratio(this.scoreSum, this.rated) };
  }
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

async function workingDuration(values: number[]): Promise<WorkingDuration> {
  const sorted = values.sort((a, b) => a - b);
  const read = async (offset: number, limit: number) => sorted.slice(offset, offset + limit);
  return { count: sorted.length, medianMs: await quantile(sorted.length, 0.5, read), p90Ms: await quantile(sorted.length, 0.9, read) };
}

/** Index of the bucket [edges[i], edges[i + 1]) holding t. */
function bucketOf(edges: readonly number[], t: number): number {
  let i = 0;
  while (i + 2 < edges.length && t >= edges[i + 1]!) i++;
  return i;
}

/**
 * Rating, reopen rate, SLA compliance (per category, technician and month) and working-time
 * percentiles of the tickets created in `range`. Three bounded reads of the period (its tickets
 * with their clocks and ratings, their technicians, their reporters' reopens), then arithmetic in
 * JS: the working time of each met clock comes from the calendar's spans over the period, found
 * once (WorkingTimeIndex), so a month costs a few hundred calendar calls however many tickets it has.
 */
export async function serviceLevelStats(
  ex: Executor,
  range: CreatedRange,
  tz: string,
  calendar: WorkingCalendar,
): Promise<ServiceLevelStats> {
  const [rows, technicians, reopenedIds] = await Promise.all([
    listClockRows(ex, range),
    listPeriodTechnicians(ex, range),
    listReporterReopened(ex, range),
  ]);
  const { months, edges } = monthEdges(range.from, range.to - 1, tz);
  const overall = new Tally();
  const perMonth = months.map(() => new Tally());
  const perCategory = new Map<number | null, { name: string; order: number; tally: Tally }>();
  const byId = new Map<number, ClockRow>();
  const scores: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  const durations: Record<Clock, number[]> = { assign: [], start: [], finish: [] };
  let asked = 0;
  let finished = 0;
  const reopened = new Set(reopenedIds);
  // Clocks met long after the period are rare: the index covers a month past it, the calendar the rest.
  const lastMet = rows.reduce((m, r) => Math.max(m, r.met.assign ?? 0, r.met.start ?? 0, r.met.finish ?? 0), range.from);
  const work = new WorkingTimeIndex(calendar, range.from, Math.min(lastMet + 1, range.to + INDEX_TAIL_MS));

  for (const row of rows) {
    byId.set(row.id, row);
    overall.add(row);
    perMonth[bucketOf(edges, row.createdAt)]!.add(row);
    const cat = perCategory.get(row.categoryId) ?? {
      name: row.categoryName ?? 'Tanpa kategori',
      order: row.categoryOrder ?? Number.MAX_SAFE_INTEGER,
      tally: new Tally(),
    };
    perCategory.set(row.categoryId, cat);
    cat.tally.add(row);
    if (row.askedAt !== null) asked += 1;
    if (row.score !== null && row.score >= 1 && row.score <= 5) scores[row.score - 1]! += 1;
    if (row.met.finish !== null || reopened.has(row.id)) finished += 1;
    for (const c of clocks) {
      const met = row.met[c];
      if (met !== null) durations[c].push(work.between(row.createdAt, met));
    }
  }

  const perTechnician = new Map<string, { name: string; tally: Tally }>();
  for (const t of technicians) {
    const row = byId.get(t.ticketId);
    if (!row) continue;
    const tech = perTechnician.get(t.staffId) ?? { name: t.name, tally: new Tally() };
    perTechnician.set(t.staffId, tech);
    tech.tally.add(row);
  }

  const rating = overall.rating();
  return {
    rating: { asked, ...rating, responseRate: ratio(rating.rated, asked), scores },
    reopen: { finished, reopened: reopened.size, rate: ratio(reopened.size, finished) },
    sla: {
      overall: overall.compliance(),
      byCategory: [...perCategory.entries()]
        .sort(([, a], [, b]) => a.order - b.order || a.name.localeCompare(b.name))
        .map(([categoryId, c]) => ({ categoryId, name: c.name, ...c.tally.compliance(), ...c.tally.rating() })),
      byTechnician: [...perTechnician.entries()]
        .sort(([ia, a], [ib, b]) => a.name.localeCompare(b.name) || ia.localeCompare(ib))
        .map(([staffId, t]) => ({ staffId, name: t.name, ...t.tally.compliance(), ...t.tally.rating() })),
      byMonth: months.map((month, i) => ({ month, ...perMonth[i]!.compliance() })),
    },
    workingTime: {
      toAssign: await workingDuration(durations.assign),
      toStart: await workingDuration(durations.start),
      toFinish: await workingDuration(durations.finish),
    },
  };
}
