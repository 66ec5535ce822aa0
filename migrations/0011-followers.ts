import type { Kysely, Migration } from 'kysely';
import type { MigrationContext } from './index';

/** Followers of a ticket, duplicate offers and merged tickets (issue 15 part 3). */
export function followers(_ctx: MigrationContext): Migration {
  return {
    async up(_db: Kysely<any>) {},
    async down(_db: Kysely<any>) {},
  };
}
