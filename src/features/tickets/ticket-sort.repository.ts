import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../db/create-db';
import { filtered, type TicketFilter } from './ticket-filter.repository';
import { ticketStatuses } from './ticket-status';
import { planSearch } from './ticket-search';
import { num, withExtras, type TicketRow } from './ticket-summary.repository';

/** The orders a list of tickets comes in, and how a page or a batch continues after a row in them. */

export type TicketSortKey = 'createdAt' | 'updatedAt' | 'status' | 'trackingNo' | 'dueAt';

export interface TicketSort {
  key: TicketSortKey;
  order: 'asc' | 'desc';
}

/** Statuses sort in workflow order (baru first), not alphabetically. */
const statusRank = sql<number>`case ${sql.ref('tickets.status')} ${sql.join(
  ticketStatuses.map((s, i) => sql`when ${sql.lit(s)} then ${sql.lit(i)}`),
  sql` `,
)} end`;

/**
 * Tickets without a running clock come last in either order: their due reads as the end of time
 * ascending and as -1 descending. A keyset can continue after such a value, where it could not
 * after a NULL.
 */
export const NO_DUE = { asc: 8_640_000_000_000_000, desc: -1 } as const;

/**
 * Due descending is the column itself: both dialects put NULL below every number, which is where
 * NO_DUE.desc puts it, and the bare column lets the (sla_due_at, id) index give the order. Ascending
 * needs NULLs after the numbers, which no index order gives: the page reads it in two parts (dueAscending).
 */
export const sortExpression = (key: TicketSortKey, order: TicketSort['order']): RawBuilder<unknown> =>
  key === 'status'
    ? statusRank
    : key === 'dueAt'
      ? order === 'desc'
        ? sql.ref('tickets.sla_due_at')
        : sql`coalesce(${sql.ref('tickets.sla_due_at')}, ${sql.lit(NO_DUE[order])})`
      : sql.ref({ createdAt: 'tickets.created_at', updatedAt: 'tickets.updated_at', trackingNo: 'tickets.tracking_no' }[key]);

/** The value of the sort key for a row, to continue after it. */
export const sortValue = (r: TicketRow, sort: TicketSort): string | number =>
  sort.key === 'status'
    ? ticketStatuses.indexOf(r.status)
    : sort.key === 'trackingNo'
      ? r.tracking_no
      : sort.key === 'dueAt'
        ? (num(r.sla_due_at) ?? NO_DUE[sort.order])
        : Number(sort.key === 'createdAt' ? r.created_at : r.updated_at);

export function sortedPage(ex: Executor, f: TicketFilter, sort: TicketSort) {
  // The id breaks ties in the same direction, so pages and batches never overlap. Tracking
  // numbers are unique and need none: with it MySQL would sort a prefix's every ticket.
  const qb = filtered(ex, withExtras(ex.selectFrom('tickets').selectAll('tickets')), f).orderBy(
    sortExpression(sort.key, sort.order),
    sort.order,
  );
  return sort.key === 'trackingNo' ? qb : qb.orderBy('tickets.id', sort.order);
}

/**
 * A tracking-number prefix ("BRT24") is listed by tracking number, in the order asked for
 * creation time: numbers follow creation within a month and months follow each other, so
 * the unique index serves it without sorting every ticket of the year. (Past 999 tickets in
 * a month the text order puts BRT2412999 before BRT24121000.) Other sorts stay as asked.
 */
export function effectiveSort(f: TicketFilter, sort: TicketSort): TicketSort {
  return f.q && sort.key === 'createdAt' && planSearch(f.q).kind === 'tracking' ? { key: 'trackingNo', order: sort.order } : sort;
}
