import { ConfigError, type Config } from '../../config';
import type { Db } from '../../db/create-db';
import { AppError } from '../../errors';
import type { Logger } from '../../logger';
import type { Clock } from '../../shared/clock';
import type { WriteContext } from '../audit/audit-context';
import { activeAdministratorIds, findStaffByUsername, type StaffRecord } from '../staff/staff.repository';
import { newPasswordField, usernameField } from '../staff/staff.schema';
import { createStaff, updateStaff } from '../staff/staff.service';

/** A username or password that the API would refuse too. */
export class AdministratorInputError extends Error {
  constructor(
    readonly field: 'username' | 'password',
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

export interface AdministratorInput {
  username: string;
  password: string;
  name?: string;
  id?: string;
}

/**
 * Creates an active Administrator, or with `restore` turns the existing account of that
 * username into one (active, level Administrator, the new password, older tokens revoked).
 * Validates like the API does (AdministratorInputError otherwise).
 */
export async function createOrRestoreAdministrator(
  db: Db,
  input: AdministratorInput,
  opts: { restore: boolean; now: number },
): Promise<{ staff: StaffRecord; restored: boolean }> {
  const username = usernameField.safeParse(input.username);
  if (!username.success) throw new AdministratorInputError('username', username.error.issues[0]?.message ?? 'invalid');
  const password = newPasswordField.safeParse(input.password);
  if (!password.success) throw new AdministratorInputError('password', password.error.issues[0]?.message ?? 'invalid');
  // No actor: the audit log shows these as done by the system, not by a signed-in person.
  const ctx: WriteContext = { actor: null, now: opts.now, requestId: null, ip: null };
  const existing = await findStaffByUsername(db.kysely, username.data);
  if (existing) {
    if (!opts.restore)
      throw new AppError(
        'CONFLICT',
        `username: ${username.data} already exists (use 'wa-ticketing admin reset' to make it an active Administrator with a new password)`,
      );
    const staff = await updateStaff(
      db,
      existing.id,
      { level: 'Administrator', status: 'active', password: password.data },
      ctx,
      'staff.bootstrap',
    );
    return { staff, restored: true };
  }
  const staff = await createStaff(
    db,
    {
      id: input.id?.toUpperCase(),
      name: input.name?.trim() || 'Administrator',
      level: 'Administrator',
      username: username.data,
      password: password.data,
    },
    ctx,
    'staff.bootstrap',
  );
  return { staff, restored: false };
}

/**
 * At start: when no active Administrator can sign in (none, or none with a password, as after
 * loading the demo data of an older version), ADMIN_USERNAME / ADMIN_PASSWORD make one.
 * Without them, a warning says how to make one. The password is never logged.
 */
export async function bootstrapAdmin(deps: {
  db: Db;
  config: Config;
  clock: Clock;
  logger: Logger;
}): Promise<'present' | 'created' | 'restored' | 'missing'> {
  const { db, config, logger } = deps;
  const admins = await activeAdministratorIds(db.kysely, { lock: false, withPasswordOnly: true });
  if (admins.length) return 'present';
  if (!config.bootstrapAdmin) {
    logger.warn(
      'no active Administrator can sign in: set ADMIN_USERNAME and ADMIN_PASSWORD, or run `wa-ticketing admin create --username <name>`',
    );
    return 'missing';
  }
  try {
    const { staff, restored } = await createOrRestoreAdministrator(db, config.bootstrapAdmin, { restore: true, now: deps.clock.now() });
    logger.info(
      { staffId: staff.id, username: staff.username },
      restored ? 'Administrator restored from ADMIN_USERNAME' : 'Administrator created from ADMIN_USERNAME',
    );
    return restored ? 'restored' : 'created';
  } catch (err) {
    if (err instanceof AdministratorInputError)
      throw new ConfigError(`Invalid configuration:\n  ADMIN_${err.field.toUpperCase()}: ${err.reason}`);
    // Another process starting at the same moment made it first.
    if (
      err instanceof AppError &&
      err.code === 'CONFLICT' &&
      (await activeAdministratorIds(db.kysely, { lock: false, withPasswordOnly: true })).length
    )
      return 'present';
    throw err;
  }
}
