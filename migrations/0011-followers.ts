import type { Kysely, Migration } from 'kysely';
import type { MigrationContext } from './index';

/**
 * One ticket for one fault (issue 15 part 3).
 *
 * - `ticket_followers`: people who follow a ticket they did not report (`#ikut`, or the reporter of
 *   a ticket merged into it, `via_ticket_id`). They hear what the reporter hears and may confirm or
 *   reopen. `phone`, `name`, `chat_id` are plain columns, found by phone when a person's data is erased.
 *   Unique per ticket and phone; `(phone)` serves "which tickets may this person ask about".
 * - `ticket_merges`: a ticket merged into another (one row per merged ticket, so it merges once);
 *   `(into_ticket_id)` lists a main ticket's merged ones, for the cascade on closing and the detail.
 * - `duplicate_offers`: a complaint held while its sender chooses between `#ikut` and `#baru`; the
 *   complaint, its source message (or draft, for the photos) and what was recognised are kept so
 *   nothing is lost. `due_at` is when the job files it unanswered; null once decided.
 */
export function followers({ longText, tableEnd }: MigrationContext): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('ticket_followers')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
        .addColumn('phone', 'varchar(64)', (c) => c.notNull())
        .addColumn('name', 'varchar(100)')
        .addColumn('chat_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('employee_id', 'varchar(64)')
        .addColumn('via_ticket_id', 'integer')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .modifyEnd(tableEnd)
        .execute();
      await db.schema.createIndex('ticket_followers_once').on('ticket_followers').columns(['ticket_id', 'phone']).unique().execute();
      await db.schema.createIndex('ticket_followers_phone').on('ticket_followers').column('phone').execute();
      await db.schema
        .createTable('ticket_merges')
        .addColumn('ticket_id', 'integer', (c) => c.primaryKey().references('tickets.id'))
        .addColumn('into_ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
        .addColumn('merged_by', 'varchar(64)')
        .addColumn('merged_at', 'bigint', (c) => c.notNull())
        .modifyEnd(tableEnd)
        .execute();
      await db.schema.createIndex('ticket_merges_into').on('ticket_merges').column('into_ticket_id').execute();
      await db.schema
        .createTable('duplicate_offers')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('chat_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('phone', 'varchar(64)', (c) => c.notNull())
        .addColumn('name', 'varchar(100)')
        .addColumn('employee_id', 'varchar(64)')
        .addColumn('workplace', 'varchar(200)')
        .addColumn('complaint', longText, (c) => c.notNull())
        .addColumn('source_message_id', 'integer')
        .addColumn('draft_id', 'integer')
        .addColumn('reported_at', 'bigint', (c) => c.notNull())
        .addColumn('place_id', 'integer')
        .addColumn('category_id', 'integer')
        .addColumn('candidate_ticket_id', 'integer', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('due_at', 'bigint')
        .addColumn('ticket_id', 'integer')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .modifyEnd(tableEnd)
        .execute();
      await db.schema.createIndex('duplicate_offers_due').on('duplicate_offers').column('due_at').execute();
      await db.schema.createIndex('duplicate_offers_sender').on('duplicate_offers').columns(['phone', 'status']).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('duplicate_offers').execute();
      await db.schema.dropTable('ticket_merges').execute();
      await db.schema.dropTable('ticket_followers').execute();
    },
  };
}
