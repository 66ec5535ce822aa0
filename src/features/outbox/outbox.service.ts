import type { Work } from '../../db/unit-of-work';
import { conflict, notFound } from '../../errors';
import { requeue } from './outbox-delivery.repository';
import { findOutbound, type OutboundRecord } from './outbox-query.repository';

/**
 * POST /outbox/:id/retry: queues a dead message again with a fresh attempt budget, audited as
 * `outbox.retry`; the sender is woken once it commits. 409 for a message that is not dead.
 */
export function retryDeadMessage(work: Work, id: number): Promise<OutboundRecord> {
  return work.run(async (u) => {
    const before = await findOutbound(u.trx, id);
    if (!before) throw notFound(`outbound message ${id}`);
    if (!(await requeue(u.trx, id, u.now))) {
      throw conflict(`message ${id} is ${before.status}; only a dead message can be retried`, { status: before.status });
    }
    u.queued(1);
    const after = (await findOutbound(u.trx, id))!;
    await u.audit({
      action: 'outbox.retry',
      entity: 'outbound_message',
      entityId: String(id),
      before: { status: before.status, attempts: before.attempts, lastError: before.lastError },
      after: { status: after.status, attempts: after.attempts },
    });
    return after;
  });
}
