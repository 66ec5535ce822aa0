import type { Db, Executor } from '../../db/create-db';
import { isUniqueViolation } from '../../db/db-errors';
import { inTransaction } from '../../db/transaction';
import { conflict, notFound } from '../../errors';
import { offsetOf, type Page } from '../../shared/page';
import { normalizePhone } from '../../shared/phone';
import { auditEntry, type WriteContext } from '../audit/audit-context';
import { recordAudit } from '../audit/audit.repository';
import { hashPassword } from '../auth/password';
import { presentStaff } from './staff.presenter';
import {
  activeAdministratorIds,
  allStaffIds,
  bumpTokenVersion,
  findStaffById,
  insertStaff,
  listStaff,
  setStaffPasswordHash,
  staffConflict,
  updateStaff as updateStaffRow,
  type StaffFields,
  type StaffRecord,
} from './staff.repository';
import type { StaffCreateInput, StaffListQuery, StaffUpdateInput } from './staff.schema';

export async function listStaffPage(db: Db, q: StaffListQuery): Promise<Page<StaffRecord>> {
  const phoneQ = q.q && /^[+\d\s-]{3,}$/.test(q.q) ? normalizePhone(q.q) : undefined;
  const filter = { q: q.q || undefined, phoneQ, level: q.level, status: q.status };
  const { items, total } = await listStaff(db.kysely, filter, { offset: offsetOf(q), limit: q.pageSize });
  return { items, total, page: q.page, pageSize: q.pageSize };
}

export async function getStaff(db: Db, id: string): Promise<StaffRecord> {
  const found = await findStaffById(db.kysely, id.toUpperCase());
  if (!found) throw notFound('staff member');
  return found;
}

/**
 * Adds a staff member under the given id or the first free `ADMnn`. The password is hashed
 * before the transaction (it is slow and the transaction may run again); a generated id
 * that another request took first is numbered again.
 */
export async function createStaff(db: Db, input: StaffCreateInput, ctx: WriteContext, action = 'staff.create'): Promise<StaffRecord> {
  const passwordHash = await hashPassword(input.password);
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(db, async (trx) => {
        const id = input.id ?? nextStaffId(await allStaffIds(trx));
        await insertStaff(trx, id, fieldsOf(input), passwordHash, ctx.now);
        const created = (await findStaffById(trx, id))!;
        await recordAudit(trx, auditEntry(ctx, { action, entity: 'staff', entityId: id, after: presentStaff(created) }));
        return created;
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      await throwConflict(db, { id: input.id, username: input.username, phone: input.phone });
      if (input.id || attempt >= 5) throw err;
    }
  }
}

/**
 * Changes the fields given. A new password or a deactivation bumps the token version, so
 * every token of that person stops working at once. Nobody may take away the last active
 * Administrator (409), or nobody could manage staff any more.
 */
export async function updateStaff(
  db: Db,
  rawId: string,
  patch: StaffUpdateInput,
  ctx: WriteContext,
  action?: string,
): Promise<StaffRecord> {
  const id = rawId.toUpperCase();
  const passwordHash = patch.password === undefined ? undefined : await hashPassword(patch.password);
  try {
    return await inTransaction(db, async (trx) => {
      const before = await findStaffById(trx, id);
      if (!before) throw notFound('staff member');
      const fields = merged(before, patch);
      const changed = !sameFields(fieldsOf(before), fields);
      if (!changed && !passwordHash) return before;
      const losesAdmin = before.level === 'Administrator' && before.active && (fields.level !== 'Administrator' || !fields.active);
      if (losesAdmin) await assertAnotherActiveAdministrator(trx, id, db.dialect === 'mysql');
      if (changed) await updateStaffRow(trx, id, fields, ctx.now);
      if (passwordHash) await setStaffPasswordHash(trx, id, passwordHash, ctx.now);
      const deactivated = before.active && !fields.active;
      if (passwordHash || deactivated) await bumpTokenVersion(trx, id);
      const after = (await findStaffById(trx, id))!;
      await recordAudit(
        trx,
        auditEntry(ctx, {
          action: action ?? (deactivated ? 'staff.deactivate' : !before.active && fields.active ? 'staff.reactivate' : 'staff.update'),
          entity: 'staff',
          entityId: id,
          before: presentStaff(before),
          after: passwordHash ? { ...presentStaff(after), passwordChanged: true } : presentStaff(after),
        }),
      );
      return after;
    });
  } catch (err) {
    if (isUniqueViolation(err)) await throwConflict(db, { username: patch.username, phone: patch.phone }, id);
    throw err;
  }
}

/** DELETE keeps the record (assignments and history point at it) and only marks it inactive. */
export function deactivateStaff(db: Db, id: string, ctx: WriteContext): Promise<StaffRecord> {
  return updateStaff(db, id, { status: 'inactive' }, ctx);
}

async function assertAnotherActiveAdministrator(ex: Executor, id: string, lock: boolean): Promise<void> {
  const admins = await activeAdministratorIds(ex, { lock });
  if (!admins.some((a) => a !== id)) {
    throw conflict('cannot deactivate or demote the last active Administrator', { reason: 'LAST_ADMINISTRATOR' });
  }
}

async function throwConflict(db: Db, values: { id?: string; username?: string; phone?: string | null }, exceptId?: string): Promise<void> {
  const field = await staffConflict(db.kysely, values, exceptId);
  if (field) throw conflict(`${field}: already used by another staff member`, { field });
}

/** The first `ADMnn` not taken. Staff are never deleted, so gaps only come from ids given by hand. */
function nextStaffId(ids: string[]): string {
  const taken = new Set(ids.map((id) => id.toUpperCase()));
  for (let n = 1; ; n++) {
    const id = `ADM${String(n).padStart(2, '0')}`;
    if (!taken.has(id)) return id;
  }
}

function fieldsOf(s: StaffCreateInput | StaffRecord): StaffFields {
  return {
    name: s.name,
    level: s.level,
    description: s.description ?? null,
    email: s.email ?? null,
    phone: s.phone ?? null,
    username: s.username,
    notes: s.notes ?? null,
    active: 'active' in s ? s.active : true,
  };
}

function merged(before: StaffRecord, p: StaffUpdateInput): StaffFields {
  const keep = <T>(given: T | undefined, current: T) => (given === undefined ? current : given);
  return {
    name: keep(p.name, before.name),
    level: keep(p.level, before.level),
    description: keep(p.description, before.description),
    email: keep(p.email, before.email),
    phone: keep(p.phone, before.phone),
    username: keep(p.username, before.username),
    notes: keep(p.notes, before.notes),
    active: p.status === undefined ? before.active : p.status === 'active',
  };
}

const sameFields = (a: StaffFields, b: StaffFields) => (Object.keys(a) as (keyof StaffFields)[]).every((k) => a[k] === b[k]);
