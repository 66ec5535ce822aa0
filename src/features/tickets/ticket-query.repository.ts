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
  return withAssignees(ex, (await newestMatches(ex, f, sort, page)) ?? (await usualRows(ex, f, sort, page)));
}

/** The page by the filter's own plan (the word index for words), without trying the newest window first. */
export async function listTicketsUnwindowed(
  ex: Executor,
  f: TicketFilter,
  sort: TicketSort,
  page: { limit: number; offset: number },
): Promise<TicketSummary[]> {
  return withAssignees(ex, await usualRows(ex, f, sort, page));
}

async function usualRows(ex: Executor, f: TicketFilter, sort: TicketSort, page: { limit: number; offset: number }) {
  const effective = effectiveSort(f, sort);
  return effective.key === 'dueAt' && effective.order === 'asc'
    ? dueAscending(ex, f, page)
    : sortedPage(ex, f, effective).limit(page.limit).offset(page.offset).execute();
}

/** The tickets of `ids` in that order, with their extras and technicians: two primary-key reads. */
export async function ticketsByIds(ex: Executor, ids: readonly number[]): Promise<TicketSummary[]> {
  if (ids.length === 0) return [];
  const rows = await withExtras(ex.selectFrom('tickets').selectAll('tickets'))
    .where('tickets.id', 'in', [...ids])
    .execute();
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  // A ticket erased since its id was read is simply not on the page.
  return withAssignees(
    ex,
    ids.flatMap((id) => byId.get(id) ?? []),
  );
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
