import { actorOf, type Work } from '../../db/unit-of-work';
import type { TicketPriority } from '../../db/database';
import { AppError, notFound } from '../../errors';
import { recomputeClocks } from '../sla/sla-clock.service';
import { classificationNote } from '../texts/classification.texts';
import { findTicketSummary, type TicketSummary } from '../tickets/ticket-query.repository';
import { insertTicketEvent } from '../tickets/ticket.repository';
import { findCategoryById } from './category.repository';
import { setTicketClassification } from './ticket-classification.repository';

export interface ClassificationChange {
  trackingNo: string;
  /** A category id, null to take it away, undefined to keep it. */
  categoryId?: number | null | undefined;
  priority?: TicketPriority | undefined;
}

/**
 * PATCH /tickets/:no/classification: the desk sets the category and/or priority. Written into the
 * history (what changed), audited as `ticket.classify` with before and after, and every SLA due
 * computed again with the new targets in the same transaction. Nothing changing writes nothing.
 */
export function classifyTicket(work: Work, c: ClassificationChange): Promise<TicketSummary> {
  return work.run(async (u) => {
    const before = await findTicketSummary(u.trx, c.trackingNo);
    if (!before) throw notFound(`ticket ${c.trackingNo}`);
    const category = c.categoryId ? await findCategoryById(u.trx, c.categoryId) : null;
    if (c.categoryId && (!category || !category.active)) {
      throw new AppError('VALIDATION_FAILED', `categoryId: no active category ${c.categoryId}`, { field: 'categoryId' });
    }
    const categoryId = c.categoryId === undefined ? before.categoryId : c.categoryId;
    const priority = c.priority ?? before.priority;
    const categoryChanged = categoryId !== before.categoryId;
    const priorityChanged = priority !== before.priority;
    if (!categoryChanged && !priorityChanged) return before;

    await setTicketClassification(u.trx, before.id, { categoryId, priority }, u.now);
    const by = actorOf(u);
    await insertTicketEvent(u.trx, {
      ticketId: before.id,
      kind: 'classification',
      note: classificationNote({
        ...(categoryChanged && { category: category?.name ?? null }),
        ...(priorityChanged && { priority }),
      }),
      actorKind: 'staff',
      actorId: by.id,
      actorName: by.name,
      now: u.now,
    });
    await recomputeClocks(u.trx, before.id, u.now);
    const after = (await findTicketSummary(u.trx, c.trackingNo))!;
    const view = (t: TicketSummary) => ({ category: t.category, priority: t.priority });
    await u.audit({ action: 'ticket.classify', entity: 'ticket', entityId: c.trackingNo, before: view(before), after: view(after) });
    return after;
  });
}
