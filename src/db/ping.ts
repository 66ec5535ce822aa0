import { sql } from 'kysely';
import type { Db } from './create-db';

/** One round trip to the database: resolves when it answers, rejects when it cannot. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db.kysely);
}
