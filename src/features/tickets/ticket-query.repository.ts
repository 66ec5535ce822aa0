import { sql, SqliteAdapter, type ExpressionBuilder, type RawBuilder, type Selectable, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Dialect, Executor } from '../../db/create-db';
import type { Database, TicketsTable, TicketStatus } from '../../db/database';
import { normalizePhone } from '../../shared/phone';
import type { Ticket } from './ticket.model';
import { ticketStatuses } from './ticket-status';
import { searchCondition } from './ticket-search';

/** What the admin lists filter tickets by; every field narrows the result. */
export interface TicketFilter {
  statuses?: readonly TicketStatus[];
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

export type TicketSortKey = 'createdAt' | 'updatedAt' | 'status' | 'trackingNo';

export interface TicketSort {
  key: TicketSortKey;
  order: 'asc' | 'desc';
}

export interface Assignee {
  assignmentId: number;
  staffId: string;
  name: string;
}

/** A ticket as the admin lists show it: the row and its active technicians. */
export interface TicketSummary extends Ticket {
  firstAssignedAt: number | null;
  assignees: Assignee[];
}

type TicketRow = Selectable<TicketsTable>;
type Eb = ExpressionBuilder<Database, 'tickets'>;

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

const toSummary = (r: TicketRow, assignees: Assignee[]): TicketSummary => ({
  id: Number(r.id),
  trackingNo: r.tracking_no,
  status: r.status,
  complaint: r.complaint,
  reporter: { employeeId: r.reporter_employee_id, phone: r.reporter_phone, name: r.reporter_name, workplace: r.reporter_unit },
  chatId: r.chat_id,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  finishedAt: num(r.finished_at),
  closedAt: num(r.closed_at),
  firstAssignedAt: num(r.first_assigned_at),
  assignees,
});

/** Phones in the reporter filter may be typed as 0812…, +62 812-…; employee ids are matched as given. */
const looksLikePhone = (s: string) => /^\+?[\d\s().-]{6,}$/.test(s);

function activeAssignmentTo(eb: Eb, staffId: string) {
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
  if (f.assigneeId) c.push(activeAssignmentTo(eb, f.assigneeId));
  if (f.visibleTo) c.push(activeAssignmentTo(eb, f.visibleTo));
  if (f.reporter) {
    const phone = looksLikePhone(f.reporter) ? normalizePhone(f.reporter) : '';
    c.push(
      eb.or([eb('tickets.reporter_employee_id', '=', f.reporter), ...(phone ? [eb('tickets.reporter_phone', '=', phone)] : [])]),
    );
  }
  if (f.createdFrom !== undefined) c.push(eb('tickets.created_at', '>=', f.createdFrom));
  if (f.createdTo !== undefined) c.push(eb('tickets.created_at', '<', f.createdTo));
  if (f.q) c.push(searchCondition(eb, f.q, dialect));
  return c;
}

const dialectOf = (ex: Executor): Dialect => (ex.getExecutor().adapter instanceof SqliteAdapter ? 'sqlite' : 'mysql');

function filtered<O>(ex: Executor, qb: SelectQueryBuilder<Database, 'tickets', O>, f: TicketFilter) {
  const dialect = dialectOf(ex);
  return qb.where((eb) => {
    const c = conditions(eb, f, dialect);
    return c.length ? eb.and(c) : sql<SqlBool>`1 = 1`;
  });
}

/** Statuses sort in workflow order (baru first), not alphabetically. */
const statusRank = sql<number>`case ${sql.ref('tickets.status')} ${sql.join(
  ticketStatuses.map((s, i) => sql`when ${sql.lit(s)} then ${sql.lit(i)}`),
  sql` `,
)} end`;

const sortExpression = (key: TicketSortKey): RawBuilder<unknown> =>
  key === 'status'
    ? statusRank
    : sql.ref({ createdAt: 'tickets.created_at', updatedAt: 'tickets.updated_at', trackingNo: 'tickets.tracking_no' }[key]);

/** The value of the sort key for a row, to continue after it. */
const sortValue = (r: TicketRow, key: TicketSortKey): string | number =>
  key === 'status'
    ? ticketStatuses.indexOf(r.status)
    : key === 'trackingNo'
      ? r.tracking_no
      : Number(key === 'createdAt' ? r.created_at : r.updated_at);

function sortedPage(ex: Executor, f: TicketFilter, sort: TicketSort) {
  // The id breaks ties in the same direction, so pages and batches never overlap.
  return filtered(ex, ex.selectFrom('tickets').selectAll('tickets'), f)
    .orderBy(sortExpression(sort.key), sort.order)
    .orderBy('tickets.id', sort.order);
}

/** One query for the active technicians of every ticket of a page (never one per ticket). */
async function withAssignees(ex: Executor, rows: TicketRow[]): Promise<TicketSummary[]> {
  if (rows.length === 0) return [];
  const assignments = await ex
    .selectFrom('assignments')
    .innerJoin('staff', 'staff.id', 'assignments.staff_id')
    .select(['assignments.id', 'assignments.ticket_id', 'assignments.staff_id', 'staff.name'])
    .where('assignments.ticket_id', 'in', rows.map((r) => r.id))
    .where('assignments.status', '=', 'active')
    .orderBy('assignments.id')
    .execute();
  const byTicket = new Map<number, Assignee[]>();
  for (const a of assignments) {
    const list = byTicket.get(Number(a.ticket_id)) ?? [];
    list.push({ assignmentId: Number(a.id), staffId: a.staff_id, name: a.name });
    byTicket.set(Number(a.ticket_id), list);
  }
  return rows.map((r) => toSummary(r, byTicket.get(Number(r.id)) ?? []));
}

/** One page of tickets: two queries (the page, then its technicians). */
export async function listTickets(
  ex: Executor,
  f: TicketFilter,
  sort: TicketSort,
  page: { limit: number; offset: number },
): Promise<TicketSummary[]> {
  const rows = await sortedPage(ex, f, sort).limit(page.limit).offset(page.offset).execute();
  return withAssignees(ex, rows);
}

/** Counting stops here: an exact count of 900,000 matches costs a second, and nobody pages that far. */
export const COUNT_LIMIT = 10_000;

export interface TicketCount {
  /** Exact up to COUNT_LIMIT; COUNT_LIMIT when there are more. */
  total: number;
  /** True when more than COUNT_LIMIT match: `total` is then only a lower bound. */
  isLowerBound: boolean;
}

/** How many tickets match, counted up to COUNT_LIMIT + 1 rows: one query. */
export async function countTickets(ex: Executor, f: TicketFilter): Promise<TicketCount> {
  // The inner select is built from the expression builder: a subquery of this statement, never run on its own.
  const row = await ex
    .selectFrom((eb) => filtered(ex, eb.selectFrom('tickets').select(sql<number>`1`.as('one')), f).limit(COUNT_LIMIT + 1).as('m'))
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  const n = Number(row.n);
  return { total: Math.min(n, COUNT_LIMIT), isLowerBound: n > COUNT_LIMIT };
}

/**
 * Every matching ticket in `sort` order, `batchSize` at a time, for exports. Batches follow
 * each other by keyset (the last row's sort value and id), not OFFSET, so the 200th batch
 * costs what the first does. Each batch is two queries; nothing else is held in memory.
 */
export async function* iterateTickets(ex: Executor, f: TicketFilter, sort: TicketSort, batchSize = 500): AsyncGenerator<TicketSummary[]> {
  let after: { value: string | number; id: number } | undefined;
  const key = sortExpression(sort.key);
  const cmp = sort.order === 'asc' ? sql.raw('>') : sql.raw('<');
  const cmpOrEqual = sort.order === 'asc' ? sql.raw('>=') : sql.raw('<=');
  for (;;) {
    let qb = sortedPage(ex, f, sort).limit(batchSize);
    if (after) {
      const { value, id } = after;
      // Written as `key >= v and (key > v or id > i)` (for asc) rather than the plain OR, so
      // both dialects can start an index range scan at v instead of scanning from the top.
      qb = qb.where(sql<SqlBool>`(${key} ${cmpOrEqual} ${value} and (${key} ${cmp} ${value} or ${sql.ref('tickets.id')} ${cmp} ${id}))`);
    }
    const rows = await qb.execute();
    if (rows.length === 0) return;
    yield await withAssignees(ex, rows);
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1]!;
    after = { value: sortValue(last, sort.key), id: Number(last.id) };
  }
}

/** One ticket with its active technicians, or undefined when it does not exist or is outside `visibleTo`'s scope. */
export async function findTicketSummary(ex: Executor, trackingNo: string, scope: Pick<TicketFilter, 'visibleTo'> = {}): Promise<TicketSummary | undefined> {
  const rows = await filtered(ex, ex.selectFrom('tickets').selectAll('tickets').where('tickets.tracking_no', '=', trackingNo), scope).execute();
  return (await withAssignees(ex, rows))[0];
}

