// One throwaway database per test file, so parallel jest workers share a server without sharing tables.
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';

export interface MysqlTestDatabase {
  /** serverUrl with the path replaced by the new database (user, password and query kept). */
  url: string;
  name: string;
  /** Drops the database; safe to call twice. */
  drop(): Promise<void>;
}

export async function createMysqlTestDatabase(serverUrl = process.env.TEST_MYSQL_URL!): Promise<MysqlTestDatabase> {
  if (!serverUrl) {
    throw new Error('TEST_MYSQL_URL is not set: run through jest (globalSetup starts MariaDB) or export it');
  }
  const name = `wt_${randomBytes(6).toString('hex')}`;
  await run(serverUrl, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => run(serverUrl, `DROP DATABASE IF EXISTS \`${name}\``),
  };
}

async function run(serverUrl: string, sql: string): Promise<void> {
  // Strip any database from the URL: it may be one that was just dropped.
  const url = new URL(serverUrl);
  url.pathname = '/';
  const conn = await mysql.createConnection(url.toString());
  try {
    await conn.query(sql);
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
}
