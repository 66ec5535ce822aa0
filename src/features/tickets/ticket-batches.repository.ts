import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../../db/create-db';
import type { TicketFilter } from './ticket-filter.repository';
import { effectiveSort, NO_DUE, sortedPage, sortExpression, sortValue, type TicketSort } from './ticket-sort.repository';
import { withAssignees, type TicketSummary } from './ticket-summary.repository';

/**
 * Every matching ticket in `sort` order, `batchSize` at a time, for exports. Batches follow
 * each other by keyset (the last row's sort value and id), not OFFSET, so the 200th batch
 * costs what the first does. Each batch is two queries; nothing else is held in memory.
 */
export async function* iterateTickets(ex: Executor, f: TicketFilter, asked: TicketSort, batchSize = 500): AsyncGenerator<TicketSummary[]> {
  const sort = effectiveSort(f, asked);
  let after: { value: string | number; id: number } | undefined;
  // NULL compares to nothing: the keyset compares the due as NO_DUE stands for it, in the order's place either way.
  const key =
    sort.key === 'dueAt'
      ? sql`coalesce(${sql.ref('tickets.sla_due_at')}, ${sql.lit(NO_DUE[sort.order])})`
      : sortExpression(sort.key, sort.order);
  const cmp = sort.order === 'asc' ? sql.raw('>') : sql.raw('<');
  const cmpOrEqual = sort.order === 'asc' ? sql.raw('>=') : sql.raw('<=');
  for (;;) {
    let qb = sortedPage(ex, f, sort).limit(batchSize);
    if (after) {
      const { value, id } = after;
      // Written as `key >= v and (key > v or id > i)` (for asc) rather than the plain OR, so
      // both dialects can start an index range scan at v instead of scanning from the top.
      qb = qb.where(sql<SqlBool>`(${key} ${cmpOrEqual} ${value} and (${key} ${cmp} ${value} or ${sql.ref('tickets.id')} ${cmp} ${id}))`);
    }
    const rows = await qb.execute();
    if (rows.length === 0) return;
    yield await withAssignees(ex, rows);
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1]!;
    after = { value: sortValue(last, sort), id: Number(last.id) };
  }
}
