import { sql } from 'kysely';
import type { Executor } from '../../db/create-db';
import { filtered, type TicketFilter } from './ticket-filter.repository';
import { COUNT_WINDOW, WINDOW_MATCHES, windowed, windowOf } from './ticket-window.repository';

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
