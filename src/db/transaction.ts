import { setTimeout as sleep } from 'node:timers/promises';
import type { Transaction } from 'kysely';
import type { Database } from './database';
import type { Db, Executor } from './create-db';
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
      return await db.kysely.transaction().execute(async (trx) => {
        pending.set(trx, new Map());
        const result = await fn(trx);
        await flushDeferred(trx);
        return result;
      });
    } catch (err) {
      if (attempt >= attempts || !isRetryableTransactionError(err)) throw err;
      await sleep(Math.random() * 10 * attempt);
    }
  }
}

/*
 * Writes a transaction defers to its end: rows nobody reads back in the transaction that are cheaper
 * as one multi-row INSERT than as one round trip each (the `created` entry of every ticket a batch of 50
 * messages opens). Only transactions opened by inTransaction take deferred writes — it flushes them
 * before committing; anywhere else `defer` writes at once.
 */
const pending = new WeakMap<Transaction<Database>, Map<string, Deferred<unknown>>>();

interface Deferred<R> {
  rows: R[];
  write: (trx: Transaction<Database>, rows: R[]) => Promise<void>;
}

/**
 * Queues `row` for `write`, which gets every row queued under `key` in this transaction in one call before it
 * commits (or when a reader calls flushDeferred). Outside inTransaction it is written at once.
 */
export async function defer<R>(
  trx: Transaction<Database>,
  key: string,
  row: R,
  write: (trx: Transaction<Database>, rows: R[]) => Promise<void>,
): Promise<void> {
  const queues = pending.get(trx);
  if (!queues) return write(trx, [row]);
  const queue = (queues.get(key) as Deferred<R> | undefined) ?? { rows: [], write };
  queue.rows.push(row);
  queues.set(key, queue as Deferred<unknown>);
}

/** Writes what this transaction deferred (under `key`, or all): a reader of those rows calls it first. */
export async function flushDeferred(ex: Executor, key?: string): Promise<void> {
  const queues = ex.isTransaction ? pending.get(ex as Transaction<Database>) : undefined;
  if (!queues) return;
  for (const [k, queue] of queues) {
    if ((key !== undefined && k !== key) || queue.rows.length === 0) continue;
    const rows = queue.rows.splice(0);
    await queue.write(ex as Transaction<Database>, rows);
  }
}
