import type { StaffLevel } from '../../db/database';
import { COLUMNS_OF, EMAIL, ID, USERNAME, activeOf, levelOf, phoneOf, type Column, type PeopleKind } from './people-columns';

/**
 * One data row read into values: a cell left empty is absent (an import never clears a field it
 * does not fill), a cell that cannot be read is a reason the row is refused.
 */

export type ReasonCode =
  | 'column_missing'
  | 'id_invalid'
  | 'id_duplicate_in_file'
  | 'name_missing'
  | 'name_too_long'
  | 'phone_missing'
  | 'phone_invalid'
  | 'phone_duplicate_in_file'
  | 'phone_taken'
  | 'email_invalid'
  | 'unit_unknown'
  | 'level_missing'
  | 'level_unknown'
  | 'username_missing'
  | 'username_invalid'
  | 'username_duplicate_in_file'
  | 'username_taken'
  | 'status_unknown'
  | 'text_too_long'
  | 'person_duplicate_in_file'
  | 'administrator_protected';

export interface Reason {
  code: ReasonCode | 'unit_new';
  column: Column | null;
  /** The earlier row of the file a duplicate repeats. */
  otherRow?: number;
}

/** What a row says about a person; absent = the file says nothing about it. */
export interface RowValues {
  id?: string;
  name?: string;
  phone?: string;
  email?: string;
  department?: string;
  unit?: string;
  level?: StaffLevel;
  description?: string;
  username?: string;
  notes?: string;
  active?: boolean;
}

const MAX: Partial<Record<Column, number>> = { department: 100, unit: 100, description: 2000, notes: 2000 };

/** Reads the cells of one row (`at`: the cell index of each column found) into values and reasons. */
export function readRow(kind: PeopleKind, cells: string[], at: Partial<Record<Column, number>>): { values: RowValues; reasons: Reason[] } {
  const values: RowValues = {};
  const reasons: Reason[] = [];
  const refuse = (code: ReasonCode, column: Column) => reasons.push({ code, column });
  for (const column of COLUMNS_OF[kind]) {
    const i = at[column];
    const cell = i === undefined ? '' : (cells[i] ?? '').trim();
    if (cell === '') continue;
    switch (column) {
      case 'id':
        if (ID.test(cell)) values.id = cell.toUpperCase();
        else refuse('id_invalid', column);
        break;
      case 'name':
        if (cell.length <= 100) values.name = cell.replace(/\s+/g, ' ');
        else refuse('name_too_long', column);
        break;
      case 'phone': {
        const phone = phoneOf(cell);
        if (phone) values.phone = phone;
        else refuse('phone_invalid', column);
        break;
      }
      case 'email':
        if (cell.length <= 255 && EMAIL.test(cell)) values.email = cell;
        else refuse('email_invalid', column);
        break;
      case 'level': {
        const level = levelOf(cell);
        if (level) values.level = level;
        else refuse('level_unknown', column);
        break;
      }
      case 'username': {
        const username = cell.toLowerCase();
        if (USERNAME.test(username)) values.username = username;
        else refuse('username_invalid', column);
        break;
      }
      case 'status': {
        const active = activeOf(cell);
        if (active === undefined) refuse('status_unknown', column);
        else values.active = active;
        break;
      }
      default:
        if (cell.length <= (MAX[column] ?? 2000)) values[column] = cell;
        else refuse('text_too_long', column);
    }
  }
  return { values, reasons };
}
