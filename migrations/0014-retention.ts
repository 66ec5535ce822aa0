import type { Kysely, Migration } from 'kysely';
import type { MigrationContext } from './index';

/** Indexes added here, on which tables: dropped by name on SQLite, per table on MySQL. */
const INDEXES: [table: string, name: string, columns: string[]][] = [
  // The anonymisation rule: `anonymised_at IS NULL AND status = 'ditutup' AND closed_at < ?`, in closed_at order.
  ['tickets', 'tickets_anonymise', ['anonymised_at', 'status', 'closed_at']],
  // The message rules walk rows not yet cleared, oldest first, up to the cut-off: one range each.
  ['inbound_messages', 'inbound_retention', ['cleared_at', 'received_at']],
  ['outbound_messages', 'outbound_retention', ['cleared_at', 'created_at']],
  ['media', 'media_retention', ['removed_at', 'created_at']],
  // Finished drafts whose text is cleared with the messages, oldest change first.
  ['drafts', 'drafts_updated', ['updated_at']],
];

/**
 * Retention (issue 16 part 3): the runs, and one marker column per table a rule changes, so a run
 * (of any process) only ever looks at rows not yet done and a repeated update changes nothing.
 *
 * - `retention_runs`: each real run with its periods and counts per rule.
 * - `tickets.anonymised_at`, `inbound_messages.cleared_at`, `outbound_messages.cleared_at`,
 *   `media.removed_at`, each leading an index with the time the rule compares; `drafts_updated`
 *   for the finished drafts the message rule empties too.
 */
export function retention({ dialect, tableEnd }: MigrationContext): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('retention_runs')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('trigger', 'varchar(16)', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('finished_at', 'bigint')
        .addColumn('media_months', 'integer', (c) => c.notNull())
        .addColumn('messages_months', 'integer', (c) => c.notNull())
        .addColumn('anonymise_years', 'integer', (c) => c.notNull())
        .addColumn('media_removed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('inbound_cleared', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('outbound_cleared', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('tickets_anonymised', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('inbox_cleared', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('error', 'text')
        .modifyEnd(tableEnd)
        .execute();
      await db.schema.createIndex('retention_runs_started').on('retention_runs').column('started_at').execute();
      await db.schema.alterTable('tickets').addColumn('anonymised_at', 'bigint').execute();
      await db.schema.alterTable('inbound_messages').addColumn('cleared_at', 'bigint').execute();
      await db.schema.alterTable('outbound_messages').addColumn('cleared_at', 'bigint').execute();
      await db.schema.alterTable('media').addColumn('removed_at', 'bigint').execute();
      for (const [table, name, columns] of INDEXES) await db.schema.createIndex(name).on(table).columns(columns).execute();
    },
    async down(db: Kysely<any>) {
      for (const [table, name] of INDEXES)
        await (dialect === 'mysql' ? db.schema.dropIndex(name).on(table) : db.schema.dropIndex(name)).execute();
      await db.schema.alterTable('media').dropColumn('removed_at').execute();
      await db.schema.alterTable('outbound_messages').dropColumn('cleared_at').execute();
      await db.schema.alterTable('inbound_messages').dropColumn('cleared_at').execute();
      await db.schema.alterTable('tickets').dropColumn('anonymised_at').execute();
      await db.schema.dropTable('retention_runs').execute();
    },
  };
}
