import type { StaffLevel } from '../../db/database';

/** A member of the facilities staff: an admin (Administrator, Staf) or a technician (TBO). */
export interface StaffMember {
  id: string;
  name: string;
  level: StaffLevel;
  phone: string | null;
}
