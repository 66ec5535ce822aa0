import type { Request } from 'express';
import type { Clock } from '../../shared/clock';
import type { AuditEntry } from './audit.repository';

/** Who is writing, when, and from which request: what every audited write needs from the HTTP edge. */
export interface WriteContext {
  actor: { id: string; name: string } | null;
  now: number;
  requestId: string | null;
  ip: string | null;
}

/** The write context of an API request; the actor is the signed-in staff member, if any. */
export function writeContextOf(req: Request, clock: Clock): WriteContext {
  return {
    actor: req.auth ? { id: req.auth.staffId, name: req.auth.name } : null,
    now: clock.now(),
    requestId: req.id === undefined ? null : String(req.id),
    ip: req.ip ?? null,
  };
}

/** The audit entry of a write made in `ctx`. */
export function auditEntry(ctx: WriteContext, e: Pick<AuditEntry, 'action' | 'entity' | 'entityId' | 'before' | 'after'>): AuditEntry {
  return { ...e, actor: ctx.actor, now: ctx.now, requestId: ctx.requestId, ip: ctx.ip };
}
