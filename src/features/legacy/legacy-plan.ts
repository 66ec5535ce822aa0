import { legacyEntities, type EntityCounts, type LegacyEntity, type LegacyPlan, type TargetState } from './legacy-plan.model';
import { planEmployees, planStaff } from './legacy-people.plan';
import type { LegacySnapshot } from './legacy-schema';
import type { LegacyClock } from './legacy-time';
import { planHistory } from './legacy-history.plan';
import { planTickets } from './legacy-tickets.plan';

/**
 * Everything the import would do, decided before anything is written: the same plan serves the dry run
 * (printed) and the real run (written batch by batch). Pure: the old rows and what the new database already
 * holds in, the plan out.
 */
export function planLegacyImport(src: LegacySnapshot, target: TargetState, clock: LegacyClock): LegacyPlan {
  const counts = Object.fromEntries(
    legacyEntities.map((e) => [e, { read: 0, create: 0, existing: 0, skipped: 0, repaired: 0 } satisfies EntityCounts]),
  ) as Record<LegacyEntity, EntityCounts>;
  const plan: LegacyPlan = { employees: [], staff: [], linkedPeople: [], tickets: [], counts, problems: [], stampSlips: new Map() };
  planEmployees(src, target, plan);
  planStaff(src, target, plan);
  planHistory(src, target, plan, clock, planTickets(src, target, plan, clock));
  // tb_in holds the questions people asked about their reports and the answers they got: read and counted, not carried.
  counts.message.read = src.tb_in.length;
  return plan;
}
