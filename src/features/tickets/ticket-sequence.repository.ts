import { sql, type Transaction } from 'kysely';
import { dialectOf, type Executor } from '../../db/create-db';
import type { Database } from '../../db/database';

/** The month's counter row (`BRT2409`), created at 0 unless it exists. */
export async function createSequenceIfMissing(ex: Executor, period: string): Promise<void> {
  await ex.insertInto('ticket_sequences').orIgnore().values({ period, last_value: 0 }).execute();
}

/**
 * Adds one to the month's counter and answers the new value, or undefined when the row is
 * missing. MySQL hands the value back through LAST_INSERT_ID(expr), SQLite through RETURNING.
 */
export async function incrementSequence(trx: Transaction<Database>, period: string): Promise<number | undefined> {
  if (dialectOf(trx) === 'mysql') {
    const r = await sql`update ticket_sequences set last_value = last_insert_id(last_value + 1) where period = ${period}`.execute(trx);
    return Number(r.numAffectedRows ?? 0) === 1 ? Number(r.insertId) : undefined;
  }
  const r = await sql<{
    last_value: number;
  }>`update ticket_sequences set last_value = last_value + 1 where period = ${period} returning last_value`.execute(trx);
  const value = r.rows[0]?.last_value;
  return value === undefined ? undefined : Number(value);
}

/** MySQL only: adds `count` in one statement of its own and answers the new last value, or undefined when the row is missing. */
export async function advanceSequence(ex: Executor, period: string, count: number): Promise<number | undefined> {
  const r = await sql`update ticket_sequences set last_value = last_insert_id(last_value + ${count}) where period = ${period}`.execute(ex);
  return Number(r.numAffectedRows ?? 0) === 1 ? Number(r.insertId) : undefined;
}

/**
 * Moves the month's counter up to `value` unless it is past it already (creating the row when missing): after
 * importing old numbers, the next number of that month comes after the highest of them. Never moves it back.
 */
export async function raiseSequenceTo(trx: Transaction<Database>, period: string, value: number): Promise<void> {
  await createSequenceIfMissing(trx, period);
  await trx
    .updateTable('ticket_sequences')
    .set({ last_value: value })
    .where('period', '=', period)
    .where('last_value', '<', value)
    .execute();
}
