import type { Executor } from '../../db/create-db';
import type { EmployeesTable } from '../../db/database';
import type { Selectable } from 'kysely';
import { containsText, startsWithText } from '../../db/like';
import type { Employee } from './employee.model';

const toEmployee = (r: Selectable<EmployeesTable>): Employee => ({
  id: r.id,
  name: r.name,
  phone: r.phone,
  department: r.department,
  unit: r.unit,
  active: r.status === 'active',
});

/** The employees registered with any of these phone numbers (one query for a batch of messages). */
export async function findEmployeesByPhones(ex: Executor, phones: readonly string[]): Promise<Employee[]> {
  if (phones.length === 0) return [];
  const rows = await ex
    .selectFrom('employees')
    .selectAll()
    .where('phone', 'in', [...new Set(phones)])
    .execute();
  return rows.map(toEmployee);
}

/** `TIF/IT`: how the book shows where a person works. */
export function workplaceOf(p: { department: string | null; unit: string | null }): string | null {
  const parts = [p.department, p.unit].filter((v): v is string => !!v && v.trim() !== '');
  return parts.length ? parts.join('/') : null;
}

/** Every stored field of an employee, for the admin API. */
export interface EmployeeRecord extends Employee {
  email: string | null;
  notes: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface EmployeeFields {
  name: string;
  email: string | null;
  phone: string;
  department: string | null;
  unit: string | null;
  notes: string | null;
  active: boolean;
}

export interface EmployeeFilter {
  /** Matched anywhere in name, id, phone or unit. */
  q?: string;
  /** Extra phone text to match, e.g. the `62…` form of a `08…` query. */
  phoneQ?: string;
  status?: 'active' | 'inactive';
}

const toEmployeeRecord = (r: Selectable<EmployeesTable>): EmployeeRecord => ({
  ...toEmployee(r),
  email: r.email,
  notes: r.notes,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

function filtered(ex: Executor, f: EmployeeFilter) {
  let query = ex.selectFrom('employees');
  if (f.status) query = query.where('status', '=', f.status);
  const { q, phoneQ } = f;
  if (q) {
    query = query.where((eb) =>
      eb.or([
        containsText(eb.ref('name'), q),
        containsText(eb.ref('id'), q),
        containsText(eb.ref('phone'), q),
        containsText(eb.ref('unit'), q),
        ...(phoneQ ? [containsText(eb.ref('phone'), phoneQ)] : []),
      ]),
    );
  }
  return query;
}

/** One page of employees by name, and how many match in all. */
export async function listEmployees(
  ex: Executor,
  f: EmployeeFilter,
  page: { offset: number; limit: number },
): Promise<{ items: EmployeeRecord[]; total: number }> {
  const rows = await filtered(ex, f).selectAll().orderBy('name').orderBy('id').limit(page.limit).offset(page.offset).execute();
  const { total } = await filtered(ex, f)
    .select((eb) => eb.fn.countAll().as('total'))
    .executeTakeFirstOrThrow();
  return { items: rows.map(toEmployeeRecord), total: Number(total) };
}

export async function findEmployeeById(ex: Executor, id: string): Promise<EmployeeRecord | undefined> {
  const row = await ex.selectFrom('employees').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toEmployeeRecord(row);
}

/** Ids starting with `prefix`, to find the next free number of a month. */
export async function employeeIdsStartingWith(ex: Executor, prefix: string): Promise<string[]> {
  const rows = await ex
    .selectFrom('employees')
    .select('id')
    .where((eb) => startsWithText(eb.ref('id'), prefix))
    .execute();
  return rows.map((r) => r.id);
}

export async function insertEmployee(ex: Executor, id: string, f: EmployeeFields, now: number): Promise<void> {
  await ex
    .insertInto('employees')
    .values({ id, ...fieldsToRow(f), created_at: now, updated_at: now })
    .execute();
}

export async function updateEmployee(ex: Executor, id: string, f: EmployeeFields, now: number): Promise<void> {
  await ex
    .updateTable('employees')
    .set({ ...fieldsToRow(f), updated_at: now })
    .where('id', '=', id)
    .execute();
}

const fieldsToRow = (f: EmployeeFields) => ({
  name: f.name,
  email: f.email,
  phone: f.phone,
  department: f.department,
  unit: f.unit,
  notes: f.notes,
  status: f.active ? ('active' as const) : ('inactive' as const),
});

/**
 * Which unique field of `values` another employee already holds; used to name the
 * field in a 409 after the database refused a duplicate.
 */
export async function employeeConflict(
  ex: Executor,
  values: { id?: string; phone?: string },
  exceptId?: string,
): Promise<'id' | 'phone' | undefined> {
  if (values.id && (await ex.selectFrom('employees').select('id').where('id', '=', values.id).executeTakeFirst())) return 'id';
  if (values.phone) {
    let q = ex.selectFrom('employees').select('id').where('phone', '=', values.phone);
    if (exceptId) q = q.where('id', '<>', exceptId);
    if (await q.executeTakeFirst()) return 'phone';
  }
  return undefined;
}
