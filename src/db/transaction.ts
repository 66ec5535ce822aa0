import { setTimeout as sleep } from 'node:timers/promises';
import type { Transaction } from 'kysely';
import type { Database } from './database';
import type { Db } from './create-db';
import { isRetryableTransactionError } from './db-errors';

/**
 * Runs `fn` in a transaction, running it again on a deadlock or lock timeout.
 * `fn` must therefore be free of side effects outside the database.
 *
 * On MySQL every connection reads committed data (READ COMMITTED, set in createDb): after
 * waiting for a row lock (see lockTicket), the next read sees what the previous holder
 * committed. Under InnoDB's default REPEATABLE READ it would still see the snapshot taken
 * before the wait. SQLite runs one writer at a time, so it needs nothing of the kind.
 */
export async function inTransaction<T>(db: Db, fn: (trx: Transaction<Database>) => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.kysely.transaction().execute(fn);
    } catch (err) {
      if (attempt >= attempts || !isRetryableTransactionError(err)) throw err;
      await sleep(Math.random() * 10 * attempt);
    }
  }
}
