import { actorOf, type Work } from '../../db/unit-of-work';
import { notFound } from '../../errors';
import { isActivelyAssigned } from '../assignments/assignment.repository';
import * as lifecycle from './ticket-lifecycle';
import type { TicketEvent, TicketStatus } from './ticket.model';
import { findTicketSummary, type TicketSummary } from './ticket-query.repository';
import { findTicketByTrackingNo, listTicketEvents } from './ticket.repository';

/**
 * POST /tickets/:no/events, a progress note from the dashboard (the book's "Input progress oleh
 * Admin"): into the history and to the reporter, audited as `ticket.note`. A technician (pass
 * `visibleTo`, their staff id) may write one only on a ticket actively assigned to them; any
 * other is not found. A technician's note is told as their progress.
 */
export function addTicketNote(work: Work, n: { trackingNo: string; note: string; visibleTo?: string | undefined }): Promise<TicketEvent> {
  return work.run(async (u) => {
    const ticket = await findTicketByTrackingNo(u.trx, n.trackingNo);
    if (!ticket || (n.visibleTo !== undefined && !(await isActivelyAssigned(u.trx, ticket.id, n.visibleTo)))) {
      throw notFound(`ticket ${n.trackingNo}`);
    }
    const technician = n.visibleTo !== undefined;
    const eventId = await lifecycle.note(u, { ticket, note: n.note, by: actorOf(u), technician, now: u.now });
    const event = (await listTicketEvents(u.trx, ticket.id)).find((e) => e.id === eventId)!;
    await u.audit({
      action: 'ticket.note',
      entity: 'ticket',
      entityId: ticket.trackingNo,
      after: { eventId: event.id, note: n.note, notified: u.messages },
    });
    return event;
  });
}

/**
 * PATCH /tickets/:no: moves a ticket along a move the desk may ask for (409 naming the current
 * status otherwise), audited as `ticket.status`; the reporter is told (ticket-lifecycle.ts).
 */
export function changeTicketStatus(work: Work, c: { trackingNo: string; to: TicketStatus; note: string | null }): Promise<TicketSummary> {
  return work.run(async (u) => {
    const before = await findTicketByTrackingNo(u.trx, c.trackingNo);
    if (!before) throw notFound(`ticket ${c.trackingNo}`);
    await lifecycle.change(u, { ticket: before, to: c.to, note: c.note, by: actorOf(u), now: u.now });
    const after = (await findTicketSummary(u.trx, c.trackingNo))!;
    await u.audit({
      action: 'ticket.status',
      entity: 'ticket',
      entityId: c.trackingNo,
      before: { status: before.status, finishedAt: before.finishedAt, closedAt: before.closedAt },
      after: { status: after.status, finishedAt: after.finishedAt, closedAt: after.closedAt, note: c.note },
    });
    return after;
  });
}
