import type { Transaction } from 'kysely';
import type { Executor } from '../../db/create-db';
import type { Database } from '../../db/database';
import type { PeopleKind } from './people-columns';
import type { Person, PersonFields } from './people-plan';

/**
 * The SQL of a bulk import: the whole directory of one kind read in one query (20,000 employees
 * are a few megabytes), inserts in batches, and an update per changed person.
 */

/** Rows per INSERT: far below MySQL's 65,535 placeholders and SQLite's 32,766 variables. */
const BATCH = 500;

/** Every employee or staff member, as the import compares them. */
export async function allPeople(ex: Executor, kind: PeopleKind): Promise<Person[]> {
  if (kind === 'employees') {
    const rows = await ex
      .selectFrom('employees')
      .select(['id', 'name', 'phone', 'email', 'department', 'unit', 'notes', 'status'])
      .execute();
    return rows.map((r) => ({ ...r, level: null, description: null, username: null, active: r.status === 'active' }));
  }
  const rows = await ex
    .selectFrom('staff')
    .select(['id', 'name', 'phone', 'email', 'level', 'description', 'username', 'notes', 'status'])
    .execute();
  return rows.map((r) => ({ ...r, department: null, unit: null, active: r.status === 'active' }));
}

const status = (active: boolean) => (active ? ('active' as const) : ('inactive' as const));

const employeeRow = (f: PersonFields) => ({
  name: f.name,
  phone: f.phone!,
  email: f.email,
  department: f.department,
  unit: f.unit,
  notes: f.notes,
  status: status(f.active),
});

const staffRow = (f: PersonFields) => ({
  name: f.name,
  phone: f.phone,
  email: f.email,
  level: f.level!,
  description: f.description,
  username: f.username!,
  notes: f.notes,
  status: status(f.active),
});

/** Inserts new people; staff get no password (they choose one through a set-password link). */
export async function insertPeople(
  trx: Transaction<Database>,
  kind: PeopleKind,
  people: { id: string; fields: PersonFields }[],
  now: number,
): Promise<void> {
  for (let i = 0; i < people.length; i += BATCH) {
    const batch = people.slice(i, i + BATCH);
    if (kind === 'employees') {
      await trx
        .insertInto('employees')
        .values(batch.map((p) => ({ id: p.id, ...employeeRow(p.fields), created_at: now, updated_at: now })))
        .execute();
    } else {
      await trx
        .insertInto('staff')
        .values(batch.map((p) => ({ id: p.id, ...staffRow(p.fields), password_hash: null, created_at: now, updated_at: now })))
        .execute();
    }
  }
}

export async function updatePerson(trx: Transaction<Database>, kind: PeopleKind, id: string, f: PersonFields, now: number): Promise<void> {
  if (kind === 'employees') {
    await trx
      .updateTable('employees')
      .set({ ...employeeRow(f), updated_at: now })
      .where('id', '=', id)
      .execute();
  } else {
    await trx
      .updateTable('staff')
      .set({ ...staffRow(f), updated_at: now })
      .where('id', '=', id)
      .execute();
  }
}

/** Bumps the token version of staff the import deactivated: their sessions end at once. */
export async function endSessions(trx: Transaction<Database>, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await trx
    .updateTable('staff')
    .set((eb) => ({ token_version: eb('token_version', '+', 1) }))
    .where('id', 'in', ids)
    .execute();
}
