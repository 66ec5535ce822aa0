import type { Executor } from '../../db/create-db';

export interface AuditEntry {
  actor: { id: string; name: string } | null;
  action: string;
  entity: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
  ip?: string | null;
  now: number;
}

/** Records one write made through the API. Call it in the write's own transaction. */
export async function recordAudit(ex: Executor, e: AuditEntry): Promise<void> {
  await ex
    .insertInto('audit_log')
    .values({
      actor_id: e.actor?.id ?? null,
      actor_name: e.actor?.name ?? null,
      action: e.action,
      entity: e.entity,
      entity_id: e.entityId,
      before_json: e.before === undefined ? null : JSON.stringify(e.before),
      after_json: e.after === undefined ? null : JSON.stringify(e.after),
      request_id: e.requestId ?? null,
      ip: e.ip ?? null,
      created_at: e.now,
    })
    .execute();
}
