import type { Executor } from '../../db/create-db';
import type { EmployeesTable } from '../../db/database';
import type { Selectable } from 'kysely';

/** A campus employee (the book's pegawai), who reports problems. */
export interface Employee {
  id: string;
  name: string;
  phone: string;
  department: string | null;
  unit: string | null;
  active: boolean;
}

const toEmployee = (r: Selectable<EmployeesTable>): Employee => ({
  id: r.id,
  name: r.name,
  phone: r.phone,
  department: r.department,
  unit: r.unit,
  active: r.status === 'active',
});

/** The employee registered with this normalised phone number, active or not. */
export async function findEmployeeByPhone(ex: Executor, phone: string): Promise<Employee | undefined> {
  const row = await ex.selectFrom('employees').selectAll().where('phone', '=', phone).executeTakeFirst();
  return row && toEmployee(row);
}

/** `TIF/IT`: how the book shows where a person works. */
export function workplaceOf(p: { department: string | null; unit: string | null }): string | null {
  const parts = [p.department, p.unit].filter((v): v is string => !!v && v.trim() !== '');
  return parts.length ? parts.join('/') : null;
}
