import type { Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, conflict, notFound } from '../../errors';
import { notifyAssigned, notifyWithdrawn } from '../notifications/notification.service';
import type { Ticket } from '../tickets/ticket.model';
import { insertTicketEvent, lockTicket, updateTicketStatus } from '../tickets/ticket.repository';
import { findAssignment, insertAssignment, listAssignmentsOfTicket, withdrawAssignmentRow, type Assignment } from './assignment.repository';

export interface Actor {
  id: string;
  name: string;
}

/**
 * Puts a technician (active staff of level TBO) on a ticket. A new or pending ticket moves
 * to `proses`; the first assignment's time is kept for the statistics. The technician
 * and the reporter are both told.
 */
export async function assignTechnician(
  trx: Transaction<Database>,
  a: { ticket: Ticket; staffId: string; note: string | null; by: Actor; now: number },
): Promise<{ assignment: Assignment; messages: number }> {
  const { ticket, now } = a;
  if (ticket.status === 'ditutup' || ticket.status === 'selesai') {
    throw conflict(`ticket is ${ticket.status}; reopen it before assigning`, { status: ticket.status });
  }
  await lockTicket(trx, ticket.id, now);
  const tech = await trx
    .selectFrom('staff')
    .select(['id', 'name', 'phone', 'level', 'status'])
    .where('id', '=', a.staffId)
    .executeTakeFirst();
  if (!tech || tech.level !== 'TBO' || tech.status !== 'active') {
    throw new AppError('VALIDATION_FAILED', 'staffId: must be an active technician (TBO)', { field: 'staffId' });
  }
  const current = await listAssignmentsOfTicket(trx, ticket.id);
  if (current.some((x) => x.staffId === tech.id && x.status === 'active')) {
    throw conflict(`${tech.id} is already assigned to ${ticket.trackingNo}`);
  }
  const id = await insertAssignment(trx, { ticketId: ticket.id, staffId: tech.id, note: a.note, assignedBy: a.by.id, now });
  const moved =
    (ticket.status === 'baru' || ticket.status === 'pending') &&
    (await updateTicketStatus(trx, ticket.id, ticket.status, { status: 'proses', now }));
  await trx
    .updateTable('tickets')
    .set({ first_assigned_at: now })
    .where('id', '=', ticket.id)
    .where('first_assigned_at', 'is', null)
    .execute();
  await insertTicketEvent(trx, {
    ticketId: ticket.id,
    kind: 'assigned',
    note: `Laporan diteruskan kepada petugas ${tech.name} untuk ditangani.`,
    statusFrom: moved ? ticket.status : null,
    statusTo: moved ? 'proses' : null,
    actorKind: 'staff',
    actorId: a.by.id,
    actorName: a.by.name,
    now,
  });
  const messages = await notifyAssigned(trx, { ticket, technician: tech, note: a.note, assignedBy: a.by.name, now });
  return { assignment: (await findAssignment(trx, id))!, messages };
}

/**
 * Takes a technician off a ticket; the technician is told. When nobody is left on a ticket
 * in `proses`, it goes back to `baru` so it shows up again as waiting for an assignment.
 */
export async function withdrawAssignment(
  trx: Transaction<Database>,
  w: { ticket: Ticket; assignmentId: number; by: Actor; now: number },
): Promise<{ assignment: Assignment; messages: number }> {
  await lockTicket(trx, w.ticket.id, w.now);
  const assignment = await findAssignment(trx, w.assignmentId);
  if (!assignment || assignment.ticketId !== w.ticket.id) throw notFound('assignment');
  if (!(await withdrawAssignmentRow(trx, assignment.id, w.by.id, w.now))) throw conflict('assignment already withdrawn');
  const remaining = (await listAssignmentsOfTicket(trx, w.ticket.id)).filter((a) => a.status === 'active');
  const backToNew = remaining.length === 0 && (await updateTicketStatus(trx, w.ticket.id, 'proses', { status: 'baru', now: w.now }));
  await insertTicketEvent(trx, {
    ticketId: w.ticket.id,
    kind: 'withdrawn',
    note: `Penugasan petugas ${assignment.staffName} dibatalkan${backToNew ? '; laporan menunggu penugasan petugas lain.' : '.'}`,
    statusFrom: backToNew ? 'proses' : null,
    statusTo: backToNew ? 'baru' : null,
    actorKind: 'staff',
    actorId: w.by.id,
    actorName: w.by.name,
    now: w.now,
  });
  const messages = await notifyWithdrawn(trx, w.ticket, assignment.staffPhone, w.now);
  return { assignment: (await findAssignment(trx, assignment.id))!, messages };
}
