import type { Kysely, Migration } from 'kysely';
import type { MigrationContext } from './index';

/**
 * What the importer of the old PHP system carried over (issue 16 part 2).
 *
 * - `legacy_runs`: one row per real run (never for a dry run): the source, the options, when it started and
 *   ended, and its counts as JSON. A run that was stopped midway keeps `finished_at` null.
 * - `legacy_keys`: every old row that was written, as (entity, its key in the old database) → the new id, written in
 *   the same transaction as the rows themselves. A rerun skips what is here, so an interrupted run resumes where it
 *   stopped and a finished one imports nothing twice.
 */
export function legacyImport({ tableEnd }: MigrationContext): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('legacy_runs')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('source', 'varchar(255)', (c) => c.notNull())
        .addColumn('options_json', 'text', (c) => c.notNull())
        .addColumn('counts_json', 'text')
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('finished_at', 'bigint')
        .modifyEnd(tableEnd)
        .execute();
      await db.schema
        .createTable('legacy_keys')
        .addColumn('entity', 'varchar(16)', (c) => c.notNull())
        .addColumn('legacy_key', 'varchar(64)', (c) => c.notNull())
        .addColumn('new_id', 'varchar(40)', (c) => c.notNull())
        .addColumn('run_id', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('legacy_keys_pk', ['entity', 'legacy_key'])
        .modifyEnd(tableEnd)
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('legacy_keys').execute();
      await db.schema.dropTable('legacy_runs').execute();
    },
  };
}
