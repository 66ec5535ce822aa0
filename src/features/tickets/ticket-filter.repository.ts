import { sql, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { dialectOf, type Dialect, type Executor } from '../../db/create-db';
import type { Database, TicketChannel, TicketStatus } from '../../db/database';
import { normalizePhone } from '../../shared/phone';
import { searchCondition } from './ticket-search';

/** What the admin lists filter tickets by; every field narrows the result. */
export interface TicketFilter {
  statuses?: readonly TicketStatus[];
  /** How the report reached the desk. */
  channels?: readonly TicketChannel[];
  /** Tickets with an active assignment to this staff member. */
  assigneeId?: string;
  /** A technician's scope: only tickets actively assigned to them. Same test as assigneeId, applied on top of it. */
  visibleTo?: string;
  /** The reporter's employee id, or their phone in any format. */
  reporter?: string;
  /** Inclusive epoch ms. */
  createdFrom?: number;
  /** Exclusive epoch ms. */
  createdTo?: number;
  /** Free text: words of the complaint or the reporter's name, a tracking number's beginning, or a phone (ticket-search.ts). */
  q?: string;
}

export type Eb = ExpressionBuilder<Database, 'tickets'>;

/** Phones in the reporter filter may be typed as 0812…, +62 812-…; employee ids are matched as given. */
const looksLikePhone = (s: string) => /^\+?[\d\s().-]{6,}$/.test(s);

export function activeAssignmentTo(eb: Eb, staffId: string) {
  return eb.exists(
    eb
      .selectFrom('assignments')
      .select('assignments.id')
      .whereRef('assignments.ticket_id', '=', 'tickets.id')
      .where('assignments.staff_id', '=', staffId)
      .where('assignments.status', '=', 'active'),
  );
}

function conditions(eb: Eb, f: TicketFilter, dialect: Dialect) {
  const c = [];
  if (f.statuses?.length) c.push(eb('tickets.status', 'in', [...f.statuses]));
  if (f.channels?.length) c.push(eb('tickets.channel', 'in', [...f.channels]));
  if (f.assigneeId) c.push(activeAssignmentTo(eb, f.assigneeId));
  if (f.visibleTo) c.push(activeAssignmentTo(eb, f.visibleTo));
  if (f.reporter) {
    const phone = looksLikePhone(f.reporter) ? normalizePhone(f.reporter) : '';
    c.push(eb.or([eb('tickets.reporter_employee_id', '=', f.reporter), ...(phone ? [eb('tickets.reporter_phone', '=', phone)] : [])]));
  }
  if (f.createdFrom !== undefined) c.push(eb('tickets.created_at', '>=', f.createdFrom));
  if (f.createdTo !== undefined) c.push(eb('tickets.created_at', '<', f.createdTo));
  if (f.q) c.push(searchCondition(eb, f.q, dialect));
  return c;
}

/** `qb` narrowed to the tickets `f` asks for. */
export function filtered<O>(ex: Executor, qb: SelectQueryBuilder<Database, 'tickets', O>, f: TicketFilter) {
  const dialect = dialectOf(ex);
  return qb.where((eb) => {
    const c = conditions(eb, f, dialect);
    return c.length ? eb.and(c) : sql<SqlBool>`1 = 1`;
  });
}
