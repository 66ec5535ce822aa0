import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../../db/create-db';
import type { TicketFilter } from './ticket-filter.repository';
import { effectiveSort, NO_DUE, sortedPage, sortExpression, sortValue, type TicketSort } from './ticket-sort.repository';
import { readActiveAssignments, toSummary, type TicketRow, type TicketSummary } from './ticket-summary.repository';

/**
 * Every matching ticket in `sort` order, `batchSize` at a time, for exports. Batches follow
 * each other by keyset (the last row's sort value and id), not OFFSET, so the 200th batch
 * costs what the first does. Each batch is two queries; nothing else is held in memory.
 *
 * A batch is its rows, made into summaries one at a time as the caller iterates (consume it
 * before asking for the next): 500 summaries alive at once were enough for V8 to judge that the
 * summaries outlive young-generation collections and to allocate every later one straight into
 * the old generation, which then grew by ~100 MB per 100,000 rows until full collections
 * (issue 17 part 5, bench/README.md). One at a time, each dies young.
 */
export async function* iterateTickets(
  ex: Executor,
  f: TicketFilter,
  asked: TicketSort,
  batchSize = 500,
): AsyncGenerator<Iterable<TicketSummary>> {
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
    yield summaries(rows, await activeAssignments(ex, rows));
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1]!;
    after = { value: sortValue(last, sort), id: Number(last.id) };
  }
}

/** A batch's active assignments, ordered by ticket then id, and where each ticket's run of them starts. */
interface Assignments {
  rows: Awaited<ReturnType<typeof readActiveAssignments>>;
  start: Map<number, number>;
}

/**
 * The active technicians of a batch's tickets, as withAssignees reads them. Kept as the driver's rows
 * with an index rather than a list of assignee objects per ticket made up front: those lived as long
 * as the batch, and V8 moved every later one straight to the old generation.
 */
async function activeAssignments(ex: Executor, tickets: TicketRow[]): Promise<Assignments> {
  const rows = await readActiveAssignments(ex, tickets);
  const start = new Map<number, number>();
  rows.forEach((a, i) => {
    if (!start.has(Number(a.ticket_id))) start.set(Number(a.ticket_id), i);
  });
  return { rows, start };
}

/** The ticket's technicians, in the order they were assigned. */
function assigneesOf(ticketId: number, active: Assignments): TicketSummary['assignees'] {
  const list: TicketSummary['assignees'] = [];
  for (let i = active.start.get(ticketId) ?? active.rows.length; i < active.rows.length; i++) {
    const a = active.rows[i]!;
    if (Number(a.ticket_id) !== ticketId) break;
    list.push({ assignmentId: Number(a.id), staffId: a.staff_id, name: a.name });
  }
  return list;
}

/** The batch's summaries, one at a time (see iterateTickets). */
function* summaries(rows: TicketRow[], active: Assignments): Generator<TicketSummary> {
  for (const r of rows) yield toSummary(r, assigneesOf(Number(r.id), active));
}
