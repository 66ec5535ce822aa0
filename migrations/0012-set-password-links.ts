import type { Kysely, Migration } from 'kysely';
import type { MigrationContext } from './index';

/**
 * Set-password links for staff imported without a password (issue 16 part 1).
 *
 * - `set_password_links`: one row per link handed out. Only the sha256 of the token is kept (`token_hash`),
 *   so a leaked database cannot be turned into sign-ins; `used_at` makes a link single use and `voided_at`
 *   marks one replaced by a newer link for the same staff member.
 */
export function setPasswordLinks({ tableEnd }: MigrationContext): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('set_password_links')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('staff_id', 'varchar(20)', (c) => c.notNull().references('staff.id'))
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('used_at', 'bigint')
        .addColumn('voided_at', 'bigint')
        .addColumn('created_by', 'varchar(20)')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .modifyEnd(tableEnd)
        .execute();
      await db.schema.createIndex('set_password_links_staff').on('set_password_links').columns(['staff_id', 'used_at']).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('set_password_links').execute();
    },
  };
}
