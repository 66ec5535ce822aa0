import type { Db } from '../../db/create-db';
import { inTransaction } from '../../db/transaction';
import { auditEntry, type WriteContext } from '../audit/audit-context';
import { recordAudit } from '../audit/audit.repository';
import { AppError } from '../../errors';
import {
  bumpTokenVersion,
  findCredentialsById,
  findCredentialsByUsername,
  findStaffById,
  recordLogin,
  setStaffPasswordHash,
  type StaffCredentials,
  type StaffRecord,
} from '../staff/staff.repository';
import { hashPassword, needsRehash, verifyOrWaste } from './password';
import type { TokenService } from './token.service';

export interface Session {
  token: string;
  expiresAt: number;
  staff: StaffRecord;
}

/**
 * The active staff member with this username and password. An unknown username, a missing
 * password and an inactive account cost one argon2 verification like a wrong password does,
 * and all end the same way; `staffId` (null for an unknown name) is only for the log, which
 * must not get the typed username: people type passwords into that field.
 */
export async function checkCredentials(
  db: Db,
  username: string,
  password: string,
): Promise<{ ok: true; creds: StaffCredentials } | { ok: false; staffId: string | null }> {
  const creds = await findCredentialsByUsername(db.kysely, username.trim().toLowerCase());
  const verified = await verifyOrWaste(creds?.passwordHash, password);
  return verified && creds?.staff.active ? { ok: true, creds } : { ok: false, staffId: creds?.staff.id ?? null };
}

/** The signed-in staff member's own record. */
export async function currentStaff(db: Db, staffId: string): Promise<StaffRecord> {
  const staff = await findStaffById(db.kysely, staffId);
  if (!staff) throw new AppError('UNAUTHORIZED', 'token revoked');
  return staff;
}

/**
 * Records a successful sign-in (last_login_at and an audit row: who signed in when, from where,
 * is worth keeping) and signs a token at the staff member's current version.
 */
export async function openSession(
  db: Db,
  tokens: TokenService,
  creds: StaffCredentials,
  password: string,
  ctx: WriteContext,
): Promise<Session> {
  // Hashes made with older parameters are upgraded while the password is at hand.
  const upgraded = creds.passwordHash && needsRehash(creds.passwordHash) ? await hashPassword(password) : undefined;
  const staff = await inTransaction(db, async (trx) => {
    await recordLogin(trx, creds.staff.id, ctx.now);
    if (upgraded) await setStaffPasswordHash(trx, creds.staff.id, upgraded, ctx.now);
    const actor = { id: creds.staff.id, name: creds.staff.name };
    await recordAudit(trx, auditEntry({ ...ctx, actor }, { action: 'auth.login', entity: 'staff', entityId: creds.staff.id }));
    return (await findCredentialsById(trx, creds.staff.id))!;
  });
  const { token, expiresAt } = await tokens.sign({ staffId: staff.staff.id, version: staff.tokenVersion, level: staff.staff.level });
  return { token, expiresAt, staff: staff.staff };
}

/** Ends every session of this staff member, on every device. */
export async function closeSessions(db: Db, staffId: string, ctx: WriteContext): Promise<void> {
  await inTransaction(db, async (trx) => {
    await bumpTokenVersion(trx, staffId);
    await recordAudit(trx, auditEntry(ctx, { action: 'auth.logout', entity: 'staff', entityId: staffId }));
  });
}

/**
 * Sets a new password after checking the current one. Every earlier token stops working;
 * the new session returned keeps this device signed in. Undefined when the current
 * password is wrong.
 */
export async function changeOwnPassword(
  db: Db,
  tokens: TokenService,
  staffId: string,
  passwords: { currentPassword: string; newPassword: string },
  ctx: WriteContext,
): Promise<Session | undefined> {
  const creds = await findCredentialsById(db.kysely, staffId);
  if (!(await verifyOrWaste(creds?.passwordHash, passwords.currentPassword)) || !creds) return undefined;
  const hash = await hashPassword(passwords.newPassword);
  const updated = await inTransaction(db, async (trx) => {
    await setStaffPasswordHash(trx, staffId, hash, ctx.now);
    await bumpTokenVersion(trx, staffId);
    await recordAudit(
      trx,
      auditEntry(ctx, { action: 'auth.password_change', entity: 'staff', entityId: staffId, after: { passwordChanged: true } }),
    );
    return (await findCredentialsById(trx, staffId))!;
  });
  const { token, expiresAt } = await tokens.sign({ staffId, version: updated.tokenVersion, level: updated.staff.level });
  return { token, expiresAt, staff: updated.staff };
}
