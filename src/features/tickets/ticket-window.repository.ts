import { sql } from 'kysely';
import { dialectOf, type Executor } from '../../db/create-db';
import { activeAssignmentTo, filtered, type Eb, type TicketFilter } from './ticket-filter.repository';
import { fragmentConditions, planSearch, wordPrefixConditions } from './ticket-search';

/*
 * MySQL's plan for a word search or an assignee filter at scale: read a window of the newest
 * tickets that pass the other filters from an index, then test each for the rest. Used by the
 * page (newestMatches, ticket-window-page.repository.ts) and the count (countTickets,
 * ticket-count.repository.ts).
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
    others: { ...f, assigneeId: undefined, visibleTo: undefined, q: text ? undefined : f.q },
    words: !!text,
    tests: (eb) => [
      ...(text ? [...wordPrefixConditions(eb, text.words), ...fragmentConditions(eb, text.fragments)] : []),
      ...assignees.map((id) => activeAssignmentTo(eb, id)),
    ],
  };
}

/** The window's tickets joined back to their rows: the window first, then each ticket by primary key, never the other way. */
export function windowed(ex: Executor, w: Window, order: 'asc' | 'desc', size = SEARCH_WINDOW) {
  return ex
    .selectFrom((eb) =>
      filtered(ex, eb.selectFrom('tickets').select(['tickets.id', 'tickets.created_at']), w.others)
        .orderBy('tickets.created_at', order)
        .orderBy('tickets.id', order)
        .limit(size)
        .as('w'),
    )
    .innerJoin('tickets', 'tickets.id', 'w.id')
    .modifyFront(sql`straight_join`);
}

/** The newest tickets a word search's count reads first, and how many matches among them make their number the total's lower bound (see countTickets). */
export const COUNT_WINDOW = 2000;
export const WINDOW_MATCHES = 50;
