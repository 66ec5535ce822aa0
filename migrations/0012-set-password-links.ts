import type { Kysely, Migration } from 'kysely';
import type { MigrationContext } from './index';

/** Set-password links for staff imported without a password (issue 16 part 1). */
export function setPasswordLinks(_ctx: MigrationContext): Migration {
  return {
    async up(_db: Kysely<any>) {},
    async down(_db: Kysely<any>) {},
  };
}
