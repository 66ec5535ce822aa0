import { sql, type Kysely, type Migration } from 'kysely';
import type { MigrationContext } from './index';

/**
 * `id_blocks`: the next ids of a table handed out in blocks before the rows exist (issue 17). On MySQL a
 * batch of #request messages reserves its tickets' ids in one statement, so it can write the tickets
 * as one multi-row INSERT instead of one round trip each (ticket-id.repository.ts). Starts at the
 * highest id already there; SQLite, whose statements cost no round trip, does not use it.
 */
export function ticketIds({ tableEnd }: MigrationContext): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('id_blocks')
        .addColumn('name', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('last_value', 'bigint', (c) => c.notNull())
        .modifyEnd(tableEnd)
        .execute();
      await sql`insert into id_blocks (name, last_value) select 'tickets', coalesce(max(id), 0) from tickets`.execute(db);
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('id_blocks').execute();
    },
  };
}
