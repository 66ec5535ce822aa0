import type { Kysely, Migration } from 'kysely';
import type { MigrationContext } from './index';

/**
 * Where things break: buildings, floors and rooms, and the place of a ticket.
 *
 * - `places`: one tree (`parent_id`): a building, its floors, their rooms. `code` is what people and QR
 *   codes write (`R-3.2`, `GB`, `GB-2`); `aliases` the other ways they say it ("kelas 3.2", "ruang 3.2"),
 *   one per line. Deactivated, never deleted: old tickets keep their place.
 * - `tickets.place_id`, with `(place_id, created_at)` for the place's tickets and the repeat-fault counts.
 * - `place_fault_flags`: a place × category that crossed the repeat-fault threshold, so the desk hears it once.
 */
export function places({ dialect, longText, tableEnd }: MigrationContext): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('places')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('kind', 'varchar(16)', (c) => c.notNull())
        .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('parent_id', 'integer', (c) => c.references('places.id'))
        .addColumn('aliases', longText, (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .modifyEnd(tableEnd)
        .execute();
      await db.schema.createIndex('places_parent').on('places').columns(['parent_id', 'kind']).execute();
      await db.schema.alterTable('tickets').addColumn('place_id', 'integer').execute();
      await db.schema.createIndex('tickets_place_created').on('tickets').columns(['place_id', 'created_at']).execute();
      await db.schema
        .createTable('place_fault_flags')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('place_id', 'integer', (c) => c.notNull().references('places.id'))
        .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id'))
        .addColumn('flagged_at', 'bigint', (c) => c.notNull())
        .addColumn('fault_count', 'integer', (c) => c.notNull())
        .modifyEnd(tableEnd)
        .execute();
      await db.schema.createIndex('place_fault_flags_once').on('place_fault_flags').columns(['place_id', 'category_id']).unique().execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('place_fault_flags').execute();
      await (
        dialect === 'mysql' ? db.schema.dropIndex('tickets_place_created').on('tickets') : db.schema.dropIndex('tickets_place_created')
      ).execute();
      await db.schema.alterTable('tickets').dropColumn('place_id').execute();
      await db.schema.dropTable('places').execute();
    },
  };
}
