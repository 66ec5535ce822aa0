/*
 * A kept 1,000,000-ticket MariaDB for working on the admin queries: generating it takes 200–500 s, so it is
 * made once in a fixed data dir and reused by every later measurement (bench/scale/admin-measure.ts).
 * Runs in the foreground until SIGINT/SIGTERM, which stops the server cleanly (the data stays).
 * Usage: npx tsx bench/scale/admin-db.ts [dataDir=/tmp/a-admin-db] [tickets=1000000]
 * It writes the database URL to <dataDir>.url once the data is there.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import mysql from 'mysql2/promise';
import { createDb } from '../../src/db/create-db';
import { migrateToLatest } from '../../src/db/migrate';
import { findMariaDbBinaries, startMariaDb } from '../../test/support/mariadb-server';
import { generate } from './generate';

const DATABASE = 'scale';

async function main(): Promise<void> {
  const dataDir = process.argv[2] ?? '/tmp/a-admin-db';
  const target = Number(process.argv[3] ?? 1_000_000);
  if (!fs.existsSync(dataDir)) install(dataDir);
  const server = await startMariaDb({ dataDir });
  const admin = await mysql.createConnection({ socketPath: `${dataDir}/mariadbd.sock`, user: 'root' });
  // As bench/lib/targets.ts: passwordless root over TCP, and a buffer pool that holds the whole set.
  for (const q of [
    "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1'",
    "GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION",
    'SET GLOBAL innodb_buffer_pool_size = 2147483648',
    `CREATE DATABASE IF NOT EXISTS \`${DATABASE}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
  ])
    await admin.query(q);
  const url = `${server.url}${DATABASE}`;
  const db = createDb(url);
  await migrateToLatest(db);
  await db.destroy();
  const [[row]] = await admin.query<mysql.RowDataPacket[]>(`SELECT COUNT(*) AS n FROM \`${DATABASE}\`.tickets`);
  await admin.end();
  const have = Number(row!.n);
  if (have < target) {
    console.log(`generating ${target - have} tickets into ${url}`);
    const r = await generate({
      url,
      tickets: target - have,
      history: true,
      seed: target,
      onProgress: (d) => d % 50_000 === 0 && console.log(`  +${d}`),
    });
    console.log(`generated in ${r.seconds.toFixed(0)} s`);
  }
  fs.writeFileSync(`${dataDir}.url`, url);
  console.log(`ready: ${url}`);
  // The server child is unref'd (test/support): a timer keeps this process, and so the server, alive.
  const alive = setInterval(() => undefined, 60_000);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  clearInterval(alive);
  await server.stop();
}

function install(dataDir: string): void {
  const bins = findMariaDbBinaries();
  if (!bins) throw new Error('mariadb-install-db not found');
  fs.mkdirSync(`${dataDir}.tmp`, { recursive: true });
  const asUser = process.getuid?.() === 0 ? ['--user=root'] : [];
  execFileSync(bins.installDb, [
    '--no-defaults',
    '--auth-root-authentication-method=normal',
    `--datadir=${dataDir}`,
    `--tmpdir=${dataDir}.tmp`,
    ...asUser,
    '--skip-test-db',
    '--skip-name-resolve',
    '--rpm',
  ]);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
