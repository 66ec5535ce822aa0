import type { Kysely, Migration } from 'kysely';
import type { MigrationContext } from './index';

/** Retention runs and personal-data requests (issue 16 parts 3 and 4). */
export function retention(_ctx: MigrationContext): Migration {
  return {
    async up(_db: Kysely<any>) {},
    async down(_db: Kysely<any>) {},
  };
}
