import type { Selectable, Transaction } from 'kysely';
import type { Executor } from '../../db/create-db';
import type { AssignmentsTable, Database } from '../../db/database';
import type { Ticket } from '../tickets/ticket.model';
import { toTicket } from '../tickets/ticket.repository';
import type { Assignment } from './assignment.model';

type Row = Selectable<AssignmentsTable> & { staff_name: string; staff_phone: string | null };

const toAssignment = (r: Row): Assignment => ({
  id: r.id,
  ticketId: r.ticket_id,
  staffId: r.staff_id,
  staffName: r.staff_name,
  staffPhone: r.staff_phone,
  note: r.note,
  status: r.status,
  assignedBy: r.assigned_by,
  assignedAt: Number(r.assigned_at),
  startedAt: r.started_at === null ? null : Number(r.started_at),
  finishedAt: r.finished_at === null ? null : Number(r.finished_at),
  withdrawnAt: r.withdrawn_at === null ? null : Number(r.withdrawn_at),
});

const withStaff = (ex: Executor) =>
  ex
    .selectFrom('assignments')
    .innerJoin('staff', 'staff.id', 'assignments.staff_id')
    .selectAll('assignments')
    .select(['staff.name as staff_name', 'staff.phone as staff_phone']);

export async function insertAssignment(
  trx: Transaction<Database>,
  a: { ticketId: number; staffId: string; note: string | null; assignedBy: string | null; now: number },
): Promise<number> {
  const result = await trx
    .insertInto('assignments')
    .values({ ticket_id: a.ticketId, staff_id: a.staffId, note: a.note, status: 'active', assigned_by: a.assignedBy, assigned_at: a.now })
    .executeTakeFirstOrThrow();
  return Number(result.insertId);
}

export async function findAssignment(ex: Executor, id: number): Promise<Assignment | undefined> {
  const row = await withStaff(ex).where('assignments.id', '=', id).executeTakeFirst();
  return row && toAssignment(row);
}

/** Every assignment of a ticket, withdrawn ones included, oldest first. */
export async function listAssignmentsOfTicket(ex: Executor, ticketId: number): Promise<Assignment[]> {
  const rows = await withStaff(ex).where('assignments.ticket_id', '=', ticketId).orderBy('assignments.id').execute();
  return rows.map(toAssignment);
}

/** The technician's active assignments, newest first. */
async function listActiveAssignmentsOfStaff(ex: Executor, staffId: string): Promise<Assignment[]> {
  const rows = await withStaff(ex)
    .where('assignments.staff_id', '=', staffId)
    .where('assignments.status', '=', 'active')
    .orderBy('assignments.assigned_at', 'desc')
    .execute();
  return rows.map(toAssignment);
}

export async function withdrawAssignmentRow(trx: Transaction<Database>, id: number, by: string | null, now: number): Promise<boolean> {
  const r = await trx
    .updateTable('assignments')
    .set({ status: 'withdrawn', withdrawn_at: now, withdrawn_by: by })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Marks the technician's start or finish on an active assignment; false when it was already set. */
export async function markAssignmentProgress(
  trx: Transaction<Database>,
  id: number,
  field: 'started_at' | 'finished_at',
  now: number,
): Promise<boolean> {
  const r = await trx
    .updateTable('assignments')
    .set({ [field]: now })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .where(field, 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The staff member who would be assigned, with what decides whether they may be (level, status). */
export async function findAssignee(ex: Executor, staffId: string) {
  return ex.selectFrom('staff').select(['id', 'name', 'phone', 'level', 'status']).where('id', '=', staffId).executeTakeFirst();
}

/** A reopened ticket: every technician still on it must report finished again. */
export async function clearFinishOfActiveAssignments(trx: Transaction<Database>, ticketId: number): Promise<void> {
  await trx
    .updateTable('assignments')
    .set({ finished_at: null })
    .where('ticket_id', '=', ticketId)
    .where('status', '=', 'active')
    .execute();
}

/** A technician's open jobs with their tickets: active assignments on tickets not yet closed, newest first. */
export async function listOpenJobs(ex: Executor, staffId: string): Promise<{ assignment: Assignment; ticket: Ticket }[]> {
  const assignments = await listActiveAssignmentsOfStaff(ex, staffId);
  if (assignments.length === 0) return [];
  const rows = await ex
    .selectFrom('tickets')
    .selectAll()
    .where(
      'id',
      'in',
      assignments.map((a) => a.ticketId),
    )
    .where('status', '!=', 'ditutup')
    .execute();
  const tickets = new Map(rows.map((r) => [r.id, toTicket(r)]));
  return assignments.filter((a) => tickets.has(a.ticketId)).map((a) => ({ assignment: a, ticket: tickets.get(a.ticketId)! }));
}

/** The technician's active assignment on this ticket, if any. */
export async function findActiveAssignment(ex: Executor, ticketId: number, staffId: string): Promise<Assignment | undefined> {
  const row = await withStaff(ex)
    .where('assignments.ticket_id', '=', ticketId)
    .where('assignments.staff_id', '=', staffId)
    .where('assignments.status', '=', 'active')
    .executeTakeFirst();
  return row && toAssignment(row);
}

/** True when the staff member holds an active assignment on the ticket (what a technician may see and touch). */
export async function isActivelyAssigned(ex: Executor, ticketId: number, staffId: string): Promise<boolean> {
  const row = await ex
    .selectFrom('assignments')
    .select('id')
    .where('ticket_id', '=', ticketId)
    .where('staff_id', '=', staffId)
    .where('status', '=', 'active')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The names of the technicians working on each of these tickets (active assignments, oldest first), in one read. */
export async function listActiveTechnicianNames(ex: Executor, ticketIds: number[]): Promise<Map<number, string[]>> {
  const names = new Map<number, string[]>();
  if (ticketIds.length === 0) return names;
  const rows = await ex
    .selectFrom('assignments')
    .innerJoin('staff', 'staff.id', 'assignments.staff_id')
    .select(['assignments.ticket_id', 'staff.name'])
    .where('assignments.ticket_id', 'in', ticketIds)
    .where('assignments.status', '=', 'active')
    .orderBy('assignments.id')
    .execute();
  for (const r of rows) {
    const id = Number(r.ticket_id);
    names.set(id, [...(names.get(id) ?? []), r.name]);
  }
  return names;
}
