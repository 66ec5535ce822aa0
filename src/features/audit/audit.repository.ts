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

/** One stored audit row, JSON bodies parsed back. */
export interface AuditRecord {
  id: number;
  actor: { id: string; name: string | null } | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
  createdAt: number;
}

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  actorId?: string;
  /** Inclusive, epoch ms. */
  from?: number;
  /** Exclusive, epoch ms, so consecutive ranges never overlap. */
  to?: number;
}

function filteredAudit(ex: Executor, f: AuditFilter) {
  let q = ex.selectFrom('audit_log');
  if (f.entity) q = q.where('entity', '=', f.entity);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  if (f.from !== undefined) q = q.where('created_at', '>=', f.from);
  if (f.to !== undefined) q = q.where('created_at', '<', f.to);
  return q;
}

const parseJson = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

/** One page of the audit log, newest first, and how many rows match in all. */
export async function listAudit(
  ex: Executor,
  f: AuditFilter,
  page: { offset: number; limit: number },
): Promise<{ items: AuditRecord[]; total: number }> {
  const rows = await filteredAudit(ex, f).selectAll().orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
  const { total } = await filteredAudit(ex, f)
    .select((eb) => eb.fn.countAll().as('total'))
    .executeTakeFirstOrThrow();
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      actor: r.actor_id === null ? null : { id: r.actor_id, name: r.actor_name },
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      before: parseJson(r.before_json),
      after: parseJson(r.after_json),
      requestId: r.request_id,
      ip: r.ip,
      createdAt: Number(r.created_at),
    })),
    total: Number(total),
  };
}
