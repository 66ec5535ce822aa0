import type { Kysely, Migration } from 'kysely';
import type { MigrationContext } from './index';

/**
 * Fonnte's later status callbacks name a message only by `stateid`, which the first callback
 * links to /send's `id`: keep it, indexed, so those callbacks can be matched.
 */
export function deliveryStateId(_ctx: MigrationContext): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('outbound_messages').addColumn('provider_state_id', 'varchar(64)').execute();
      await db.schema.createIndex('outbound_provider_state').on('outbound_messages').column('provider_state_id').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('outbound_provider_state').on('outbound_messages').execute();
      await db.schema.alterTable('outbound_messages').dropColumn('provider_state_id').execute();
    },
  };
}
