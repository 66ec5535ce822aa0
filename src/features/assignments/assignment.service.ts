import type { Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { actorOf, type Actor, type Unit, type Work } from '../../db/unit-of-work';
import { AppError, conflict, notFound } from '../../errors';
import * as lifecycle from '../tickets/ticket-lifecycle.work';
import type { Ticket } from '../tickets/ticket.model';
import { findTicketByTrackingNo } from '../tickets/ticket.repository';
import { findAssignee, findAssignment, insertAssignment, listAssignmentsOfTicket, withdrawAssignmentRow } from './assignment.repository';
import type { Assignment } from './assignment.model';

/** What the audit log keeps of an assignment. */
const audited = (a: Assignment) => ({ id: a.id, staffId: a.staffId, staffName: a.staffName, note: a.note, status: a.status });

async function ticketOf(trx: Transaction<Database>, trackingNo: string): Promise<Ticket> {
  const ticket = await findTicketByTrackingNo(trx, trackingNo);
  if (!ticket) throw notFound(`ticket ${trackingNo}`);
  return ticket;
}

/**
 * Puts a technician (active staff of level TBO) on a ticket, inside `u`. A new or pending ticket
 * moves to `proses`; the first assignment's time is kept for the statistics. The technician and
 * the reporter are both told (ticket-lifecycle.ts).
 */
export async function assignTechnicianIn(
  u: Unit,
  a: { ticket: Ticket; staffId: string; note: string | null; by: Actor; now: number },
): Promise<Assignment> {
  const { trx } = u;
  return lifecycle.assign(u, a, async () => {
    const tech = await findAssignee(trx, a.staffId);
    if (!tech || tech.level !== 'TBO' || tech.status !== 'active') {
      throw new AppError('VALIDATION_FAILED', 'staffId: must be an active technician (TBO)', { field: 'staffId' });
    }
    const current = await listAssignmentsOfTicket(trx, a.ticket.id);
    if (current.some((x) => x.staffId === tech.id && x.status === 'active')) {
      throw conflict(`${tech.id} is already assigned to ${a.ticket.trackingNo}`, {
        reason: 'ALREADY_ASSIGNED',
        staffId: tech.id,
        trackingNo: a.ticket.trackingNo,
      });
    }
    const id = await insertAssignment(trx, { ticketId: a.ticket.id, staffId: tech.id, note: a.note, assignedBy: a.by.id, now: a.now });
    return (await findAssignment(trx, id))!;
  });
}

/** POST /tickets/:no/assignments: assigns, audited as `ticket.assign`. */
export function assignTechnician(work: Work, a: { trackingNo: string; staffId: string; note: string | null }): Promise<Assignment> {
  return work.run(async (u) => {
    const ticket = await ticketOf(u.trx, a.trackingNo);
    const assignment = await assignTechnicianIn(u, { ticket, staffId: a.staffId, note: a.note, by: actorOf(u), now: u.now });
    const after = (await findTicketByTrackingNo(u.trx, a.trackingNo))!;
    await u.audit({
      action: 'ticket.assign',
      entity: 'ticket',
      entityId: a.trackingNo,
      before: { status: ticket.status },
      after: { status: after.status, assignment: audited(assignment), notified: u.messages },
    });
    return assignment;
  });
}

/**
 * DELETE /tickets/:no/assignments/:id: takes a technician off a ticket, audited as
 * `ticket.withdraw`; the technician is told. What becomes of the ticket is the lifecycle's rule.
 */
export function withdrawAssignment(work: Work, w: { trackingNo: string; assignmentId: number }): Promise<Assignment> {
  return work.run(async (u) => {
    const ticket = await ticketOf(u.trx, w.trackingNo);
    const withdrawn = await lifecycle.withdraw(u, { ticket, by: actorOf(u), now: u.now }, async () => {
      const assignment = await findAssignment(u.trx, w.assignmentId);
      if (!assignment || assignment.ticketId !== ticket.id) throw notFound('assignment');
      if (!(await withdrawAssignmentRow(u.trx, assignment.id, actorOf(u).id, u.now)))
        throw conflict('assignment already withdrawn', { reason: 'ALREADY_WITHDRAWN' });
      return assignment;
    });
    const assignment = (await findAssignment(u.trx, withdrawn.id))!;
    await u.audit({
      action: 'ticket.withdraw',
      entity: 'ticket',
      entityId: w.trackingNo,
      before: { assignment: { ...audited(assignment), status: 'active' } },
      after: { assignment: audited(assignment), notified: u.messages },
    });
    return assignment;
  });
}
