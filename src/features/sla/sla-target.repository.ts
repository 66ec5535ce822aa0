import type { Executor } from '../../db/create-db';
import type { TicketPriority } from '../../db/database';

/** Minutes per clock; null = no target for that clock. Working minutes, wall-clock for `darurat`. */
export interface TargetMinutes {
  assignMinutes: number | null;
  startMinutes: number | null;
  finishMinutes: number | null;
}

const NO_TARGET: TargetMinutes = { assignMinutes: null, startMinutes: null, finishMinutes: null };

/**
 * The target of a ticket: its category's own row for this priority, else the default row (no category)
 * for the priority, else no target at all.
 */
export async function findTarget(ex: Executor, categoryId: number | null, priority: TicketPriority): Promise<TargetMinutes> {
  const rows = await ex
    .selectFrom('sla_targets')
    .select(['category_id', 'assign_minutes', 'start_minutes', 'finish_minutes'])
    .where('priority', '=', priority)
    .where((w) =>
      categoryId === null ? w('category_id', 'is', null) : w.or([w('category_id', '=', categoryId), w('category_id', 'is', null)]),
    )
    .execute();
  const row = rows.find((r) => r.category_id !== null) ?? rows[0];
  return row ? { assignMinutes: row.assign_minutes, startMinutes: row.start_minutes, finishMinutes: row.finish_minutes } : NO_TARGET;
}
