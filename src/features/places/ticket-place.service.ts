import { actorOf, type Work } from '../../db/unit-of-work';
import { AppError, notFound } from '../../errors';
import { placeNote } from '../texts/place-history.texts';
import { findTicketSummary, type TicketSummary } from '../tickets/ticket-query.repository';
import { setTicketPlace } from '../tickets/ticket-place.repository';
import { insertTicketEvent } from '../tickets/ticket.repository';
import { findPlaceById } from './place.repository';

/**
 * PATCH /tickets/:no/place: the desk sets or corrects where the fault is (null: unknown). Written into
 * the history, audited as `ticket.place` with before and after. An inactive place is refused: the desk
 * picks among what the campus has now. Nothing changing writes nothing.
 */
export function setPlaceOfTicket(work: Work, c: { trackingNo: string; placeId: number | null }): Promise<TicketSummary> {
  return work.run(async (u) => {
    const before = await findTicketSummary(u.trx, c.trackingNo);
    if (!before) throw notFound(`ticket ${c.trackingNo}`);
    if (c.placeId !== null) {
      const place = await findPlaceById(u.trx, c.placeId);
      if (!place || !place.active) throw new AppError('VALIDATION_FAILED', `placeId: no active place ${c.placeId}`, { field: 'placeId' });
    }
    if (c.placeId === before.placeId) return before;

    await setTicketPlace(u.trx, before.id, c.placeId, u.now);
    const after = (await findTicketSummary(u.trx, c.trackingNo))!;
    const by = actorOf(u);
    await insertTicketEvent(u.trx, {
      ticketId: before.id,
      kind: 'place',
      note: placeNote(after.place),
      actorKind: 'staff',
      actorId: by.id,
      actorName: by.name,
      now: u.now,
    });
    await u.audit({
      action: 'ticket.place',
      entity: 'ticket',
      entityId: c.trackingNo,
      before: { place: before.place },
      after: { place: after.place },
    });
    return after;
  });
}
