import { toIso } from '../../http/fields.schema';
import type { AuditRecord } from './audit.repository';
import type { AuditEntryView } from './audit.schema';

/** The public shape of an audit row; before/after are the snapshots the writer stored. */
export function presentAudit(a: AuditRecord): AuditEntryView {
  return {
    id: a.id,
    at: toIso(a.createdAt),
    actor: a.actor,
    action: a.action,
    entity: a.entity,
    entityId: a.entityId,
    before: a.before,
    after: a.after,
    requestId: a.requestId,
    ip: a.ip,
  };
}
