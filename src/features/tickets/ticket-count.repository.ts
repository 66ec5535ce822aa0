import { sql } from 'kysely';
import type { Executor } from '../../db/create-db';
import { filtered, type TicketFilter } from './ticket-filter.repository';
import { COUNT_WINDOW, WINDOW_MATCHES, windowed, windowOf } from './ticket-window.repository';

/** Counting stops here: an exact count of 900,000 matches costs a second, and nobody pages that far. */
export const COUNT_LIMIT = 10_000;

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
  return countCapped(ex, f);
}

/** The filter's matches counted by its own plan (the word index for words), up to COUNT_LIMIT + 1 rows. */
export async function countCapped(ex: Executor, f: TicketFilter): Promise<TicketCount> {
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
 * The capped count and a page's ids in one read of the matches (MySQL, a rare word): the matching
 * tickets' (id, created_at), at most COUNT_LIMIT + 1 of them in no order, then sorted and cut to
 * the page, each row carrying how many were read. While no more than COUNT_LIMIT match, the read
 * holds them all, so the page is exact; past it the page is not, and `n` says so (COUNT_LIMIT + 1).
 * Undefined when the page is empty: no row carries the count.
 */
export async function matchesWithCount(
  ex: Executor,
  f: TicketFilter,
  order: 'asc' | 'desc',
  page: { limit: number; offset: number },
): Promise<{ n: number; ids: number[] } | undefined> {
  const rows = await ex
    .selectFrom((eb) =>
      filtered(ex, eb.selectFrom('tickets').select(['tickets.id', 'tickets.created_at']), f)
        .limit(COUNT_LIMIT + 1)
        .as('m'),
    )
    .select(['m.id', sql<number | string>`count(*) over ()`.as('n')])
    .orderBy('m.created_at', order)
    .orderBy('m.id', order)
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  if (rows.length === 0) return undefined;
  return { n: Number(rows[0]!.n), ids: rows.map((r) => Number(r.id)) };
}
