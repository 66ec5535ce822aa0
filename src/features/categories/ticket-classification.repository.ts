import type { Transaction } from 'kysely';
import type { Database, TicketPriority } from '../../db/database';

/** Sets a ticket's category and priority (the clocks are the clock service's to move after). */
export async function setTicketClassification(
  trx: Transaction<Database>,
  ticketId: number,
  c: { categoryId: number | null; priority: TicketPriority },
  now: number,
): Promise<void> {
  await trx
    .updateTable('tickets')
    .set({ category_id: c.categoryId, priority: c.priority, updated_at: now })
    .where('id', '=', ticketId)
    .execute();
}
