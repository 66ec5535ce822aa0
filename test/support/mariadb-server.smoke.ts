// Manual check of the harness: npx tsx test/support/mariadb-server.smoke.ts
import assert from 'node:assert/strict';
import fs from 'node:fs';
import mysql from 'mysql2/promise';
import { startMariaDb } from './mariadb-server';
import { createMysqlTestDatabase } from './mysql-databases';

async function main(): Promise<void> {
  let t = Date.now();
  const first = await startMariaDb();
  console.log(`fresh start: ${Date.now() - t} ms, ${first.url}, pid ${first.pid}, ${first.dataDir}`);
  const db = await createMysqlTestDatabase(first.url);
  assert.match(db.url, new RegExp(`^mysql://root@127\\.0\\.0\\.1:${first.port}/wt_[0-9a-f]{12}$`));

  const conn = await mysql.createConnection(db.url);
  await conn.query('CREATE TABLE t (id INT PRIMARY KEY, note VARCHAR(20)) ENGINE=InnoDB');
  await conn.query("INSERT INTO t VALUES (1, 'ünïcode ✓')");
  const [vars] = await conn.query('SELECT @@time_zone tz, @@collation_database coll, @@log_bin log_bin');
  console.log('server vars:', vars);
  await conn.end();

  // Autocommit + innodb_flush_log_at_trx_commit=1: the row must survive SIGKILL.
  await first.kill();
  assert.ok(fs.existsSync(first.dataDir), 'kill() keeps the data dir');
  t = Date.now();
  const second = await startMariaDb({ dataDir: first.dataDir, port: first.port });
  console.log(`restart after kill -9: ${Date.now() - t} ms`);
  assert.equal(second.url, first.url);
  const again = await mysql.createConnection(db.url);
  const [rows] = await again.query('SELECT id, note FROM t');
  await again.end();
  assert.deepEqual(rows, [{ id: 1, note: 'ünïcode ✓' }]);

  await db.drop();
  await db.drop();
  t = Date.now();
  await second.stop();
  console.log(`graceful stop: ${Date.now() - t} ms`);
  assert.ok(!fs.existsSync(first.dataDir), 'stop() removes the harness-created data dir');
  console.log('smoke OK');
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
