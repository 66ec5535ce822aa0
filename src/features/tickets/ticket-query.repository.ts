import { sql } from 'kysely';
import type { Executor } from '../../db/create-db';
import { filtered, type TicketFilter } from './ticket-filter.repository';
import { effectiveSort, sortedPage, type TicketSort } from './ticket-sort.repository';
import { withAssignees, withExtras, type TicketRow, type TicketSummary } from './ticket-summary.repository';
import { newestMatches } from './ticket-window-page.repository';

/** The desk's reads of tickets: a page of a list, and one ticket. */

export type { TicketSummary };

/**
 * Due ascending, tickets without a running clock last: first the page's tickets with a due, read in
 * (sla_due_at, id) order from that index; when they do not fill the page, the rest from the tickets
 * without one, in id order (the same index, its NULL part). The order NO_DUE.asc gives, from two
 * index range reads instead of a sort of every matching ticket. A `due` filter has a due on every match.
 */
async function dueAscending(ex: Executor, f: TicketFilter, page: { limit: number; offset: number }): Promise<TicketRow[]> {
  const base = () => filtered(ex, withExtras(ex.selectFrom('tickets').selectAll('tickets')), f);
  const running = await base()
    .where('tickets.sla_due_at', 'is not', null)
    .orderBy('tickets.sla_due_at', 'asc')
    .orderBy('tickets.id', 'asc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  if (running.length === page.limit || f.due) return running;
  // How many tickets with a due come before the page: all of them are before its end.
  const withDue = running.length > 0 || page.offset === 0 ? page.offset + running.length : await countWithDue(ex, f, page.offset);
  const rest = await base()
    .where('tickets.sla_due_at', 'is', null)
    .orderBy('tickets.id', 'asc')
    .limit(page.limit - running.length)
    .offset(Math.max(0, page.offset - withDue))
    .execute();
  return [...running, ...rest];
}

/** The matching tickets with a due, counted up to `max` (there are at most that many when the page found none past `max`). */
async function countWithDue(ex: Executor, f: TicketFilter, max: number): Promise<number> {
  const row = await ex
    .selectFrom((eb) =>
      filtered(ex, eb.selectFrom('tickets').select(sql<number>`1`.as('one')), f)
        .where('tickets.sla_due_at', 'is not', null)
        .limit(max)
        .as('m'),
    )
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One page of tickets: two queries (the page, then its technicians); a word search on MySQL, or due ascending, may take a third or fourth. */
export async function listTickets(
  ex: Executor,
  f: TicketFilter,
  sort: TicketSort,
  page: { limit: number; offset: number },
): Promise<TicketSummary[]> {
  const effective = effectiveSort(f, sort);
  const rows =
    (await newestMatches(ex, f, sort, page)) ??
    (effective.key === 'dueAt' && effective.order === 'asc'
      ? await dueAscending(ex, f, page)
      : await sortedPage(ex, f, effective).limit(page.limit).offset(page.offset).execute());
  return withAssignees(ex, rows);
}

/** One ticket with its active technicians, or undefined when it does not exist or is outside `visibleTo`'s scope. */
export async function findTicketSummary(
  ex: Executor,
  trackingNo: string,
  scope: Pick<TicketFilter, 'visibleTo'> = {},
): Promise<TicketSummary | undefined> {
  const rows = await filtered(
    ex,
    withExtras(ex.selectFrom('tickets').selectAll('tickets').where('tickets.tracking_no', '=', trackingNo)),
    // One ticket asked for by its number is shown merged or not.
    { ...scope, merged: 'include' },
  ).execute();
  return (await withAssignees(ex, rows))[0];
}
