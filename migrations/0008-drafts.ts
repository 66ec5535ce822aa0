import type { Kysely, Migration } from 'kysely';
import type { MigrationContext } from './index';

/**
 * Drafts of plain-language complaints waiting for the reporter's YA.
 *
 * - `open_chat_id` is the chat id while the draft is open (`gathering` or `awaiting`) and null
 *   once it is filed, cancelled or left: its unique index makes "one open draft per chat" a rule
 *   of the database, and serves the lookup every plain message makes.
 * - `due_at` is when the background job must look at the draft next (the prompt, or leaving it
 *   for the desk); null once closed. The job claims a draft by a conditional UPDATE on it.
 * - `inbound_messages.draft_id` links every message that joined a draft (its photos are attached
 *   to the ticket on YA).
 */
export function drafts({ dialect, longText, tableEnd }: MigrationContext): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('drafts')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('chat_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('open_chat_id', 'varchar(64)', (c) => c.unique())
        .addColumn('phone', 'varchar(64)', (c) => c.notNull())
        .addColumn('name', 'varchar(100)')
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('text', longText, (c) => c.notNull())
        .addColumn('photos', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('first_message_id', 'integer')
        .addColumn('burst_started_at', 'bigint', (c) => c.notNull())
        .addColumn('last_message_at', 'bigint', (c) => c.notNull())
        .addColumn('due_at', 'bigint')
        .addColumn('prompts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('ticket_id', 'integer')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .modifyEnd(tableEnd)
        .execute();
      await db.schema.createIndex('drafts_due').on('drafts').column('due_at').execute();
      await db.schema.alterTable('inbound_messages').addColumn('draft_id', 'integer').execute();
      await db.schema.createIndex('inbound_draft').on('inbound_messages').column('draft_id').execute();
    },
    async down(db: Kysely<any>) {
      await (
        dialect === 'mysql' ? db.schema.dropIndex('inbound_draft').on('inbound_messages') : db.schema.dropIndex('inbound_draft')
      ).execute();
      await db.schema.alterTable('inbound_messages').dropColumn('draft_id').execute();
      await db.schema.dropTable('drafts').execute();
    },
  };
}
