import type { Executor } from '../../db/create-db';
import type { StaffLevel } from '../../db/database';

/** A member of the facilities staff: an admin (Administrator, Staf) or a technician (TBO). */
export interface StaffMember {
  id: string;
  name: string;
  level: StaffLevel;
  phone: string | null;
}

/** The active staff member using this phone number, if any. */
export async function findActiveStaffByPhone(ex: Executor, phone: string): Promise<StaffMember | undefined> {
  const row = await ex
    .selectFrom('staff')
    .select(['id', 'name', 'level', 'phone'])
    .where('phone', '=', phone)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return row;
}
