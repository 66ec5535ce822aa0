/*
 * The floor: what this machine does at all for a webhook that must be stored durably.
 * Bare Express 5, express.json, and one transaction of two inserts (the message and an
 * outbox row), over mysql2 or better-sqlite3 with the service's own pool size and SQLite
 * pragmas. No validation, no dedupe lookups, no processing, no logging: an upper bound.
 * Run as a child process by the bench: PORT, DATABASE_URL (mysql://… or sqlite:…), DATABASE_POOL_SIZE.
 */
import express from 'express';
import mysql from 'mysql2/promise';
import Sqlite from 'better-sqlite3';

const port = Number(process.env.PORT);
const url = process.env.DATABASE_URL ?? '';
const poolSize = Number(process.env.DATABASE_POOL_SIZE ?? 10);

type Store = (dedupeKey: string, payload: string, now: number) => Promise<void>;

async function mysqlStore(): Promise<Store> {
  const pool = mysql.createPool({ uri: url, connectionLimit: poolSize, charset: 'utf8mb4_unicode_ci' });
  await pool.query(`CREATE TABLE IF NOT EXISTS floor_inbound (id INT AUTO_INCREMENT PRIMARY KEY, dedupe_key VARCHAR(80) NOT NULL UNIQUE,
    raw_payload MEDIUMTEXT NOT NULL, received_at BIGINT NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  await pool.query(`CREATE TABLE IF NOT EXISTS floor_outbox (id INT AUTO_INCREMENT PRIMARY KEY, inbound_id INT NOT NULL, body TEXT NOT NULL,
    due_at BIGINT, KEY floor_due (due_at, id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  return async (key, payload, now) => {
    const conn = await pool.getConnection();
    try {
      await conn.query('BEGIN');
      const [r] = await conn.execute<mysql.ResultSetHeader>(
        'INSERT INTO floor_inbound (dedupe_key, raw_payload, received_at) VALUES (?, ?, ?)',
        [key, payload, now],
      );
      await conn.execute('INSERT INTO floor_outbox (inbound_id, body, due_at) VALUES (?, ?, ?)', [r.insertId, 'ok', now]);
      await conn.query('COMMIT');
    } catch (err) {
      await conn.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      conn.release();
    }
  };
}

function sqliteStore(): Store {
  const db = new Sqlite(url.slice('sqlite:'.length));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE IF NOT EXISTS floor_inbound (id INTEGER PRIMARY KEY AUTOINCREMENT, dedupe_key TEXT NOT NULL UNIQUE, raw_payload TEXT NOT NULL, received_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS floor_outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, inbound_id INTEGER NOT NULL, body TEXT NOT NULL, due_at INTEGER);
    CREATE INDEX IF NOT EXISTS floor_due ON floor_outbox (due_at, id);`);
  const insertInbound = db.prepare('INSERT INTO floor_inbound (dedupe_key, raw_payload, received_at) VALUES (?, ?, ?)');
  const insertOutbox = db.prepare('INSERT INTO floor_outbox (inbound_id, body, due_at) VALUES (?, ?, ?)');
  const tx = db.transaction((key: string, payload: string, now: number) => {
    const r = insertInbound.run(key, payload, now);
    insertOutbox.run(r.lastInsertRowid, 'ok', now);
  });
  return async (key, payload, now) => void tx(key, payload, now);
}

async function main(): Promise<void> {
  const store = url.startsWith('sqlite:') ? sqliteStore() : await mysqlStore();
  const app = express();
  app.get('/health', (_req, res) => void res.json({ status: 'ok' }));
  app.post('/webhooks/fonnte', express.json({ limit: '256kb' }), async (req, res) => {
    // Echoed like the service's request logger does, so the load generator ties each answer to its message.
    const id = req.headers['x-request-id'];
    if (typeof id === 'string') res.setHeader('x-request-id', id);
    const body = req.body as { sender?: string; timestamp?: number; message?: string };
    const key = `${body.sender}:${body.timestamp}:${body.message}`.slice(0, 80);
    try {
      await store(key, JSON.stringify(req.body), Date.now());
      res.json({ status: 'accepted' });
    } catch {
      res.status(503).json({ status: 'error' });
    }
  });
  app.listen(port, '127.0.0.1');
}

void main();
