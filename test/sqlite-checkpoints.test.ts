import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { createDb, type Db } from '../src/db/create-db';
import { startCheckpointer } from '../src/db/sqlite-checkpointer';

/** SQLite only: MariaDB flushes its own log. The write-ahead log's checkpoints run in a worker thread. */
describe('SQLite checkpoints off the event loop', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-checkpoints-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const rawOf = (db: Db) => {
    if (db.raw.kind !== 'sqlite') throw new Error('sqlite expected');
    return db.raw.database;
  };
  const autoCheckpointPages = (sqlite: SqliteDatabase.Database) => Number(sqlite.pragma('wal_autocheckpoint', { simple: true }));
  async function until(what: string, ok: () => boolean, timeoutMs = 10_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!ok()) {
      if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  /** About `pages` 4 KB pages of new rows, in one transaction. */
  async function write(db: Db, pages: number): Promise<void> {
    const body = 'x'.repeat(3000);
    await db.kysely.transaction().execute(async (trx) => {
      for (let i = 0; i < pages; i++) await sql`insert into filler (body) values (${body})`.execute(trx);
    });
  }
  async function open(file: string, restartPages?: number): Promise<Db> {
    const db = createDb(`sqlite:${file}`, { backgroundCheckpoints: { everyMs: 20, ...(restartPages ? { restartPages } : {}) } });
    await sql`create table filler (id integer primary key, body text not null)`.execute(db.kysely);
    await until('the worker took the checkpoints over', () => autoCheckpointPages(rawOf(db)) === 0);
    return db;
  }

  test('When commits pile up in the log, then the worker copies them into the database file and the writing connection never checkpoints', async () => {
    const file = path.join(dir, 'app.sqlite');
    const db = await open(file);
    try {
      const checkpoints = jest.spyOn(rawOf(db), 'pragma');
      // 1,500 pages: past the 1,000 at which the committing connection would have checkpointed by itself.
      await write(db, 1500);

      await until('the database file holds the rows', () => fs.statSync(file).size >= 1500 * 3000);
      expect(autoCheckpointPages(rawOf(db))).toBe(0);
      expect(checkpoints.mock.calls.filter(([p]) => String(p).startsWith('wal_checkpoint'))).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  test('When the log passes restartPages, then the writing connection checkpoints once itself and the log starts over', async () => {
    const file = path.join(dir, 'app.sqlite');
    const db = await open(file, 200);
    const other = new SqliteDatabase(file);
    try {
      const checkpoints = jest.spyOn(rawOf(db), 'pragma');
      await write(db, 600);

      await until('the writing connection checkpointed', () =>
        checkpoints.mock.calls.some(([p]) => String(p) === 'wal_checkpoint(PASSIVE)'),
      );
      await write(db, 1);
      const [log] = other.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>;
      expect(log!.log).toBeLessThan(200);
    } finally {
      other.close();
      await db.destroy();
    }
  });

  test('When the checkpointer stops, then the writing connection checkpoints by itself again', async () => {
    const file = path.join(dir, 'app.sqlite');
    const sqlite = new SqliteDatabase(file);
    sqlite.pragma('journal_mode = WAL');
    try {
      const checkpointer = startCheckpointer(sqlite, file, { everyMs: 20 });
      await until('the worker took the checkpoints over', () => autoCheckpointPages(sqlite) === 0);

      await checkpointer.stop();

      expect(autoCheckpointPages(sqlite)).toBe(1000);
    } finally {
      sqlite.close();
    }
  });

  test('When the worker cannot open the database, then it is reported and the writing connection keeps checkpointing', async () => {
    const file = path.join(dir, 'app.sqlite');
    const sqlite = new SqliteDatabase(file);
    sqlite.pragma('journal_mode = WAL');
    try {
      const failures: unknown[] = [];
      startCheckpointer(sqlite, path.join(dir, 'missing', 'nothing.sqlite'), { everyMs: 20, onFailure: (err) => failures.push(err) });

      await until('the failure was reported', () => failures.length > 0);
      expect(String(failures[0])).toMatch(/unable to open|directory does not exist|no such file/i);
      expect(autoCheckpointPages(sqlite)).toBe(1000);
    } finally {
      sqlite.close();
    }
  });
});
