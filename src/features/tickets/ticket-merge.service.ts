import { actorOf, type Work } from '../../db/unit-of-work';
import { notFound } from '../../errors';
import { merge } from './ticket-merge-moves';
import { findTicketSummary, type TicketSummary } from './ticket-query.repository';
import { findTicketByTrackingNo } from './ticket.repository';

/**
 * POST /tickets/:no/merge: the desk merges a ticket into another about the same fault
 * (ticket-merge-moves.ts `merge` says what that does and refuses). Audited as `ticket.merge` on the
 * merged ticket, naming the main one. Returns the merged ticket's summary.
 */
export function mergeTicket(work: Work, m: { trackingNo: string; into: string }): Promise<TicketSummary> {
  return work.run(async (u) => {
    const ticket = await findTicketByTrackingNo(u.trx, m.trackingNo);
    if (!ticket) throw notFound(`ticket ${m.trackingNo}`);
    const into = await findTicketByTrackingNo(u.trx, m.into);
    if (!into) throw notFound(`ticket ${m.into}`);
    await merge(u, { ticket, into, by: actorOf(u), now: u.now });
    await u.audit({
      action: 'ticket.merge',
      entity: 'ticket',
      entityId: ticket.trackingNo,
      before: { mergedInto: null },
      after: { mergedInto: into.trackingNo },
    });
    return (await findTicketSummary(u.trx, ticket.trackingNo))!;
  });
}
