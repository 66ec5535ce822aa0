import type { Db } from '../src/db/create-db';
import { hashPassword, verifyPassword } from '../src/features/auth/password';

/** The people of the book's screens (figures 3.11 and 3.12), numbers normalised to 62…. */
const demoEmployees = [
  { id: 'PGW2402001', name: 'R Marta Dinata', email: 'marta@kampus.example', phone: '6282111476069', department: 'TIF', unit: 'IT' },
  { id: 'PGW2402002', name: 'She Min Ah', email: 'shemin@kampus.example', phone: '6285825335908', department: 'Rektorat', unit: 'SDM' },
  { id: 'PGW2402003', name: 'Febriansyah', email: 'febri@kampus.example', phone: '6281294403603', department: 'Sarpras', unit: 'Humas' },
] as const;

const demoStaff = [
  {
    id: 'ADM01',
    name: 'Dery Dehaelt',
    level: 'Administrator',
    phone: '6282111470068',
    username: 'dery',
    status: 'active',
    description: 'Kepala Biro Sarpras',
  },
  {
    id: 'ADM02',
    name: 'John Bardeen',
    level: 'Staf',
    phone: '6281213930117',
    username: 'john',
    status: 'inactive',
    description: 'Staf admin',
  },
  {
    id: 'ADM03',
    name: 'Nikolai Gordyer',
    level: 'Staf',
    phone: '6282111470069',
    username: 'nikolai',
    status: 'active',
    description: 'Staf admin',
  },
  { id: 'ADM04', name: 'Siswanto', level: 'TBO', phone: '6282124603757', username: 'siswanto', status: 'active', description: 'Teknisi' },
  { id: 'ADM05', name: 'Adrasha', level: 'TBO', phone: '628998848947', username: 'adrasha', status: 'active', description: 'Teknisi IT' },
] as const;

/**
 * In development only, every demo staff member gets this password so the admin API can be
 * tried straight after `npm start`; it is printed at start while the demo Administrator
 * still uses it. Never set in production, even with SEED_DEMO_DATA=true.
 */
export const DEMO_PASSWORD = 'demo-password';

/**
 * Fills an empty directory with the demo people; returns false and touches nothing
 * when any employee or staff member exists, so real data is never mixed with demo data.
 * With `password`, the demo staff can sign in with it; without, they have no password.
 */
export async function seedDemoData(db: Db, now: number, opts: { password?: string } = {}): Promise<boolean> {
  const k = db.kysely;
  const existing = await k.selectFrom('employees').select('id').limit(1).executeTakeFirst();
  const existingStaff = await k.selectFrom('staff').select('id').limit(1).executeTakeFirst();
  if (existing || existingStaff) return false;
  const passwordHash = opts.password ? await hashPassword(opts.password) : null;
  await k.transaction().execute(async (trx) => {
    await trx
      .insertInto('employees')
      .values(demoEmployees.map((e) => ({ ...e, status: 'active' as const, notes: null, created_at: now, updated_at: now })))
      .execute();
    await trx
      .insertInto('staff')
      .values(demoStaff.map((s) => ({ ...s, email: null, password_hash: passwordHash, notes: null, created_at: now, updated_at: now })))
      .execute();
  });
  return true;
}

/** The sign-in line printed at start in development, or undefined once the demo Administrator's password was changed. */
export async function demoSignInNotice(db: Db): Promise<string | undefined> {
  const admin = demoStaff[0];
  const row = await db.kysely.selectFrom('staff').select('password_hash').where('username', '=', admin.username).executeTakeFirst();
  if (!row?.password_hash || !(await verifyPassword(row.password_hash, DEMO_PASSWORD))) return undefined;
  const who = demoStaff
    .filter((s) => s.status === 'active')
    .map((s) => `${s.username} (${s.level})`)
    .join(', ');
  return `Demo sign-in (development only): ${who}, password "${DEMO_PASSWORD}"`;
}
