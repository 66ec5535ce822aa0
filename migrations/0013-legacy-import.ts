import type { Kysely, Migration } from 'kysely';
import type { MigrationContext } from './index';

/** What the importer of the old PHP system carried over (issue 16 part 2). */
export function legacyImport(_ctx: MigrationContext): Migration {
  return {
    async up(_db: Kysely<any>) {},
    async down(_db: Kysely<any>) {},
  };
}
