import { sql, type Kysely, type Migration } from 'kysely';
import type { MigrationContext } from './index';

/**
 * The desk's inbox and the tickets the desk opens.
 *
 * - `conversations`: one row per chat (a phone or a group id), written only when a message
 *   needs a person (a plain text nobody acted on, a question, a draft left unconfirmed, a
 *   photo without a ticket). Commands never touch it, so they stay one transaction as fast
 *   as before. `waiting_since` is null once the desk marked the chat handled.
 * - `tickets.channel`: how a report came in (`whatsapp`, `telepon`, `datang_langsung`,
 *   `surat_email`); every existing ticket came by WhatsApp.
 * - `outbound_messages.staff_id`: who at the desk wrote a message by hand.
 * - On MySQL `ticket_events.note` becomes MEDIUMTEXT: a `#report` of a whole WhatsApp message
 *   in utf8mb4 (up to 4 bytes a character) overflowed TEXT's 64 KB.
 */
export function inbox({ dialect, longText, tableEnd }: MigrationContext): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('conversations')
        .addColumn('chat_id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('phone', 'varchar(64)')
        .addColumn('name', 'varchar(100)')
        .addColumn('is_group', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_message_at', 'bigint', (c) => c.notNull())
        .addColumn('last_preview', 'varchar(200)', (c) => c.notNull())
        .addColumn('waiting_since', 'bigint')
        .addColumn('unread', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('handled_at', 'bigint')
        .addColumn('handled_by', 'varchar(100)')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .modifyEnd(tableEnd)
        .execute();
      // The inbox: waiting chats, newest first.
      await db.schema.createIndex('conversations_waiting').on('conversations').columns(['waiting_since', 'last_message_at']).execute();
      await db.schema.createIndex('conversations_last').on('conversations').column('last_message_at').execute();

      await db.schema
        .alterTable('tickets')
        .addColumn('channel', 'varchar(24)', (c) => c.notNull().defaultTo('whatsapp'))
        .execute();
      await db.schema.alterTable('outbound_messages').addColumn('staff_id', 'varchar(20)').execute();
      // A chat's whole conversation (the inbox's detail): what went out to it, in order.
      await db.schema.createIndex('outbound_target_created').on('outbound_messages').columns(['target', 'created_at']).execute();
      await db.schema.createIndex('inbound_chat_received').on('inbound_messages').columns(['chat_id', 'received_at']).execute();

      if (dialect === 'mysql') await sql`alter table ticket_events modify note ${longText} not null`.execute(db);
    },
    async down(db: Kysely<any>) {
      if (dialect === 'mysql') await sql`alter table ticket_events modify note text not null`.execute(db);
      const dropIndex = (name: string, table: string) =>
        (dialect === 'mysql' ? db.schema.dropIndex(name).on(table) : db.schema.dropIndex(name)).execute();
      await dropIndex('inbound_chat_received', 'inbound_messages');
      await dropIndex('outbound_target_created', 'outbound_messages');
      await db.schema.alterTable('outbound_messages').dropColumn('staff_id').execute();
      await db.schema.alterTable('tickets').dropColumn('channel').execute();
      await db.schema.dropTable('conversations').execute();
    },
  };
}
