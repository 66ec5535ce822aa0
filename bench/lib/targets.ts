// What the bench measures: a private durable MariaDB, the real service and the floor, each in its own process.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { startAppProcess, type AppProcess } from '../../test/support/app-process';
import { startMariaDb, type MariaDbServer } from '../../test/support/mariadb-server';

export interface BenchDb {
  server: MariaDbServer;
  version: string;
  /** A new empty database on the server; its URL. */
  create(name: string): Promise<string>;
  /** A new SQLite file path URL in the bench's temp dir. */
  sqlite(name: string): string;
  query<T = mysql.RowDataPacket[]>(dbUrl: string, sql: string, params?: unknown[]): Promise<T>;
  close(): Promise<void>;
}

/**
 * A private mariadbd (test/support/mariadb-server.ts: --innodb-flush-log-at-trx-commit=1, no
 * binlog, so every commit is one redo-log fsync), with a buffer pool large enough for the
 * 1,000,000-ticket data set so the scale figures measure queries, not a cold disk.
 */
export async function startBenchDb(): Promise<BenchDb> {
  const server = await startMariaDb();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-bench-'));
  const admin = await mysql.createConnection({ uri: server.url });
  // Sized for the 1,000,000-ticket set (about 1.5 GB with indexes) like a production server would be;
  // durability is untouched: every commit still waits for its redo-log fsync.
  await admin.query('SET GLOBAL innodb_buffer_pool_size = 2147483648');
  await admin.query('SET GLOBAL innodb_log_file_size = 1073741824');
  const [[row]] = await admin.query<mysql.RowDataPacket[]>('SELECT VERSION() AS v, @@innodb_flush_log_at_trx_commit AS f');
  await admin.end();
  if (Number(row!.f) !== 1) throw new Error('innodb_flush_log_at_trx_commit must be 1 for durable figures');
  const pools = new Map<string, mysql.Pool>();
  const poolFor = (url: string) => {
    let p = pools.get(url);
    if (!p) pools.set(url, (p = mysql.createPool({ uri: url, connectionLimit: 4, supportBigNumbers: true, bigNumberStrings: false })));
    return p;
  };
  return {
    server,
    version: String(row!.v),
    async create(name) {
      await poolFor(server.url).query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      return `${server.url}${name}`;
    },
    sqlite: (name) => `sqlite:${path.join(tmp, `${name}.db`)}`,
    async query<T>(url: string, sql: string, params: unknown[] = []) {
      const [rows] = await poolFor(url).query(sql, params);
      return rows as T;
    },
    async close() {
      await Promise.all([...pools.values()].map((p) => p.end()));
      await server.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** The JWT key the child service is started with, so the bench can sign a staff token like the app does. */
export const JWT_SECRET = 'bench-jwt-secret-0123456789abcdef-0123';

/**
 * The real service (`wa-ticketing serve`, src/cli) as a child process. A child and not in-process because the
 * service, MariaDB and the load generator share two cores: in one process the load generator
 * would steal the service's event loop and flatter neither.
 */
export function startService(databaseUrl: string, fonnteUrl: string, env: Record<string, string> = {}): Promise<AppProcess> {
  return startAppProcess({
    env: { DATABASE_URL: databaseUrl, FONNTE_API_URL: fonnteUrl, JWT_SECRET, LOG_LEVEL: 'warn', ...env },
    readyTimeoutMs: 120_000,
  });
}

/** `wa-ticketing worker`: handles the stored messages and sends the replies of a web process started with RUN_WORKER=false. */
export function startWorker(databaseUrl: string, fonnteUrl: string, env: Record<string, string> = {}): Promise<AppProcess> {
  return startAppProcess({
    env: { DATABASE_URL: databaseUrl, FONNTE_API_URL: fonnteUrl, JWT_SECRET, LOG_LEVEL: 'warn', ...env },
    args: ['worker'],
    portVariable: 'WORKER_PORT',
    readyTimeoutMs: 120_000,
  });
}

/** The floor server (bench/floor/floor-server.ts) as a child process, like the service. */
export function startFloor(databaseUrl: string): Promise<AppProcess> {
  return startAppProcess({ entry: 'bench/floor/floor-server.ts', env: { DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: '10' } });
}

/** 2,000 employees, phones 62857000xxxxx: the senders of the bench's messages. */
const FIRST_NAMES = [
  'Siti',
  'Ahmad',
  'Dewi',
  'Budi',
  'Rina',
  'Agus',
  'Sri',
  'Eko',
  'Nur',
  'Yusuf',
  'Fitri',
  'Hendra',
  'Wulan',
  'Rizky',
  'Indah',
  'Bambang',
  'Lestari',
  'Dimas',
  'Ayu',
  'Fajar',
  'Ratna',
  'Joko',
  'Putri',
  'Arif',
  'Mega',
  'Teguh',
  'Nanda',
  'Hadi',
  'Intan',
  'Irfan',
  'Yuni',
  'Bayu',
  'Kartika',
  'Wahyu',
  'Anisa',
  'Gilang',
  'Sari',
  'Rudi',
  'Maya',
  'Dedi',
  'Laila',
  'Taufik',
  'Citra',
];
const LAST_NAMES = [
  'Rahmawati',
  'Santoso',
  'Hidayat',
  'Wijaya',
  'Saputra',
  'Nugroho',
  'Kurniawan',
  'Lestari',
  'Pratama',
  'Setiawan',
  'Wulandari',
  'Hasibuan',
  'Siregar',
  'Nasution',
  'Purnomo',
  'Susanti',
  'Gunawan',
  'Handayani',
  'Syahputra',
  'Firmansyah',
  'Maharani',
  'Permana',
  'Utami',
  'Ramadhan',
  'Sitompul',
  'Hakim',
  'Anggraini',
  'Suryadi',
  'Fauzi',
  'Yulianti',
  'Harahap',
  'Kusuma',
  'Prasetyo',
  'Safitri',
  'Lubis',
  'Mulyadi',
  'Oktaviani',
  'Simanjuntak',
  'Wibowo',
  'Herlina',
  'Sulistyo',
];

/** The name of bench employee `i` (0-based): varied Indonesian names, a few shared, as in a real staff list. */
export function employeeName(i: number): string {
  return `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[(i * 7 + Math.floor(i / FIRST_NAMES.length)) % LAST_NAMES.length]}`;
}

export function employeeRows(count = 2000, now = Date.now()) {
  const units = ['IT', 'SDM', 'Humas', 'Keuangan', 'Perpustakaan', 'Lab Fisika', 'Lab Kimia', 'Akademik', 'Sarpras', 'Rektorat'];
  return Array.from({ length: count }, (_, i) => ({
    id: `PGWB${String(i + 1).padStart(5, '0')}`,
    name: employeeName(i),
    email: null,
    phone: `62857${String(i + 1).padStart(8, '0')}`,
    department: ['TIF', 'TSI', 'MNJ', 'AKT', 'HKM', 'FKIP'][i % 6]!,
    unit: units[i % units.length]!,
    status: 'active',
    notes: null,
    created_at: now,
    updated_at: now,
  }));
}

export async function insertEmployees(db: BenchDb, url: string, count = 2000): Promise<string[]> {
  const rows = employeeRows(count);
  if (url.startsWith('sqlite:')) {
    const { default: Sqlite } = await import('better-sqlite3');
    const s = new Sqlite(url.slice('sqlite:'.length));
    const ins = s.prepare(
      'INSERT OR IGNORE INTO employees (id, name, email, phone, department, unit, status, notes, created_at, updated_at) VALUES (@id, @name, @email, @phone, @department, @unit, @status, @notes, @created_at, @updated_at)',
    );
    s.transaction(() => rows.forEach((r) => ins.run(r)))();
    s.close();
  } else {
    const cols = Object.keys(rows[0]!);
    await db.query(url, `INSERT IGNORE INTO employees (${cols.join(',')}) VALUES ?`, [
      rows.map((r) => cols.map((c) => r[c as keyof typeof r])),
    ]);
  }
  return rows.map((r) => r.phone);
}
