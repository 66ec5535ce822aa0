// The old PHP system's database for the legacy importer's tests: a private database on the test MariaDB,
// built from test/fixtures/legacy/schema.sql and data.sql. The source is always MariaDB, whatever the target.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { createMysqlTestDatabase } from '../support/mysql-databases';
import type { LegacyClock } from '../../src/features/legacy/legacy-time';
import type { LegacyImportOptions } from '../../src/features/legacy/legacy-import.service';

export const fixtureDir = join(__dirname, '..', 'fixtures', 'legacy');

export interface LegacyFixture {
  url: string;
  drop(): Promise<void>;
}

export async function createLegacyFixture(): Promise<LegacyFixture> {
  const created = await createMysqlTestDatabase();
  const conn = await mysql.createConnection({ uri: created.url, multipleStatements: true });
  try {
    await conn.query(readFileSync(join(fixtureDir, 'schema.sql'), 'utf8'));
    await conn.query(readFileSync(join(fixtureDir, 'data.sql'), 'utf8'));
  } finally {
    await conn.end();
  }
  return { url: created.url, drop: () => created.drop() };
}

export const jakarta: LegacyClock = { timezone: 'Asia/Jakarta', offsetHours: 0 };

/** The options of a real run at a fixed moment, as the CLI would pass them. */
export const realRun = (over: Partial<LegacyImportOptions> = {}): LegacyImportOptions => ({
  clock: jakarta,
  dryRun: false,
  batchSize: 2,
  now: () => Date.UTC(2024, 9, 1),
  links: { ttlMs: 72 * 3600_000, publicUrl: 'https://helpdesk.kampus.example' },
  ...over,
});

/** 1 March 2024 18:27:43 in Jakarta (UTC+7), as epoch ms. */
export const wib = (y: number, mo: number, d: number, h: number, mi: number, s: number) => Date.UTC(y, mo - 1, d, h - 7, mi, s);
