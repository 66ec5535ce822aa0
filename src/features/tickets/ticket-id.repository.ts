import { sql } from 'kysely';
import type { Executor } from '../../db/create-db';

/**
 * MySQL only: reserves `count` ticket ids in one statement (id_blocks, migration 0016), so the tickets
 * can be written later, together (ticket.repository.ts insertTicket). Never below the highest id in
 * `tickets`: a row written without a reserved id (the legacy import, an operator's INSERT) moves the
 * next block past it. On the pool it locks the counter for that statement only; inside a transaction
 * until it ends, like the tracking number's counter. An id reserved and not used is a gap, never a duplicate.
 */
export async function reserveTicketIds(ex: Executor, count: number): Promise<{ first: number; last: number }> {
  const r = await sql`update id_blocks
    set last_value = last_insert_id(greatest(last_value, (select coalesce(max(id), 0) from tickets)) + ${count})
    where name = 'tickets'`.execute(ex);
  if (Number(r.numAffectedRows ?? 0) !== 1) throw new Error('id_blocks has no row for tickets: run the migrations');
  const last = Number(r.insertId);
  return { first: last - count + 1, last };
}
