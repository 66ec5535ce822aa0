import type { Request } from 'express';
import { unitOfWork, type Work } from '../db/unit-of-work';
import { auditEntry, writeContextOf } from '../features/audit/audit-context';
import { recordAudit } from '../features/audit/audit.repository';
import type { ApiDeps } from './api-deps';

/**
 * The write a request may make: the signed-in staff member, the request's time, id and IP in its
 * audit entry, and the outbox sender woken after commit when it queued messages.
 */
export function workOf(req: Request, deps: Pick<ApiDeps, 'db' | 'clock' | 'notifyOutbox'>): Work {
  const ctx = writeContextOf(req, deps.clock);
  return unitOfWork(deps.db, {
    now: ctx.now,
    actor: ctx.actor,
    writeAudit: (trx, entry) => recordAudit(trx, auditEntry(ctx, entry)),
    wake: deps.notifyOutbox,
  });
}
