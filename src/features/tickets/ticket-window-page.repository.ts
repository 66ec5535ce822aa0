import { sql } from 'kysely';
import type { Executor } from '../../db/create-db';
import type { TicketFilter } from './ticket-filter.repository';
import type { TicketSort } from './ticket-sort.repository';
import { withExtras, type TicketRow } from './ticket-summary.repository';
import { SEARCH_WINDOW, windowed, windowOf } from './ticket-window.repository';

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
export async function newestMatches(
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
