import type { Executor } from '../../db/create-db';
import type { TicketStatus } from '../../db/database';
import type { CreatedRange } from './stats.repository';

/**
 * Demand beside the ticket counts (issue 15 part 3): a fault reported by five people is one
 * ticket and five requests. Both reads start from the small tables (merges, followers) and reach
 * each ticket by primary key.
 */

/** The tickets created in the range that were merged into another: when and in which status, to take out of the ticket counts. */
export async function listMergedInRange(ex: Executor, r: CreatedRange): Promise<Array<{ createdAt: number; status: TicketStatus }>> {
  const rows = await ex
    .selectFrom('ticket_merges')
    .innerJoin('tickets', 'tickets.id', 'ticket_merges.ticket_id')
    .select(['tickets.created_at', 'tickets.status'])
    .where('tickets.created_at', '>=', r.from)
    .where('tickets.created_at', '<', r.to)
    .execute();
  return rows.map((t) => ({ createdAt: Number(t.created_at), status: t.status }));
}

/** People who followed (#ikut) a ticket created in the range; reporters of merged tickets are counted as those tickets. */
export async function countFollowersInRange(ex: Executor, r: CreatedRange): Promise<number> {
  const row = await ex
    .selectFrom('ticket_followers')
    .innerJoin('tickets', 'tickets.id', 'ticket_followers.ticket_id')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('ticket_followers.via_ticket_id', 'is', null)
    .where('tickets.created_at', '>=', r.from)
    .where('tickets.created_at', '<', r.to)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
