import { sql } from 'kysely';
import { dialectOf, type Executor } from '../../db/create-db';
import { activeAssignmentTo, filtered, type Eb, type TicketFilter } from './ticket-filter.repository';
import { fragmentConditions, planSearch, wordPrefixConditions } from './ticket-search';

/*
 * MySQL's plan for a word search or an assignee filter at scale: read a window of the newest
 * tickets that pass the other filters from an index, then test each for the rest. A word search in
 * creation order reads the count's window once for its total and its page (newestWindowMatches,
 * ticket-list.service.ts); other orders and the assignee filters use the page's own windows
 * (newestMatches, ticket-window-page.repository.ts) and the count's (countTickets, ticket-count.repository.ts).
 */

/** How many tickets, newest first after the other filters, the window of a word or assignee search reads at most. */
export const SEARCH_WINDOW = 5000;

export interface Window {
  /** The filters the window's range read applies. */
  others: TicketFilter;
  /** Words are among the tests. */
  words: boolean;
  /** The tests each ticket of the window then passes. */
  tests: (eb: Eb) => ReturnType<typeof fragmentConditions>;
}

/**
 * MySQL, when words are searched or an assignee asked for: the part of the filter tested row
 * by row on a window of tickets, and the rest, which reads the window from an index.
 */
export function windowOf(ex: Executor, f: TicketFilter): Window | undefined {
  if (dialectOf(ex) !== 'mysql') return undefined;
  const plan = f.q ? planSearch(f.q) : undefined;
  const text = plan?.kind === 'text' && plan.words.length ? plan : undefined;
  const assignees = [f.assigneeId, f.visibleTo].filter((s): s is string => !!s);
  if (!text && assignees.length === 0) return undefined;
  return {
    // Without its q the window would leave merged tickets out, which a search includes (ticketFilter's `merged`).
    others: {
      ...f,
      assigneeId: undefined,
      visibleTo: undefined,
      q: text ? undefined : f.q,
      merged: f.merged ?? (f.q ? 'include' : 'exclude'),
    },
    words: !!text,
    tests: (eb) => [
      ...(text ? [...wordPrefixConditions(eb, text.words), ...fragmentConditions(eb, text.fragments)] : []),
      ...assignees.map((id) => activeAssignmentTo(eb, id)),
    ],
  };
}

/**
 * The window's tickets joined back to their rows: the window first, then each ticket by primary key, never the other way.
 * `skip` starts the window after that many tickets of the order (the part a smaller window already tested).
 */
export function windowed(ex: Executor, w: Window, order: 'asc' | 'desc', size = SEARCH_WINDOW, skip = 0) {
  return ex
    .selectFrom((eb) =>
      filtered(ex, eb.selectFrom('tickets').select(['tickets.id', 'tickets.created_at']), w.others)
        .orderBy('tickets.created_at', order)
        .orderBy('tickets.id', order)
        .limit(size)
        .$if(skip > 0, (qb) => qb.offset(skip))
        .as('w'),
    )
    .innerJoin('tickets', 'tickets.id', 'w.id')
    .modifyFront(sql`straight_join`);
}

/** The newest tickets a word search's count reads first, and how many matches among them make their number the total's lower bound (see countTickets). */
export const COUNT_WINDOW = 2000;
export const WINDOW_MATCHES = 50;

/** The tickets of a word search's count window (the COUNT_WINDOW newest of the other filters) that pass the tests. */
export interface WindowMatches {
  /** How many tickets the window held: fewer than COUNT_WINDOW when it holds every ticket of the other filters. */
  seen: number;
  /** The matches' ids, newest first. */
  ids: number[];
}

/**
 * MySQL: the count window read once for both the total and the page: its size and its matches' ids in order,
 * one row (GROUP_CONCAT) instead of a row per ticket. Undefined when the server cut the list at
 * group_concat_max_len (1 MB on MariaDB, 1 KB on MySQL 8 by default): the caller then plans as before.
 */
export async function newestWindowMatches(ex: Executor, w: Window): Promise<WindowMatches | undefined> {
  const row = await windowed(ex, w, 'desc', COUNT_WINDOW)
    .select((eb) => [
      eb.fn.countAll<number | string>().as('seen'),
      sql<
        string | null
      >`group_concat(case when ${eb.and(w.tests(eb))} then ${sql.ref('w.id')} end order by ${sql.ref('w.created_at')} desc, ${sql.ref('w.id')} desc separator ',')`.as(
        'ids',
      ),
      sql<number | string>`@@group_concat_max_len`.as('max_len'),
    ])
    .executeTakeFirstOrThrow();
  const list = row.ids === null ? '' : String(row.ids);
  if (list.length >= Number(row.max_len)) return undefined;
  return { seen: Number(row.seen), ids: list ? list.split(',').map(Number) : [] };
}

/** The ids of the window's matches from `page.offset` on, in the window's order: the window `skip` tickets after its start. */
export async function windowMatchIds(
  ex: Executor,
  w: Window,
  order: 'asc' | 'desc',
  window: { skip: number; size: number },
  page: { limit: number; offset: number },
): Promise<number[]> {
  const rows = await windowed(ex, w, order, window.size, window.skip)
    .select(sql.ref<number>('w.id').as('id'))
    .where((eb) => eb.and(w.tests(eb)))
    .orderBy(sql.ref('w.created_at'), order)
    .orderBy(sql.ref('w.id'), order)
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map((r) => Number(r.id));
}
