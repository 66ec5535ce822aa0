import { sql, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { dialectOf, type Dialect, type Executor } from '../../db/create-db';
import type { Database, TicketChannel, TicketPriority, TicketStatus } from '../../db/database';
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
  /** Category ids; 0 stands for "no category" (nothing recognised and nobody chose). */
  categoryIds?: readonly number[];
  priorities?: readonly TicketPriority[];
  /** A place and everything under it: a building's id lists the tickets of its floors and rooms too. */
  placeId?: number;
  /** Tickets whose running SLA clock is past its due (`late`) or whose reminder went out (`soon`), at `now`. */
  due?: { state: 'late' | 'soon'; now: number };
  /**
   * Tickets merged into another (issue 15 part 3): left out by default, since the main ticket carries
   * their work and they would count twice; a search (`q`) includes them, so a merged number is found.
   */
  merged?: 'exclude' | 'include' | 'only';
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
  if (f.categoryIds?.length) {
    const ids = f.categoryIds.filter((id) => id > 0);
    const none = ids.length < f.categoryIds.length;
    c.push(
      eb.or([...(ids.length ? [eb('tickets.category_id', 'in', ids)] : []), ...(none ? [eb('tickets.category_id', 'is', null)] : [])]),
    );
  }
  if (f.priorities?.length) c.push(eb('tickets.priority', 'in', [...f.priorities]));
  if (f.placeId !== undefined) c.push(placeCondition(eb, f.placeId));
  if (f.due) c.push(dueCondition(eb, f.due));
  const merged = f.merged ?? (f.q ? 'include' : 'exclude');
  if (merged !== 'include') c.push(merged === 'only' ? isMerged(eb) : eb.not(isMerged(eb)));
  return c;
}

/** The ticket was merged into another: a primary-key probe of ticket_merges. */
function isMerged(eb: Eb) {
  return eb.exists(eb.selectFrom('ticket_merges').select('ticket_merges.ticket_id').whereRef('ticket_merges.ticket_id', '=', 'tickets.id'));
}

/** The place, its children and theirs: the tree is at most building › floor › room, so two levels reach every room. */
function placeCondition(eb: Eb, placeId: number) {
  const children = eb.selectFrom('places as child').select('child.id').where('child.parent_id', '=', placeId);
  return eb(
    'tickets.place_id',
    'in',
    eb
      .selectFrom('places as p')
      .select('p.id')
      .where((w) => w.or([w('p.id', '=', placeId), w('p.parent_id', '=', placeId), w('p.parent_id', 'in', children)])),
  );
}

/**
 * `late`: the running clock's due (`sla_due_at`, indexed) has passed; `soon`: it has not, but the
 * reminder of that clock went out (a `sla_alerts` row, found by its unique key). A paused ticket
 * is neither: its clocks stand.
 */
function dueCondition(eb: Eb, due: NonNullable<TicketFilter['due']>) {
  const running = eb('tickets.sla_paused_at', 'is', null);
  if (due.state === 'late') return eb.and([eb('tickets.sla_due_at', '<', due.now), running]);
  return eb.and([eb('tickets.sla_due_at', '>=', due.now), running, reminderOfRunningClock(eb)]);
}

/** Whether the reminder of the clock now running (the one whose due is `sla_due_at`) was sent. */
export function reminderOfRunningClock(eb: Eb) {
  const clocks = [
    ['assign', 'tickets.due_assign_at'],
    ['start', 'tickets.due_start_at'],
    ['finish', 'tickets.due_finish_at'],
  ] as const;
  return eb.exists(
    eb
      .selectFrom('sla_alerts')
      .select('sla_alerts.id')
      .whereRef('sla_alerts.ticket_id', '=', 'tickets.id')
      .where('sla_alerts.level', '=', 'reminder')
      .where((a) =>
        a.or(clocks.map(([clock, col]) => a.and([a('sla_alerts.clock', '=', clock), a(col, '=', a.ref('tickets.sla_due_at'))]))),
      ),
  );
}

/** `qb` narrowed to the tickets `f` asks for. */
export function filtered<O>(ex: Executor, qb: SelectQueryBuilder<Database, 'tickets', O>, f: TicketFilter) {
  const dialect = dialectOf(ex);
  return qb.where((eb) => {
    const c = conditions(eb, f, dialect);
    return c.length ? eb.and(c) : sql<SqlBool>`1 = 1`;
  });
}
