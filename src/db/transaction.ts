import { setTimeout as sleep } from 'node:timers/promises';
import type { Transaction } from 'kysely';
import type { Database } from './database';
import type { Db } from './create-db';
import { isRetryableTransactionError } from './db-errors';

/**
 * Runs `fn` in a transaction, running it again on a deadlock or lock timeout.
 * `fn` must therefore be free of side effects outside the database.
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
