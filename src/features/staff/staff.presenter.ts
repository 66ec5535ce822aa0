import { toIso, toIsoOrNull } from '../../http/fields.schema';
import type { StaffRecord } from './staff.repository';
import type { StaffView } from './staff.schema';

/**
 * The public shape of a staff member. Fields are listed one by one: the password hash and
 * token version are not even in StaffRecord, and nothing added later leaks by accident.
 */
export function presentStaff(s: StaffRecord): StaffView {
  return {
    id: s.id,
    name: s.name,
    level: s.level,
    description: s.description,
    email: s.email,
    phone: s.phone,
    username: s.username,
    status: s.active ? 'active' : 'inactive',
    notes: s.notes,
    lastLoginAt: toIsoOrNull(s.lastLoginAt),
    createdAt: toIso(s.createdAt),
    updatedAt: toIso(s.updatedAt),
  };
}
