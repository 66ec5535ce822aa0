import { toIso } from '../../http/fields.schema';
import type { EmployeeRecord } from './employee.repository';
import type { EmployeeView } from './employee.schema';

/** The public shape of an employee; fields are listed one by one so nothing new leaks by accident. */
export function presentEmployee(e: EmployeeRecord): EmployeeView {
  return {
    id: e.id,
    name: e.name,
    email: e.email,
    phone: e.phone,
    department: e.department,
    unit: e.unit,
    status: e.active ? 'active' : 'inactive',
    notes: e.notes,
    createdAt: toIso(e.createdAt),
    updatedAt: toIso(e.updatedAt),
  };
}
