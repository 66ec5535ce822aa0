// Jest globalSetup: provide TEST_MYSQL_URL to every worker (workers inherit process.env).
import mysql from 'mysql2/promise';
import { findMariaDbBinaries, startMariaDb, type MariaDbServer } from './mariadb-server';

/** Where the server started here is kept for global-teardown (same process, same globalThis). */
export const SERVER_HANDLE = '__waTicketingMariaDb';

const SKIP_NOTICE = 'mariadbd not found; MariaDB suites skipped (install mariadb-server or set TEST_MYSQL_URL)';

export default async function globalSetup(): Promise<void> {
  // A stale value inherited from the shell must not skip suites when a server is available.
  delete process.env.TEST_MYSQL_SKIP;
  const given = process.env.TEST_MYSQL_URL;
  if (given) {
    const version = await serverVersion(given).catch((err: Error) => {
      throw new Error(`TEST_MYSQL_URL=${redact(given)} does not accept connections: ${err.message}`);
    });
    log(`MariaDB: using TEST_MYSQL_URL ${redact(given)} (${version})`);
    return;
  }
  if (findMariaDbBinaries()) {
    const started = Date.now();
    const server: MariaDbServer = await startMariaDb();
    (globalThis as Record<string, unknown>)[SERVER_HANDLE] = server;
    process.env.TEST_MYSQL_URL = server.url;
    const version = await serverVersion(server.url);
    log(`MariaDB: private ${version} at ${server.url} (${server.dataDir}, up in ${Date.now() - started} ms)`);
    return;
  }
  if (process.env.CI === 'true') {
    throw new Error('MariaDB is required in CI: install mariadb-server (mariadbd) or set TEST_MYSQL_URL');
  }
  process.env.TEST_MYSQL_SKIP = SKIP_NOTICE;
  log(`NOTICE: ${SKIP_NOTICE}`);
}

async function serverVersion(url: string): Promise<string> {
  const conn = await mysql.createConnection({ uri: url, connectTimeout: 5000 });
  try {
    const [rows] = await conn.query<mysql.RowDataPacket[]>('SELECT VERSION() AS v');
    return String(rows[0]?.v ?? 'unknown version');
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

// stderr, so `jest --json` without --outputFile still writes clean JSON to stdout.
function log(line: string): void {
  process.stderr.write(`\n${line}\n`);
}
