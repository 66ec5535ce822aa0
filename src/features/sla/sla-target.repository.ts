import type { Executor } from '../../db/create-db';
import type { TicketPriority } from '../../db/database';

/** Minutes per clock; null = no target for that clock. Working minutes, wall-clock for `darurat`. */
export interface TargetMinutes {
  assignMinutes: number | null;
  startMinutes: number | null;
  finishMinutes: number | null;
}

const NO_TARGET: TargetMinutes = { assignMinutes: null, startMinutes: null, finishMinutes: null };

/** Every stored target, to look up a ticket's (see `of`): a table of a few rows per category. */
export interface TargetTable {
  /** Its category's own row for this priority, else the default row (no category) of the priority, else no target. */
  of(categoryId: number | null, priority: TicketPriority): TargetMinutes;
}

export async function loadTargetTable(ex: Executor): Promise<TargetTable> {
  const rows = await ex
    .selectFrom('sla_targets')
    .select(['category_id', 'priority', 'assign_minutes', 'start_minutes', 'finish_minutes'])
    .execute();
  const byKey = new Map(
    rows.map((r) => [
      `${r.category_id ?? ''}|${r.priority}`,
      { assignMinutes: r.assign_minutes, startMinutes: r.start_minutes, finishMinutes: r.finish_minutes },
    ]),
  );
  return {
    of: (categoryId, priority) =>
      (categoryId !== null ? byKey.get(`${categoryId}|${priority}`) : undefined) ?? byKey.get(`|${priority}`) ?? NO_TARGET,
  };
}

/** A stored target with its category's name (null for the default row of a priority). */
export interface SlaTargetRecord extends TargetMinutes {
  id: number;
  categoryId: number | null;
  categoryName: string | null;
  priority: TicketPriority;
  updatedAt: number;
}

function targets(ex: Executor) {
  return ex
    .selectFrom('sla_targets as t')
    .leftJoin('categories as c', 'c.id', 't.category_id')
    .select([
      't.id',
      't.category_id',
      'c.name as category_name',
      'c.sort_order',
      't.priority',
      't.assign_minutes',
      't.start_minutes',
      't.finish_minutes',
      't.updated_at',
    ]);
}

type TargetRow = Awaited<ReturnType<ReturnType<typeof targets>['executeTakeFirstOrThrow']>>;
const toRecord = (r: TargetRow): SlaTargetRecord => ({
  id: r.id,
  categoryId: r.category_id,
  categoryName: r.category_name,
  priority: r.priority,
  assignMinutes: r.assign_minutes,
  startMinutes: r.start_minutes,
  finishMinutes: r.finish_minutes,
  updatedAt: r.updated_at,
});

const PRIORITY_ORDER: TicketPriority[] = ['darurat', 'tinggi', 'normal', 'rendah'];

/** Every target: the defaults first, then by category as the category list orders them; by urgency within. */
export async function listTargets(ex: Executor): Promise<SlaTargetRecord[]> {
  const rows = await targets(ex).execute();
  const rank = (r: TargetRow) => (r.category_id === null ? -1 : (r.sort_order ?? 0));
  rows.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.category_id ?? 0) - (b.category_id ?? 0) ||
      PRIORITY_ORDER.indexOf(a.priority) - PRIORITY_ORDER.indexOf(b.priority),
  );
  return rows.map(toRecord);
}

export async function findTargetById(ex: Executor, id: number): Promise<SlaTargetRecord | undefined> {
  const row = await targets(ex).where('t.id', '=', id).executeTakeFirst();
  return row && toRecord(row);
}

/** The row of exactly this category (or the default row, for null) and priority. */
export async function findTargetRow(
  ex: Executor,
  categoryId: number | null,
  priority: TicketPriority,
): Promise<SlaTargetRecord | undefined> {
  const row = await targets(ex)
    .where('t.priority', '=', priority)
    .where('t.category_id', categoryId === null ? 'is' : '=', categoryId)
    .executeTakeFirst();
  return row && toRecord(row);
}

export async function categoryExists(ex: Executor, categoryId: number): Promise<boolean> {
  return !!(await ex.selectFrom('categories').select('id').where('id', '=', categoryId).executeTakeFirst());
}

const columnsOf = (m: TargetMinutes, now: number) => ({
  assign_minutes: m.assignMinutes,
  start_minutes: m.startMinutes,
  finish_minutes: m.finishMinutes,
  updated_at: now,
});

export async function insertTarget(
  ex: Executor,
  categoryId: number | null,
  priority: TicketPriority,
  m: TargetMinutes,
  now: number,
): Promise<void> {
  await ex
    .insertInto('sla_targets')
    .values({ category_id: categoryId, priority, ...columnsOf(m, now) })
    .execute();
}

export async function updateTarget(ex: Executor, id: number, m: TargetMinutes, now: number): Promise<void> {
  await ex.updateTable('sla_targets').set(columnsOf(m, now)).where('id', '=', id).execute();
}

export async function deleteTarget(ex: Executor, id: number): Promise<void> {
  await ex.deleteFrom('sla_targets').where('id', '=', id).execute();
}
