import { type Kysely, type Migration } from 'kysely';
import type { MigrationContext } from './index';

/** The core schema: people, tickets with their history, and the inbound and outbound message logs. */
export function initial({ longText, tableEnd }: MigrationContext): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('employees')
        .addColumn('id', 'varchar(20)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('email', 'varchar(255)')
        .addColumn('phone', 'varchar(32)', (c) => c.notNull().unique())
        .addColumn('department', 'varchar(100)')
        .addColumn('unit', 'varchar(100)')
        .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('active'))
        .addColumn('notes', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .modifyEnd(tableEnd)
        .execute();

      await db.schema
        .createTable('staff')
        .addColumn('id', 'varchar(20)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('level', 'varchar(20)', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('email', 'varchar(255)')
        .addColumn('phone', 'varchar(32)', (c) => c.unique())
        .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('password_hash', 'varchar(255)')
        .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('active'))
        .addColumn('notes', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .modifyEnd(tableEnd)
        .execute();

      await db.schema
        .createTable('tickets')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('tracking_no', 'varchar(24)', (c) => c.notNull().unique())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('complaint', longText, (c) => c.notNull())
        .addColumn('reporter_employee_id', 'varchar(20)', (c) => c.references('employees.id'))
        .addColumn('reporter_phone', 'varchar(64)', (c) => c.notNull())
        .addColumn('reporter_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('reporter_unit', 'varchar(200)')
        .addColumn('chat_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('source_message_id', 'integer')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('finished_at', 'bigint')
        .addColumn('closed_at', 'bigint')
        .modifyEnd(tableEnd)
        .execute();
      await db.schema.createIndex('tickets_reporter_created').on('tickets').columns(['reporter_phone', 'created_at']).execute();
      await db.schema.createIndex('tickets_status_created').on('tickets').columns(['status', 'created_at']).execute();
      await db.schema.createIndex('tickets_created').on('tickets').column('created_at').execute();

      await db.schema
        .createTable('ticket_events')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
        .addColumn('kind', 'varchar(24)', (c) => c.notNull())
        .addColumn('status_from', 'varchar(16)')
        .addColumn('status_to', 'varchar(16)')
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('actor_kind', 'varchar(16)', (c) => c.notNull())
        .addColumn('actor_id', 'varchar(20)')
        .addColumn('actor_name', 'varchar(100)')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .modifyEnd(tableEnd)
        .execute();
      await db.schema.createIndex('ticket_events_ticket').on('ticket_events').columns(['ticket_id', 'id']).execute();

      await db.schema
        .createTable('ticket_sequences')
        .addColumn('period', 'varchar(16)', (c) => c.primaryKey())
        .addColumn('last_value', 'integer', (c) => c.notNull())
        .modifyEnd(tableEnd)
        .execute();

      await db.schema
        .createTable('inbound_messages')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('dedupe_key', 'varchar(80)', (c) => c.notNull().unique())
        .addColumn('device', 'varchar(64)')
        .addColumn('chat_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('sender_phone', 'varchar(64)', (c) => c.notNull())
        .addColumn('sender_name', 'varchar(100)')
        .addColumn('is_group', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('body', longText, (c) => c.notNull())
        .addColumn('message_type', 'varchar(16)')
        .addColumn('media_url', 'text')
        .addColumn('media_filename', 'varchar(255)')
        .addColumn('media_extension', 'varchar(16)')
        .addColumn('raw_payload', longText, (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('command', 'varchar(32)')
        .addColumn('ticket_id', 'integer')
        .addColumn('error', 'text')
        .addColumn('sent_at', 'bigint')
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addColumn('processed_at', 'bigint')
        .modifyEnd(tableEnd)
        .execute();
      await db.schema.createIndex('inbound_status_received').on('inbound_messages').columns(['status', 'received_at']).execute();
      await db.schema.createIndex('inbound_ticket').on('inbound_messages').column('ticket_id').execute();
      await db.schema.createIndex('inbound_sender_received').on('inbound_messages').columns(['sender_phone', 'received_at']).execute();

      await db.schema
        .createTable('outbound_messages')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('target', 'varchar(64)', (c) => c.notNull())
        .addColumn('body', longText, (c) => c.notNull())
        .addColumn('kind', 'varchar(24)', (c) => c.notNull())
        .addColumn('ticket_id', 'integer')
        .addColumn('inbound_message_id', 'integer')
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('due_at', 'bigint')
        .addColumn('claim_token', 'varchar(40)')
        .addColumn('last_error', 'text')
        .addColumn('provider_id', 'varchar(64)')
        .addColumn('delivery_state', 'varchar(24)')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('sent_at', 'bigint')
        .modifyEnd(tableEnd)
        .execute();
      // The claim query is `WHERE due_at <= ? ORDER BY due_at, id`: this index serves both, no filesort.
      await db.schema.createIndex('outbound_due').on('outbound_messages').columns(['due_at', 'id']).execute();
      await db.schema.createIndex('outbound_target_kind').on('outbound_messages').columns(['target', 'kind', 'created_at']).execute();
      await db.schema.createIndex('outbound_ticket').on('outbound_messages').column('ticket_id').execute();
      await db.schema.createIndex('outbound_inbound').on('outbound_messages').column('inbound_message_id').execute();
      await db.schema.createIndex('outbound_provider').on('outbound_messages').column('provider_id').execute();
    },
    async down(db: Kysely<any>) {
      for (const t of ['outbound_messages', 'inbound_messages', 'ticket_sequences', 'ticket_events', 'tickets', 'staff', 'employees']) {
        await db.schema.dropTable(t).execute();
      }
    },
  };
}
