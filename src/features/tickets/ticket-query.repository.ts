import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../../db/create-db';
import { filtered, type TicketFilter } from './ticket-filter.repository';
import { ticketStatuses } from './ticket-status';
import { planSearch } from './ticket-search';
import { num, withAssignees, withExtras, type TicketRow, type TicketSummary } from './ticket-summary.repository';
import { COUNT_WINDOW, SEARCH_WINDOW, WINDOW_MATCHES, windowed, windowOf } from './ticket-window.repository';

export type { TicketSummary };

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
const NO_DUE = { asc: 8_640_000_000_000_000, desc: -1 } as const;

/**
 * Due descending is the column itself: both dialects put NULL below every number, which is where
 * NO_DUE.desc puts it, and the bare column lets the (sla_due_at, id) index give the order. Ascending
 * needs NULLs after the numbers, which no index order gives: the page reads it in two parts (dueAscending).
 */
const sortExpression = (key: TicketSortKey, order: TicketSort['order']): RawBuilder<unknown> =>
  key === 'status'
    ? statusRank
    : key === 'dueAt'
      ? order === 'desc'
        ? sql.ref('tickets.sla_due_at')
        : sql`coalesce(${sql.ref('tickets.sla_due_at')}, ${sql.lit(NO_DUE[order])})`
      : sql.ref({ createdAt: 'tickets.created_at', updatedAt: 'tickets.updated_at', trackingNo: 'tickets.tracking_no' }[key]);

/** The value of the sort key for a row, to continue after it. */
const sortValue = (r: TicketRow, sort: TicketSort): string | number =>
  sort.key === 'status'
    ? ticketStatuses.indexOf(r.status)
    : sort.key === 'trackingNo'
      ? r.tracking_no
      : sort.key === 'dueAt'
        ? (num(r.sla_due_at) ?? NO_DUE[sort.order])
        : Number(sort.key === 'createdAt' ? r.created_at : r.updated_at);

function sortedPage(ex: Executor, f: TicketFilter, sort: TicketSort) {
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
function effectiveSort(f: TicketFilter, sort: TicketSort): TicketSort {
  return f.q && sort.key === 'createdAt' && planSearch(f.q).kind === 'tracking' ? { key: 'trackingNo', order: sort.order } : sort;
}

/**
 * MySQL, created_at order, words searched or an assignee asked for: the page from the
 * SEARCH_WINDOW first tickets in that order that pass the other filters (a range read of
 * tickets_created_cover), each then tested for the words (wordPrefixConditions) and the
 * assignment (a lookup in assignments_ticket_staff). A common word or a busy technician fills
 * the page within the first hundreds of tickets, where driving the statement from the word
 * index or the technician's assignments reads and sorts tens of thousands. Undefined when
 * the window holds fewer matches than the page's end: the usual plan then runs, cheap exactly
 * when matches are few. The same rows either way: the window is a prefix of the order.
 */
async function newestMatches(
  ex: Executor,
  f: TicketFilter,
  sort: TicketSort,
  page: { limit: number; offset: number },
): Promise<TicketRow[] | undefined> {
  const w = windowOf(ex, f);
  if (!w || sort.key !== 'createdAt' || page.offset + page.limit > SEARCH_WINDOW) return undefined;
  // MySQL tests every ticket of the window before it sorts the matches, so a small window first:
  // a common word fills the first page from the few hundred newest. Each window is a prefix of the
  // next, so a page it fills is the page the larger one gives.
  for (const size of [FIRST_WINDOW, SEARCH_WINDOW]) {
    if (page.offset + page.limit > size) continue;
    const rows = await withExtras(windowed(ex, w, sort.order, size).selectAll('tickets'))
      .where((eb) => eb.and(w.tests(eb)))
      .orderBy(sql.ref('w.created_at'), sort.order)
      .orderBy(sql.ref('w.id'), sort.order)
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    if (rows.length === page.limit) return rows;
    // From the first page's matches among the newest 500, the larger window will not fill it either:
    // a rare word (a person's name) goes straight to the word index instead of 5,000 more tests.
    if (size === FIRST_WINDOW && page.offset === 0 && rows.length * (SEARCH_WINDOW / FIRST_WINDOW) < page.limit) return undefined;
  }
  return undefined;
}

/** The window tried first by newestMatches. */
const FIRST_WINDOW = 500;

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

/** Counting stops here: an exact count of 900,000 matches costs a second, and nobody pages that far. */
const COUNT_LIMIT = 10_000;

export interface TicketCount {
  /** Exact up to COUNT_LIMIT; COUNT_LIMIT when there are more; for a common word on MySQL, its matches among the COUNT_WINDOW newest tickets. */
  total: number;
  /** True when `total` is only a lower bound: more than COUNT_LIMIT match, or a common word was counted on a window (countTickets). */
  isLowerBound: boolean;
}

/** The one staff member a filter asks for when it asks nothing else (assignee and/or technician scope). */
function onlyAssignee(f: TicketFilter): string | undefined {
  const ids = new Set([f.assigneeId, f.visibleTo].filter((s): s is string => !!s));
  const rest =
    f.statuses?.length ||
    f.channels?.length ||
    f.reporter ||
    f.createdFrom !== undefined ||
    f.createdTo !== undefined ||
    f.q ||
    f.categoryIds?.length ||
    f.priorities?.length ||
    f.due;
  return ids.size === 1 && !rest ? [...ids][0] : undefined;
}

/** How many tickets match, counted up to COUNT_LIMIT + 1 rows: one query (two for words or an assignee on MySQL). */
export async function countTickets(ex: Executor, f: TicketFilter): Promise<TicketCount> {
  const w = windowOf(ex, f);
  if (w?.words) {
    // Words on MySQL: first the matches among the COUNT_WINDOW newest tickets. A window that
    // holds every ticket of the other filters counts exactly; one that holds at least
    // WINDOW_MATCHES matches is a lower bound (a common word: counting its tens of thousands
    // of tickets costs what the word index's full read does, a tenth of a second and more);
    // otherwise the matches are rare and the usual capped count is cheap.
    const row = await windowed(ex, w, 'desc', COUNT_WINDOW)
      .select((eb) => [
        eb.fn.countAll<number | string>().as('seen'),
        sql<number | string | null>`sum(case when ${eb.and(w.tests(eb))} then 1 else 0 end)`.as('matched'),
      ])
      .executeTakeFirstOrThrow();
    const seen = Number(row.seen);
    const matched = Math.min(Number(row.matched ?? 0), COUNT_LIMIT);
    if (seen < COUNT_WINDOW) return { total: matched, isLowerBound: false };
    if (matched >= WINDOW_MATCHES) return { total: matched, isLowerBound: true };
  }
  const only = onlyAssignee(f);
  if (only) {
    // A technician's tickets and nothing else: their active assignments' ticket ids, from the index alone.
    const row = await ex
      .selectFrom((eb) =>
        eb
          .selectFrom('assignments')
          .select('assignments.ticket_id')
          .where('assignments.staff_id', '=', only)
          .where('assignments.status', '=', 'active')
          .groupBy('assignments.ticket_id')
          .limit(COUNT_LIMIT + 1)
          .as('m'),
      )
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const n = Number(row.n);
    return { total: Math.min(n, COUNT_LIMIT), isLowerBound: n > COUNT_LIMIT };
  }
  // The inner select is built from the expression builder: a subquery of this statement, never run on its own.
  const row = await ex
    .selectFrom((eb) =>
      filtered(ex, eb.selectFrom('tickets').select(sql<number>`1`.as('one')), f)
        .limit(COUNT_LIMIT + 1)
        .as('m'),
    )
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  const n = Number(row.n);
  return { total: Math.min(n, COUNT_LIMIT), isLowerBound: n > COUNT_LIMIT };
}

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
