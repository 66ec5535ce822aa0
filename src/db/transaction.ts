import { setTimeout as sleep } from 'node:timers/promises';
import type { Compilable, CompiledQuery, Transaction } from 'kysely';
import type { Database } from './database';
import type { Db, Executor } from './create-db';
import { HookedConnection } from './statement-hook';
import { isRetryableTransactionError } from './db-errors';
import { watched } from './write-watch';

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
      return await db.kysely.transaction().execute(async (raw) => {
        // Every statement seen by write-watch.ts: what a transaction keeps in memory of rows it may change itself.
        const trx = watched(raw);
        const connection = await raw.getExecutor().provideConnection(async (c) => c);
        // Kept-back writes go straight to the driver's connection: ahead of the statement that asked for
        // them (which holds the transaction's connection until it is answered), and without asking the
        // hook again, which would write a later kind before the one being written.
        const kept: Kept = {
          queues: new Map(),
          send: connection instanceof HookedConnection ? (q) => connection.inner.executeQuery(q) : (q) => raw.executeQuery(q),
        };
        pending.set(trx, kept);
        if (connection instanceof HookedConnection) connection.beforeStatement = () => writeKept(kept, trx);
        try {
          const result = await fn(trx);
          await flushDeferred(trx);
          return result;
        } finally {
          if (connection instanceof HookedConnection) connection.beforeStatement = undefined;
        }
      });
    } catch (err) {
      if (attempt >= attempts || !isRetryableTransactionError(err)) throw err;
      await sleep(Math.random() * 10 * attempt);
    }
  }
}

/*
 * Writes a transaction keeps back: rows whose id nobody needs from the database, cheaper as one
 * multi-row INSERT than as one round trip each (the tickets a batch of 50 #request messages opens, with
 * ids reserved beforehand, and the `created` entry of each). They are written just before the
 * transaction's next other statement (statement-hook.ts), or before it commits, so every read in the
 * transaction sees them and a run of them with nothing in between costs one statement. Only
 * transactions opened by inTransaction keep writes back; anywhere else `defer` writes at once.
 */
const pending = new WeakMap<Transaction<Database>, Kept>();

interface Kept {
  queues: Map<string, Deferred<unknown>>;
  send: (q: CompiledQuery) => Promise<unknown>;
}

interface Deferred<R> {
  rows: R[];
  build: (trx: Transaction<Database>, rows: R[]) => Compilable;
}

/**
 * Keeps `row` back for `build`, which makes one statement of every row kept under `key` (see above).
 * Kinds are written in the order they were first kept (a ticket before its history entry).
 */
export async function defer<R>(
  trx: Transaction<Database>,
  key: string,
  row: R,
  build: (trx: Transaction<Database>, rows: R[]) => Compilable,
): Promise<void> {
  const queues = pending.get(trx)?.queues;
  if (!queues) {
    await trx.executeQuery(build(trx, [row]).compile());
    return;
  }
  const queue = (queues.get(key) as Deferred<R> | undefined) ?? { rows: [], build };
  queue.rows.push(row);
  queues.set(key, queue as Deferred<unknown>);
}

async function writeKept(kept: Kept, trx: Transaction<Database>): Promise<void> {
  for (const queue of kept.queues.values()) {
    if (queue.rows.length === 0) continue;
    const rows = queue.rows.splice(0);
    await kept.send(queue.build(trx, rows).compile());
  }
}

/**
 * Writes what this transaction kept back now. Every statement does that first anyway; a reader that
 * answers from memory what those writes change (a memo of the batch's open tickets) calls it first.
 */
export async function flushDeferred(trx: Executor): Promise<void> {
  const kept = trx.isTransaction ? pending.get(trx as Transaction<Database>) : undefined;
  if (kept) await writeKept(kept, trx as Transaction<Database>);
}
