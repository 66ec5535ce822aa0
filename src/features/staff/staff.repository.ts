import type { Selectable } from 'kysely';
import type { Executor } from '../../db/create-db';
import type { StaffLevel, StaffTable } from '../../db/database';
import { containsText } from '../../db/like';
import type { StaffMember } from './staff.model';

/** The active staff members using any of these phone numbers (one query for a batch of messages). */
export async function findActiveStaffByPhones(ex: Executor, phones: readonly string[]): Promise<StaffMember[]> {
  if (phones.length === 0) return [];
  return ex
    .selectFrom('staff')
    .select(['id', 'name', 'level', 'phone'])
    .where('phone', 'in', [...new Set(phones)])
    .where('status', '=', 'active')
    .execute();
}

/** Every public field of a staff member. The password hash and token version are deliberately not here. */
export interface StaffRecord extends StaffMember {
  description: string | null;
  email: string | null;
  username: string;
  active: boolean;
  notes: string | null;
  lastLoginAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** What signing in needs besides the public record; only the auth service reads it. */
export interface StaffCredentials {
  staff: StaffRecord;
  passwordHash: string | null;
  tokenVersion: number;
}

export interface StaffFields {
  name: string;
  level: StaffLevel;
  description: string | null;
  email: string | null;
  phone: string | null;
  username: string;
  notes: string | null;
  active: boolean;
}

export interface StaffFilter {
  /** Matched anywhere in name, id, username or phone. */
  q?: string;
  phoneQ?: string;
  level?: StaffLevel;
  status?: 'active' | 'inactive';
}

const toStaffRecord = (r: Selectable<StaffTable>): StaffRecord => ({
  id: r.id,
  name: r.name,
  level: r.level,
  phone: r.phone,
  description: r.description,
  email: r.email,
  username: r.username,
  active: r.status === 'active',
  notes: r.notes,
  lastLoginAt: r.last_login_at === null ? null : Number(r.last_login_at),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

function filtered(ex: Executor, f: StaffFilter) {
  let query = ex.selectFrom('staff');
  if (f.level) query = query.where('level', '=', f.level);
  if (f.status) query = query.where('status', '=', f.status);
  const { q, phoneQ } = f;
  if (q) {
    query = query.where((eb) =>
      eb.or([
        containsText(eb.ref('name'), q),
        containsText(eb.ref('id'), q),
        containsText(eb.ref('username'), q),
        containsText(eb.ref('phone'), q),
        ...(phoneQ ? [containsText(eb.ref('phone'), phoneQ)] : []),
      ]),
    );
  }
  return query;
}

/** One page of staff by name, and how many match in all. */
export async function listStaff(
  ex: Executor,
  f: StaffFilter,
  page: { offset: number; limit: number },
): Promise<{ items: StaffRecord[]; total: number }> {
  const rows = await filtered(ex, f).selectAll().orderBy('name').orderBy('id').limit(page.limit).offset(page.offset).execute();
  const { total } = await filtered(ex, f)
    .select((eb) => eb.fn.countAll().as('total'))
    .executeTakeFirstOrThrow();
  return { items: rows.map(toStaffRecord), total: Number(total) };
}

export async function findStaffById(ex: Executor, id: string): Promise<StaffRecord | undefined> {
  const row = await ex.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toStaffRecord(row);
}

export async function findStaffByUsername(ex: Executor, username: string): Promise<StaffRecord | undefined> {
  const row = await ex.selectFrom('staff').selectAll().where('username', '=', username).executeTakeFirst();
  return row && toStaffRecord(row);
}

/** What every authenticated request checks: whether the token's holder may still act, and as whom. */
export interface SessionHolder {
  id: string;
  name: string;
  level: StaffLevel;
  username: string;
  active: boolean;
  tokenVersion: number;
}

export async function findSessionHolder(ex: Executor, id: string): Promise<SessionHolder | undefined> {
  const r = await ex
    .selectFrom('staff')
    .select(['id', 'name', 'level', 'username', 'status', 'token_version'])
    .where('id', '=', id)
    .executeTakeFirst();
  return (
    r && {
      id: r.id,
      name: r.name,
      level: r.level,
      username: r.username,
      active: r.status === 'active',
      tokenVersion: Number(r.token_version),
    }
  );
}

export async function findCredentialsByUsername(ex: Executor, username: string): Promise<StaffCredentials | undefined> {
  const row = await ex.selectFrom('staff').selectAll().where('username', '=', username).executeTakeFirst();
  return row && { staff: toStaffRecord(row), passwordHash: row.password_hash, tokenVersion: Number(row.token_version) };
}

export async function findCredentialsById(ex: Executor, id: string): Promise<StaffCredentials | undefined> {
  const row = await ex.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
  return row && { staff: toStaffRecord(row), passwordHash: row.password_hash, tokenVersion: Number(row.token_version) };
}

/** Every id in use; staff lists are small, and the next free `ADMnn` is found in code. */
export async function allStaffIds(ex: Executor): Promise<string[]> {
  const rows = await ex.selectFrom('staff').select('id').execute();
  return rows.map((r) => r.id);
}

export async function insertStaff(ex: Executor, id: string, f: StaffFields, passwordHash: string | null, now: number): Promise<void> {
  await ex
    .insertInto('staff')
    .values({ id, ...fieldsToRow(f), password_hash: passwordHash, created_at: now, updated_at: now })
    .execute();
}

export async function updateStaff(ex: Executor, id: string, f: StaffFields, now: number): Promise<void> {
  await ex
    .updateTable('staff')
    .set({ ...fieldsToRow(f), updated_at: now })
    .where('id', '=', id)
    .execute();
}

const fieldsToRow = (f: StaffFields) => ({
  name: f.name,
  level: f.level,
  description: f.description,
  email: f.email,
  phone: f.phone,
  username: f.username,
  notes: f.notes,
  status: f.active ? ('active' as const) : ('inactive' as const),
});

export async function setStaffPasswordHash(ex: Executor, id: string, passwordHash: string, now: number): Promise<void> {
  await ex.updateTable('staff').set({ password_hash: passwordHash, updated_at: now }).where('id', '=', id).execute();
}

/**
 * Makes every token issued so far for this staff member invalid (the auth middleware
 * compares the version on each request). Returns the new version.
 */
export async function bumpTokenVersion(ex: Executor, id: string): Promise<number> {
  await ex
    .updateTable('staff')
    .set((eb) => ({ token_version: eb('token_version', '+', 1) }))
    .where('id', '=', id)
    .execute();
  const row = await ex.selectFrom('staff').select('token_version').where('id', '=', id).executeTakeFirstOrThrow();
  return Number(row.token_version);
}

export async function recordLogin(ex: Executor, id: string, now: number): Promise<void> {
  await ex.updateTable('staff').set({ last_login_at: now }).where('id', '=', id).execute();
}

/**
 * Ids of the active Administrators. With `lock` (MySQL) the rows are read FOR UPDATE, so two
 * Administrators deactivating each other at once cannot both see the other still active.
 */
export async function activeAdministratorIds(ex: Executor, opts: { lock: boolean; withPasswordOnly?: boolean }): Promise<string[]> {
  let q = ex.selectFrom('staff').select('id').where('level', '=', 'Administrator').where('status', '=', 'active');
  if (opts.withPasswordOnly) q = q.where('password_hash', 'is not', null);
  if (opts.lock) q = q.forUpdate();
  return (await q.execute()).map((r) => r.id);
}

/** Which unique field of `values` another staff member already holds, to name it in a 409. */
export async function staffConflict(
  ex: Executor,
  values: { id?: string; username?: string; phone?: string | null },
  exceptId?: string,
): Promise<'id' | 'username' | 'phone' | undefined> {
  if (values.id && (await ex.selectFrom('staff').select('id').where('id', '=', values.id).executeTakeFirst())) return 'id';
  for (const field of ['username', 'phone'] as const) {
    const value = values[field];
    if (!value) continue;
    let q = ex.selectFrom('staff').select('id').where(field, '=', value);
    if (exceptId) q = q.where('id', '<>', exceptId);
    if (await q.executeTakeFirst()) return field;
  }
  return undefined;
}

export interface TechnicianLoad {
  id: string;
  name: string;
  phone: string | null;
  /** Active assignments the technician has not finished yet. */
  openJobs: number;
}

/** Active technicians (TBO) with their open workload, for choosing whom to assign. */
export async function listActiveTechnicians(ex: Executor): Promise<TechnicianLoad[]> {
  const rows = await ex
    .selectFrom('staff')
    .leftJoin('assignments', (join) =>
      join.onRef('assignments.staff_id', '=', 'staff.id').on('assignments.status', '=', 'active').on('assignments.finished_at', 'is', null),
    )
    .select(['staff.id', 'staff.name', 'staff.phone', (eb) => eb.fn.count<number>('assignments.id').as('open_jobs')])
    .where('staff.level', '=', 'TBO')
    .where('staff.status', '=', 'active')
    .groupBy(['staff.id', 'staff.name', 'staff.phone'])
    .orderBy('staff.name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, phone: r.phone, openJobs: Number(r.open_jobs) }));
}
