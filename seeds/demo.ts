import type { Db } from '../src/db/create-db';

/** The people of the book's screens (figures 3.11 and 3.12), numbers normalised to 62…. */
export const demoEmployees = [
  { id: 'PGW2402001', name: 'R Marta Dinata', email: 'marta@kampus.example', phone: '6282111476069', department: 'TIF', unit: 'IT' },
  { id: 'PGW2402002', name: 'She Min Ah', email: 'shemin@kampus.example', phone: '6285825335908', department: 'Rektorat', unit: 'SDM' },
  { id: 'PGW2402003', name: 'Febriansyah', email: 'febri@kampus.example', phone: '6281294403603', department: 'Sarpras', unit: 'Humas' },
] as const;

export const demoStaff = [
  { id: 'ADM01', name: 'Dery Dehaelt', level: 'Administrator', phone: '6282111470068', username: 'dery', status: 'active', description: 'Kepala Biro Sarpras' },
  { id: 'ADM02', name: 'John Bardeen', level: 'Staf', phone: '6281213930117', username: 'john', status: 'inactive', description: 'Staf admin' },
  { id: 'ADM03', name: 'Nikolai Gordyer', level: 'Staf', phone: '6282111470069', username: 'nikolai', status: 'active', description: 'Staf admin' },
  { id: 'ADM04', name: 'Siswanto', level: 'TBO', phone: '6282124603757', username: 'siswanto', status: 'active', description: 'Teknisi' },
  { id: 'ADM05', name: 'Adrasha', level: 'TBO', phone: '628998848947', username: 'adrasha', status: 'active', description: 'Teknisi IT' },
] as const;

/**
 * Fills an empty directory with the demo people; returns false and touches nothing
 * when any employee or staff member exists, so real data is never mixed with demo data.
 */
export async function seedDemoData(db: Db, now: number): Promise<boolean> {
  const k = db.kysely;
  const existing = await k.selectFrom('employees').select('id').limit(1).executeTakeFirst();
  const existingStaff = await k.selectFrom('staff').select('id').limit(1).executeTakeFirst();
  if (existing || existingStaff) return false;
  await k.transaction().execute(async (trx) => {
    await trx
      .insertInto('employees')
      .values(demoEmployees.map((e) => ({ ...e, status: 'active' as const, notes: null, created_at: now, updated_at: now })))
      .execute();
    await trx
      .insertInto('staff')
      .values(demoStaff.map((s) => ({ ...s, email: null, password_hash: null, notes: null, created_at: now, updated_at: now })))
      .execute();
  });
  return true;
}
