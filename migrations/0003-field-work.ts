import type { Kysely, Migration } from 'kysely';
import type { MigrationContext } from './index';

/** Technicians' field work: downloaded photos, the gateway's device state, auto-close lookups. */
export function fieldWork({ tableEnd }: MigrationContext): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('media')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
        .addColumn('ticket_event_id', 'integer')
        .addColumn('inbound_message_id', 'integer')
        .addColumn('source_url', 'text', (c) => c.notNull())
        .addColumn('original_filename', 'varchar(255)')
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('due_at', 'bigint')
        .addColumn('claim_token', 'varchar(40)')
        .addColumn('content_type', 'varchar(100)')
        .addColumn('size_bytes', 'integer')
        .addColumn('sha256', 'varchar(64)')
        .addColumn('storage_path', 'varchar(255)')
        .addColumn('error', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .modifyEnd(tableEnd)
        .execute();
      await db.schema.createIndex('media_due').on('media').columns(['due_at', 'id']).execute();
      await db.schema.createIndex('media_ticket').on('media').column('ticket_id').execute();

      // One row per device: connect/disconnect as Fonnte last reported it.
      await db.schema
        .createTable('gateway_devices')
        .addColumn('device', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('reported_at', 'bigint')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .modifyEnd(tableEnd)
        .execute();

      await db.schema.alterTable('outbound_messages').addColumn('delivery_updated_at', 'bigint').execute();
      await db.schema.createIndex('tickets_status_finished').on('tickets').columns(['status', 'finished_at']).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('tickets_status_finished').on('tickets').execute();
      await db.schema.alterTable('outbound_messages').dropColumn('delivery_updated_at').execute();
      await db.schema.dropTable('gateway_devices').execute();
      await db.schema.dropTable('media').execute();
    },
  };
}
