import { sql, type Migration, type MigrationProvider, type RawBuilder } from 'kysely';
import type { Dialect } from '../src/db/create-db';
import { initial } from './0001-initial';
import { admin } from './0002-admin';
import { fieldWork } from './0003-field-work';
import { deliveryStateId } from './0004-delivery-state-id';
import { adminScale } from './0005-admin-scale';
import { loginLimits } from './0006-login-limits';
import { inbox } from './0007-inbox';
import { drafts } from './0008-drafts';
import { serviceLevels } from './0009-service-levels';
import { places } from './0010-places';
import { followers } from './0011-followers';
import { setPasswordLinks } from './0012-set-password-links';
import { legacyImport } from './0013-legacy-import';
import { retention } from './0014-retention';
import { adminScaleStats } from './0015-admin-scale';
import { ticketIds } from './0016-ticket-ids';

/** What a migration needs to stay portable: the few types and clauses that differ by dialect. */
export interface MigrationContext {
  dialect: Dialect;
  /** A text column that holds a whole WhatsApp message in utf8mb4 (TEXT is only 64 KB on MySQL). */
  longText: 'text' | RawBuilder<unknown>;
  /** Appended to CREATE TABLE: InnoDB and utf8mb4 on MySQL, so emoji survive whatever the server default is. */
  tableEnd: RawBuilder<unknown>;
}

/**
 * Migrations are listed here rather than read from the folder, so the compiled
 * build and ts-jest load exactly the same set.
 */
export function migrationProvider(dialect: Dialect): MigrationProvider {
  const ctx: MigrationContext = {
    dialect,
    longText: dialect === 'mysql' ? sql`mediumtext` : 'text',
    tableEnd: dialect === 'mysql' ? sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci` : sql``,
  };
  const migrations: Record<string, Migration> = {
    '0001-initial': initial(ctx),
    '0002-admin': admin(ctx),
    '0003-field-work': fieldWork(ctx),
    '0004-delivery-state-id': deliveryStateId(ctx),
    '0005-admin-scale': adminScale(ctx),
    '0006-login-limits': loginLimits(ctx),
    '0007-inbox': inbox(ctx),
    '0008-drafts': drafts(ctx),
    '0009-service-levels': serviceLevels(ctx),
    '0010-places': places(ctx),
    '0011-followers': followers(ctx),
    '0012-set-password-links': setPasswordLinks(ctx),
    '0013-legacy-import': legacyImport(ctx),
    '0014-retention': retention(ctx),
    '0015-admin-scale': adminScaleStats(ctx),
    '0016-ticket-ids': ticketIds(ctx),
  };
  return { getMigrations: async () => migrations };
}
