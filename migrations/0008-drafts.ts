import type { Kysely, Migration } from 'kysely';
import type { MigrationContext } from './index';

/** Drafts of plain-language complaints waiting for the reporter's YA (filled in with the draft flow). */
export function drafts(_ctx: MigrationContext): Migration {
  return {
    async up(_db: Kysely<any>) {},
    async down(_db: Kysely<any>) {},
  };
}
