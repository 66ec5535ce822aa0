import type { Kysely, Migration } from 'kysely';
import type { MigrationContext } from './index';

/**
 * The statistics on a million tickets (issue 17 part 4).
 *
 * - `stats_day_summaries`: one row per closed day (in APP_TIMEZONE) whose tickets the statistics
 *   have summarised: what GET /api/stats adds up for that day (JSON), the fingerprint of the day's
 *   tickets it was made from, and when. Written by the statistics' reads, never by a
 *   ticket write, so no ingest transaction waits on it.
 * - `ticket_events_ticket_kind` (ticket_id, kind, actor_kind): the reporters' reopens of a day's tickets
 *   (listReporterReopened, today's live part of every request) from the index alone, where
 *   ticket_events_ticket made it read each of the tickets' events (five or more per ticket).
 */
export function adminScaleStats({ dialect, longText, tableEnd }: MigrationContext): Migration {
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
      await db.schema.createIndex('ticket_events_ticket_kind').on('ticket_events').columns(['ticket_id', 'kind', 'actor_kind']).execute();
    },
    async down(db: Kysely<any>) {
      await (
        dialect === 'mysql'
          ? db.schema.dropIndex('ticket_events_ticket_kind').on('ticket_events')
          : db.schema.dropIndex('ticket_events_ticket_kind')
      ).execute();
      await db.schema.dropTable('stats_day_summaries').execute();
    },
  };
}
