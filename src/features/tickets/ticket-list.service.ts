import type { Executor } from '../../db/create-db';
import { COUNT_LIMIT, countCapped, countTickets, matchesWithCount } from './ticket-count.repository';
import type { TicketFilter } from './ticket-filter.repository';
import { listTickets, listTicketsUnwindowed, ticketsByIds, type TicketSummary } from './ticket-query.repository';
import type { TicketSort } from './ticket-sort.repository';
import {
  COUNT_WINDOW,
  newestWindowMatches,
  SEARCH_WINDOW,
  WINDOW_MATCHES,
  windowMatchIds,
  windowOf,
  type Window,
} from './ticket-window.repository';

/** A page of the desk's ticket list and how many tickets match (see TicketCount for when that is a lower bound). */
export interface TicketListPage {
  items: TicketSummary[];
  total: number;
  isLowerBound: boolean;
}

interface PageSpan {
  limit: number;
  offset: number;
}

/**
 * One page of tickets and their count. A word search on MySQL in creation order reads its matches
 * once for both (wordSearchPage); every other list runs the page and the count side by side, each
 * by its own plan. The answers are the same either way: only the work differs.
 */
export async function listTicketPage(ex: Executor, f: TicketFilter, sort: TicketSort, page: PageSpan): Promise<TicketListPage> {
  const w = sort.key === 'createdAt' ? windowOf(ex, f) : undefined;
  const shared = w?.words ? await wordSearchPage(ex, f, w, sort.order, page) : undefined;
  if (shared) return shared;
  const [items, count] = await Promise.all([listTickets(ex, f, sort, page), countTickets(ex, f)]);
  return { items, total: count.total, isLowerBound: count.isLowerBound };
}

/**
 * The count's window (the COUNT_WINDOW newest tickets of the other filters, each tested for the words)
 * returns its matches' ids, so the page needs no window of its own:
 * - the window holds every ticket of the other filters: its matches are the answer, counted exactly;
 * - it holds WINDOW_MATCHES or more (a common word): their number is the total's lower bound, and the
 *   newest-first page comes from them, or past them from the next tickets up to SEARCH_WINDOW;
 * - fewer (a rare word, a person's name): one read of the word index gives the capped count and the page.
 * Each ticket is tested once and the word index read at most once; the page's rows then come by primary key.
 * Undefined when the window's ids could not be read (see newestWindowMatches): plan as before.
 */
async function wordSearchPage(
  ex: Executor,
  f: TicketFilter,
  w: Window,
  order: 'asc' | 'desc',
  page: PageSpan,
): Promise<TicketListPage | undefined> {
  const win = await newestWindowMatches(ex, w);
  if (!win) return undefined;
  const matched = win.ids.length;
  const end = page.offset + page.limit;
  if (win.seen < COUNT_WINDOW) {
    const all = order === 'desc' ? win.ids : [...win.ids].reverse();
    return { items: await ticketsByIds(ex, all.slice(page.offset, end)), total: matched, isLowerBound: false };
  }
  const sort: TicketSort = { key: 'createdAt', order };
  if (matched >= WINDOW_MATCHES) {
    // The window is the newest tickets: an oldest-first page is read from the other end, as before.
    const items = order === 'asc' ? await listTickets(ex, f, sort, page) : await newestPage(ex, f, w, win.ids, page);
    return { items, total: Math.min(matched, COUNT_LIMIT), isLowerBound: true };
  }
  const m = await matchesWithCount(ex, f, order, page);
  if (m && m.n <= COUNT_LIMIT) return { items: await ticketsByIds(ex, m.ids), total: m.n, isLowerBound: false };
  // Past the last match (no row carried the count), or more than COUNT_LIMIT matches (the read was not all of them).
  const count = m
    ? { total: COUNT_LIMIT, isLowerBound: true }
    : page.offset === 0
      ? { total: 0, isLowerBound: false }
      : await countCapped(ex, f);
  const items = !count.isLowerBound
    ? []
    : order === 'desc' && end <= matched
      ? await ticketsByIds(ex, win.ids.slice(page.offset, end))
      : await listTickets(ex, f, sort, page);
  return { items, ...count };
}

/** Newest first: the window's matches, then the matches among the tickets after it up to SEARCH_WINDOW, then the word index. */
async function newestPage(ex: Executor, f: TicketFilter, w: Window, ids: number[], page: PageSpan): Promise<TicketSummary[]> {
  const end = page.offset + page.limit;
  if (end <= ids.length) return ticketsByIds(ex, ids.slice(page.offset, end));
  if (end <= SEARCH_WINDOW) {
    const head = ids.slice(page.offset);
    const rest = await windowMatchIds(
      ex,
      w,
      'desc',
      { skip: COUNT_WINDOW, size: SEARCH_WINDOW - COUNT_WINDOW },
      { limit: page.limit - head.length, offset: Math.max(0, page.offset - ids.length) },
    );
    if (head.length + rest.length === page.limit) return ticketsByIds(ex, [...head, ...rest]);
  }
  return listTicketsUnwindowed(ex, f, { key: 'createdAt', order: 'desc' }, page);
}
