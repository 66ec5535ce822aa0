import type { StaffLevel } from '../../db/database';
import { REQUIRED, unitKey, type Column, type PeopleKind } from './people-columns';
import { readRow, type Reason, type ReasonCode, type RowValues } from './people-row';

/**
 * What importing a sheet of people does, row by row, without writing: each row is matched to an
 * existing person (by id when the row gives one, else by phone, and for staff else by username),
 * checked against the file's other rows and the directory, and becomes a create, an update, nothing
 * (unchanged) or a refusal with its reasons. Importing the same file twice plans nothing the second time.
 */

/** A person of either kind as the import compares them; fields of the other kind are null. */
export interface Person {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  department: string | null;
  unit: string | null;
  level: StaffLevel | null;
  description: string | null;
  username: string | null;
  notes: string | null;
  active: boolean;
}

export type PersonFields = Omit<Person, 'id'>;

export type RowAction = 'create' | 'update' | 'unchanged' | 'refused';

export interface PlannedRow {
  row: number;
  action: RowAction;
  /** The existing person's id, or the id the file gives; null for a new person numbered on apply. */
  id: string | null;
  name: string | null;
  /** The fields an update changes. */
  changes: (keyof PersonFields)[];
  reasons: Reason[];
  /** Not refusals: a unit new to the directory when new units are allowed. */
  warnings: Reason[];
}

export interface Plan {
  rows: PlannedRow[];
  creates: { id: string | null; fields: PersonFields }[];
  updates: { id: string; fields: PersonFields }[];
}

export interface PlanOptions {
  /** Accept units the directory has never used (each gets a `unit_new` warning) instead of refusing them. */
  allowNewUnits: boolean;
}

const FIELDS: (keyof PersonFields)[] = [
  'name',
  'phone',
  'email',
  'department',
  'unit',
  'level',
  'description',
  'username',
  'notes',
  'active',
];

/** Plans `rows` (cells with their spreadsheet row) over `existing`; `at` is where each column was found. */
export function planPeople(
  kind: PeopleKind,
  rows: { row: number; cells: string[] }[],
  at: Partial<Record<Column, number>>,
  existing: Person[],
  o: PlanOptions,
): Plan {
  const byId = new Map(existing.map((p) => [p.id, p]));
  const byPhone = new Map(existing.filter((p) => p.phone).map((p) => [p.phone!, p]));
  const byUsername = new Map(existing.filter((p) => p.username).map((p) => [p.username!, p]));
  const units = new Map(existing.filter((p) => p.unit).map((p) => [unitKey(p.unit!), p.unit!]));
  const missing = REQUIRED[kind].filter((c) => at[c] === undefined);
  const firstRow = { id: new Map<string, number>(), phone: new Map<string, number>(), username: new Map<string, number>() };
  const firstRowOfPerson = new Map<string, number>();
  const plan: Plan = { rows: [], creates: [], updates: [] };

  for (const { row, cells } of rows) {
    const { values, reasons } = readRow(kind, cells, at);
    const warnings: Reason[] = [];
    const refuse = (code: ReasonCode, column: Column | null, otherRow?: number) =>
      reasons.push(otherRow === undefined ? { code, column } : { code, column, otherRow });
    for (const column of missing) refuse('column_missing', column);

    const current =
      (values.id === undefined ? undefined : byId.get(values.id)) ??
      (values.id === undefined && values.phone ? byPhone.get(values.phone) : undefined) ??
      (values.id === undefined && kind === 'staff' && values.username ? byUsername.get(values.username) : undefined);

    // Duplicates within the file: the first row keeps the key, each later row is refused naming it.
    const once = (key: keyof typeof firstRow, value: string | undefined, code: ReasonCode, column: Column) => {
      if (value === undefined) return;
      const first = firstRow[key].get(value);
      if (first === undefined) firstRow[key].set(value, row);
      else refuse(code, column, first);
    };
    once('id', values.id, 'id_duplicate_in_file', 'id');
    once('phone', values.phone, 'phone_duplicate_in_file', 'phone');
    once('username', values.username, 'username_duplicate_in_file', 'username');
    if (current) {
      const first = firstRowOfPerson.get(current.id);
      if (first === undefined) firstRowOfPerson.set(current.id, row);
      else if (!reasons.some((r) => r.code.endsWith('_duplicate_in_file'))) refuse('person_duplicate_in_file', null, first);
    }

    // Keys someone else in the directory holds.
    const phoneOwner = values.phone === undefined ? undefined : byPhone.get(values.phone);
    if (phoneOwner && phoneOwner.id !== current?.id) refuse('phone_taken', 'phone');
    const usernameOwner = values.username === undefined ? undefined : byUsername.get(values.username);
    if (usernameOwner && usernameOwner.id !== current?.id) refuse('username_taken', 'username');

    if (!current) requireForCreate(kind, values, at, reasons, refuse);
    if (values.unit !== undefined) {
      const known = units.get(unitKey(values.unit));
      if (known !== undefined) values.unit = known;
      else if (o.allowNewUnits) {
        warnings.push({ code: 'unit_new', column: 'unit' });
        units.set(unitKey(values.unit), values.unit);
      } else refuse('unit_unknown', 'unit');
    }
    // The last Administrator must never be lost to a spreadsheet; the staff page guards that case by case.
    if (current?.level === 'Administrator' && ((values.level && values.level !== 'Administrator') || values.active === false)) {
      refuse('administrator_protected', values.level && values.level !== 'Administrator' ? 'level' : 'status');
    }

    const fields = merged(current, values);
    const changes = current ? FIELDS.filter((f) => fields[f] !== current[f]) : [];
    const action: RowAction = reasons.length > 0 ? 'refused' : !current ? 'create' : changes.length === 0 ? 'unchanged' : 'update';
    plan.rows.push({ row, action, id: current?.id ?? values.id ?? null, name: fields.name || null, changes, reasons, warnings });
    if (action === 'create') plan.creates.push({ id: values.id ?? null, fields });
    if (action === 'update') plan.updates.push({ id: current!.id, fields });
  }
  return plan;
}

function requireForCreate(
  kind: PeopleKind,
  values: RowValues,
  at: Partial<Record<Column, number>>,
  reasons: Reason[],
  refuse: (code: ReasonCode, column: Column) => void,
): void {
  // An empty cell in a column the file has; a missing column or an unreadable cell is reported already.
  const absent = (column: Column) => at[column] !== undefined && values[column as keyof RowValues] === undefined;
  const unread = (column: Column) => reasons.some((r) => r.column === column);
  const need = (column: Column, code: ReasonCode) => {
    if (absent(column) && !unread(column)) refuse(code, column);
  };
  need('name', 'name_missing');
  if (kind === 'employees') need('phone', 'phone_missing');
  if (kind === 'staff') {
    need('level', 'level_missing');
    need('username', 'username_missing');
  }
}

/** The person after the row: what the row says over what there is; a new person starts active. */
function merged(current: Person | undefined, v: RowValues): PersonFields {
  const keep = <T>(given: T | undefined, was: T | null | undefined): T | null => (given === undefined ? (was ?? null) : given);
  return {
    name: v.name ?? current?.name ?? '',
    phone: keep(v.phone, current?.phone),
    email: keep(v.email, current?.email),
    department: keep(v.department, current?.department),
    unit: keep(v.unit, current?.unit),
    level: keep(v.level, current?.level),
    description: keep(v.description, current?.description),
    username: keep(v.username, current?.username),
    notes: keep(v.notes, current?.notes),
    active: v.active ?? current?.active ?? true,
  };
}
