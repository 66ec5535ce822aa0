import type { Db, Executor } from '../../db/create-db';
import { isUniqueViolation } from '../../db/db-errors';
import { inTransaction } from '../../db/transaction';
import { conflict, notFound } from '../../errors';
import { offsetOf, type Page } from '../../shared/page';
import { normalizePhone } from '../../shared/phone';
import { yearMonthIn } from '../../shared/time';
import { auditEntry, type WriteContext } from '../audit/audit-context';
import { recordAudit } from '../audit/audit.repository';
import { presentEmployee } from './employee.presenter';
import {
  employeeConflict,
  employeeIdsStartingWith,
  findEmployeeById,
  insertEmployee,
  listEmployees,
  updateEmployee as updateEmployeeRow,
  type EmployeeFields,
  type EmployeeRecord,
} from './employee.repository';
import type { EmployeeCreateInput, EmployeeListQuery, EmployeeUpdateInput } from './employee.schema';

const ID_PREFIX = 'PGW';

/** A page of the directory. A query that looks like a phone number also matches its `62…` form. */
export async function listEmployeePage(db: Db, q: EmployeeListQuery): Promise<Page<EmployeeRecord>> {
  const phoneQ = q.q && /^[+\d\s-]{3,}$/.test(q.q) ? normalizePhone(q.q) : undefined;
  const { items, total } = await listEmployees(
    db.kysely,
    { q: q.q || undefined, phoneQ, status: q.status },
    { offset: offsetOf(q), limit: q.pageSize },
  );
  return { items, total, page: q.page, pageSize: q.pageSize };
}

export async function getEmployee(db: Db, id: string): Promise<EmployeeRecord> {
  const found = await findEmployeeById(db.kysely, id.toUpperCase());
  if (!found) throw notFound('employee');
  return found;
}

/**
 * Registers an employee under the given id or the month's next `PGW{YY}{MM}{NNN}`.
 * Each attempt is its own transaction: when another request took the same generated
 * number first, the database refuses the duplicate and the next attempt numbers again.
 */
export async function createEmployee(db: Db, input: EmployeeCreateInput, ctx: WriteContext, tz: string): Promise<EmployeeRecord> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(db, async (trx) => {
        const id = input.id ?? (await nextEmployeeId(trx, ctx.now, tz));
        await insertEmployee(trx, id, fieldsOf(input), ctx.now);
        const created = (await findEmployeeById(trx, id))!;
        await recordAudit(
          trx,
          auditEntry(ctx, { action: 'employee.create', entity: 'employee', entityId: id, after: presentEmployee(created) }),
        );
        return created;
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      await throwConflict(db, { id: input.id, phone: input.phone });
      if (input.id || attempt >= 5) throw err;
    }
  }
}

/** Changes the fields given; nothing is written or audited when nothing would change. */
export async function updateEmployee(db: Db, rawId: string, patch: EmployeeUpdateInput, ctx: WriteContext): Promise<EmployeeRecord> {
  const id = rawId.toUpperCase();
  try {
    return await inTransaction(db, async (trx) => {
      const before = await findEmployeeById(trx, id);
      if (!before) throw notFound('employee');
      const fields = merged(before, patch);
      if (sameFields(fieldsOf(before), fields)) return before;
      await updateEmployeeRow(trx, id, fields, ctx.now);
      const after = (await findEmployeeById(trx, id))!;
      const action =
        before.active && !after.active ? 'employee.deactivate' : !before.active && after.active ? 'employee.reactivate' : 'employee.update';
      await recordAudit(
        trx,
        auditEntry(ctx, { action, entity: 'employee', entityId: id, before: presentEmployee(before), after: presentEmployee(after) }),
      );
      return after;
    });
  } catch (err) {
    if (isUniqueViolation(err)) await throwConflict(db, { phone: patch.phone }, id);
    throw err;
  }
}

/** DELETE keeps the record (tickets point at it) and only marks it inactive. */
export function deactivateEmployee(db: Db, id: string, ctx: WriteContext): Promise<EmployeeRecord> {
  return updateEmployee(db, id, { status: 'inactive' }, ctx);
}

async function throwConflict(db: Db, values: { id?: string; phone?: string }, exceptId?: string): Promise<void> {
  const field = await employeeConflict(db.kysely, values, exceptId);
  if (field) throw conflict(`${field}: already used by another employee`, { field });
}

async function nextEmployeeId(ex: Executor, now: number, tz: string): Promise<string> {
  const prefix = `${ID_PREFIX}${yearMonthIn(now, tz)}`;
  const ids = await employeeIdsStartingWith(ex, prefix);
  // Ids given by hand may share the prefix without being numbers (PGW2409-A): they do not count.
  const used = ids.map((id) => id.slice(prefix.length)).map((rest) => (/^\d+$/.test(rest) ? Number(rest) : 0));
  return `${prefix}${String(Math.max(0, ...used) + 1).padStart(3, '0')}`;
}

function fieldsOf(e: EmployeeCreateInput | EmployeeRecord): EmployeeFields {
  return {
    name: e.name,
    email: e.email ?? null,
    phone: e.phone,
    department: e.department ?? null,
    unit: e.unit ?? null,
    notes: e.notes ?? null,
    active: 'active' in e ? e.active : true,
  };
}

/** The fields after a PATCH: absent means unchanged, null (for optional text) means cleared. */
function merged(before: EmployeeRecord, p: EmployeeUpdateInput): EmployeeFields {
  const keep = <T>(given: T | undefined, current: T) => (given === undefined ? current : given);
  return {
    name: keep(p.name, before.name),
    email: keep(p.email, before.email),
    phone: keep(p.phone, before.phone),
    department: keep(p.department, before.department),
    unit: keep(p.unit, before.unit),
    notes: keep(p.notes, before.notes),
    active: p.status === undefined ? before.active : p.status === 'active',
  };
}

const sameFields = (a: EmployeeFields, b: EmployeeFields) => (Object.keys(a) as (keyof EmployeeFields)[]).every((k) => a[k] === b[k]);
