import type { Kysely, Migration } from 'kysely';
import type { MigrationContext } from './index';

/**
 * The statistics on a million tickets (issue 17 part 4).
 *
 * - `stats_day_summaries`: one row per closed day (in APP_TIMEZONE) whose tickets the statistics
 *   have summarised: what GET /api/stats adds up for that day (JSON), the fingerprint of the day's
 *   tickets it was made from, and when. Written by the statistics' reads, never by a
 *   ticket write, so no ingest transaction waits on it.
 */
export function adminScaleStats({ longText, tableEnd }: MigrationContext): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('stats_day_summaries')
        .addColumn('day', 'varchar(10)', (c) => c.primaryKey())
        .addColumn('fingerprint', 'varchar(200)', (c) => c.notNull())
        .addColumn('built_at', 'bigint', (c) => c.notNull())
        .addColumn('data', longText, (c) => c.notNull())
        .modifyEnd(tableEnd)
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('stats_day_summaries').execute();
    },
  };
}
