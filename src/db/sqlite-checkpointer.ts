import { Worker } from 'node:worker_threads';
import type SqliteDatabase from 'better-sqlite3';

/*
 * SQLite in WAL mode appends every commit to the -wal file and copies the pages back into the
 * database file later, in a checkpoint, with an fsync of both files. By default the commit that
 * crosses 1,000 pages runs that checkpoint itself, synchronously: on the one thread that also
 * answers the webhooks. Under load that was every second or two, and an fsync on a busy disk took
 * 100–580 ms, every webhook waiting behind it (bench/README.md: acknowledgement p99 437–591 ms
 * at c=50 with it, 78–92 ms without).
 *
 * Here a worker thread with its own connection runs the checkpoints instead (PASSIVE: it never
 * waits for, nor blocks, a reader or the writer), and the main connection's automatic checkpoint
 * is off. What a thread beside the writer cannot do is start the -wal file over: SQLite does that
 * when a write transaction begins on a fully copied log, and under unbroken writes new pages always
 * arrive while the worker copies. So once the log passes `restartPages`, the main connection runs
 * one checkpoint itself between its statements: the worker has copied nearly everything, so it
 * costs a little copying and the two fsyncs, about every 30 s at the bench's full load, never at a
 * campus's usual pace (the worker's checkpoints then end in the quiet between writes).
 */

export interface CheckpointerOptions {
  /** How often the worker checkpoints. Default 200 ms. */
  everyMs?: number;
  /** Pages in the -wal file past which the main connection checkpoints once itself, so the file starts over. Default 16,384 (64 MB of 4 KB pages). */
  restartPages?: number;
  /** Told when the worker stops unexpectedly; the main connection then checkpoints by itself again. */
  onFailure?: (err: unknown) => void;
}

export interface Checkpointer {
  /** Stops the worker; the main connection checkpoints by itself again (and on close, as SQLite does). */
  stop(): Promise<void>;
}

/** The SQLite default for wal_autocheckpoint, put back whenever the worker is not there to do it. */
const AUTO_CHECKPOINT_PAGES = 1000;

// Plain CommonJS run by the worker: no TypeScript build step, so it works from src/ (tsx) and dist/ alike.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
const timer = setInterval(() => {
  const [r] = db.pragma('wal_checkpoint(PASSIVE)');
  parentPort.postMessage({ log: r.log, checkpointed: r.checkpointed });
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** Starts checkpointing `sqlite` (a file database in WAL mode at `path`) in a worker thread. */
export function startCheckpointer(sqlite: SqliteDatabase.Database, path: string, o: CheckpointerOptions = {}): Checkpointer {
  const restartPages = o.restartPages ?? 16_384;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { driver: require.resolve('better-sqlite3'), path, everyMs: o.everyMs ?? 200 },
  });
  // A checkpoint thread must never keep the process alive.
  worker.unref();
  let running = true;
  const handBack = () => {
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
  };
  worker.once('online', () => {
    if (running && sqlite.open) sqlite.pragma('wal_autocheckpoint = 0');
  });
  worker.on('message', (r: { log: number; checkpointed: number }) => {
    // Between two statements of this thread no transaction is half done unless one spans a turn of the
    // event loop (Kysely's); a checkpoint inside it would do nothing, so it waits for the next report.
    if (running && sqlite.open && !sqlite.inTransaction && r.log > restartPages) sqlite.pragma('wal_checkpoint(PASSIVE)');
  });
  const failed = (err: unknown) => {
    if (!running) return;
    running = false;
    handBack();
    o.onFailure?.(err);
  };
  worker.once('error', failed);
  worker.once('exit', (code) => failed(new Error(`the checkpoint worker exited with code ${code}`)));
  return {
    async stop() {
      if (!running) return;
      running = false;
      handBack();
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage('stop');
      await exited;
    },
  };
}
