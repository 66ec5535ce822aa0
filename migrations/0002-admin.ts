import type { Kysely, Migration } from 'kysely';
import type { MigrationContext } from './index';

/** Admin API: token revocation on staff, assignments of technicians, the audit log. */
export function admin({ longText, tableEnd }: MigrationContext): Migration {
  return {
    async up(db: Kysely<any>) {
      // SQLite takes one ADD COLUMN per ALTER TABLE.
      await db.schema
        .alterTable('staff')
        .addColumn('token_version', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('staff').addColumn('last_login_at', 'bigint').execute();
      await db.schema.alterTable('tickets').addColumn('first_assigned_at', 'bigint').execute();
      await db.schema.createIndex('staff_level_status').on('staff').columns(['level', 'status']).execute();

      await db.schema
        .createTable('assignments')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
        .addColumn('staff_id', 'varchar(20)', (c) => c.notNull().references('staff.id'))
        .addColumn('note', 'text')
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('assigned_by', 'varchar(20)')
        .addColumn('assigned_at', 'bigint', (c) => c.notNull())
        .addColumn('started_at', 'bigint')
        .addColumn('finished_at', 'bigint')
        .addColumn('withdrawn_at', 'bigint')
        .addColumn('withdrawn_by', 'varchar(20)')
        .modifyEnd(tableEnd)
        .execute();
      await db.schema.createIndex('assignments_ticket').on('assignments').columns(['ticket_id', 'status']).execute();
      await db.schema.createIndex('assignments_staff').on('assignments').columns(['staff_id', 'status', 'assigned_at']).execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('actor_id', 'varchar(20)')
        .addColumn('actor_name', 'varchar(100)')
        .addColumn('action', 'varchar(64)', (c) => c.notNull())
        .addColumn('entity', 'varchar(32)', (c) => c.notNull())
        .addColumn('entity_id', 'varchar(64)')
        .addColumn('before_json', longText)
        .addColumn('after_json', longText)
        .addColumn('request_id', 'varchar(64)')
        .addColumn('ip', 'varchar(64)')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .modifyEnd(tableEnd)
        .execute();
      await db.schema.createIndex('audit_created').on('audit_log').column('created_at').execute();
      await db.schema.createIndex('audit_entity').on('audit_log').columns(['entity', 'entity_id']).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('audit_log').execute();
      await db.schema.dropTable('assignments').execute();
      await db.schema.dropIndex('staff_level_status').on('staff').execute();
      await db.schema.alterTable('tickets').dropColumn('first_assigned_at').execute();
      await db.schema.alterTable('staff').dropColumn('last_login_at').execute();
      await db.schema.alterTable('staff').dropColumn('token_version').execute();
    },
  };
}
