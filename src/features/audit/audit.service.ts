import type { Db } from '../../db/create-db';
import { offsetOf, type Page } from '../../shared/page';
import { listAudit, type AuditRecord } from './audit.repository';
import type { AuditListQuery } from './audit.schema';

/** A page of the audit log, newest first. */
export async function listAuditPage(db: Db, q: AuditListQuery): Promise<Page<AuditRecord>> {
  const filter = { entity: q.entity, entityId: q.entityId, actorId: q.actor, from: q.from, to: q.to };
  const { items, total } = await listAudit(db.kysely, filter, { offset: offsetOf(q), limit: q.pageSize });
  return { items, total, page: q.page, pageSize: q.pageSize };
}
