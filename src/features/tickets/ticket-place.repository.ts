import type { Transaction } from 'kysely';
import type { Database } from '../../db/database';

/** Where the fault is, as the desk set it (null: unknown). */
export async function setTicketPlace(trx: Transaction<Database>, ticketId: number, placeId: number | null, now: number): Promise<void> {
  await trx.updateTable('tickets').set({ place_id: placeId, updated_at: now }).where('id', '=', ticketId).execute();
}
