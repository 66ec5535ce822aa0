import type { Selectable } from 'kysely';
import type { Executor } from '../../db/create-db';
import type { Database } from '../../db/database';
import { toTicket } from '../tickets/ticket.repository';
import type { DuplicateCandidate } from './follower.model';

/** The duplicate lookup's reads beside follower.repository.ts's per-place one: what a batch's lookups share. */

/** The statuses a duplicate may be in: not closed (a `selesai` one can still be reopened by a follower). */
const OPEN = ['baru', 'proses', 'pending', 'selesai'] as const;
/** Enough of the place's recent tickets to find one of the category, or one that reads alike. */
export const CANDIDATES = 20;

/**
 * Every place's open, unmerged tickets since `since`, at most `limit` (in no order): the
 * `(status, created_at)` ranges of the open statuses (tickets_status_created), which hold the open
 * tickets only, however many closed ones a place has. What a batch's lookups share (duplicate-candidates.ts).
 */
export async function listOpenPlaceTickets(ex: Executor, since: number, limit: number): Promise<DuplicateCandidate[]> {
  const rows = await openPlaceTicketsQuery(ex, since, limit).execute();
  return rows.map(toCandidate);
}

/** The statement of listOpenPlaceTickets, for its plan to be checked. */
export function openPlaceTicketsQuery(ex: Executor, since: number, limit: number) {
  return openTicketsSince(ex, since).where('tickets.place_id', 'is not', null).limit(limit);
}

export const toCandidate = (r: Selectable<Database['tickets']> & { place_name: string | null; category_name: string | null }) => ({
  ticket: toTicket(r),
  placeName: r.place_name,
  categoryName: r.category_name,
});

export function openTicketsSince(ex: Executor, since: number) {
  return ex
    .selectFrom('tickets')
    .leftJoin('places', 'places.id', 'tickets.place_id')
    .leftJoin('categories', 'categories.id', 'tickets.category_id')
    .selectAll('tickets')
    .select(['places.name as place_name', 'categories.name as category_name'])
    .where('tickets.created_at', '>=', since)
    .where('tickets.status', 'in', OPEN)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('ticket_merges').select('ticket_merges.ticket_id').whereRef('ticket_merges.ticket_id', '=', 'tickets.id'))),
    );
}

/** Who follows each of these tickets (their phones), in one read. */
export async function listFollowerPhones(ex: Executor, ticketIds: number[]): Promise<Map<number, Set<string>>> {
  const phones = new Map<number, Set<string>>();
  if (ticketIds.length === 0) return phones;
  const rows = await ex.selectFrom('ticket_followers').select(['ticket_id', 'phone']).where('ticket_id', 'in', ticketIds).execute();
  for (const r of rows) {
    const id = Number(r.ticket_id);
    phones.set(id, (phones.get(id) ?? new Set()).add(r.phone));
  }
  return phones;
}
