import { sql } from 'kysely';
import type { Db, Executor } from '../../db/create-db';
import { inTransaction } from '../../db/transaction';

/** A row a worker has claimed and may now send; it owns the row while `claimToken` matches. */
export interface ClaimedMessage {
  id: number;
  target: string;
  body: string;
  kind: string;
  ticketId: number | null;
  /** Including the attempt just claimed. */
  attempts: number;
  /** When it was queued: a message is given up only once it is both old and often tried. */
  createdAt: number;
  claimToken: string;
  /** After this moment another worker may claim the row again. */
  leaseExpiresAt: number;
}

export interface ClaimOptions {
  now: number;
  limit: number;
  /** How long the claim lasts; it must outlive one send, or the row may be sent twice. */
  leaseMs: number;
  /** Fresh for every claim batch (a uuid); later updates must present it. */
  token: string;
}

/**
 * The rows due at `now`, oldest first. Exported so a test can EXPLAIN it:
 * index `outbound_due (due_at, id)` serves the filter and the order, so no filesort.
 */
export function selectDue(ex: Executor, now: number, limit: number) {
  return ex
    .selectFrom('outbound_messages')
    .select(['id', 'target', 'body', 'kind', 'ticket_id', 'attempts', 'created_at'])
    .where('due_at', '<=', now)
    .orderBy('due_at')
    .orderBy('id')
    .limit(limit);
}

/**
 * Atomically takes up to `limit` due rows: status 'sending', the batch's token,
 * one more attempt, and due_at pushed to the end of the lease, so a worker that
 * dies mid-send leaves a row that becomes due again when the lease runs out.
 * Two concurrent callers never get the same row.
 */
export async function claimDue(db: Db, opts: ClaimOptions): Promise<ClaimedMessage[]> {
  const { now, limit, leaseMs, token } = opts;
  if (limit <= 0) return [];
  const leaseExpiresAt = now + leaseMs;
  return inTransaction(db, async (trx) => {
    let due = selectDue(trx, now, limit);
    // MySQL: lock the chosen rows and let a concurrent claimer skip them instead of
    // waiting. SQLite has no row locks, and needs none: it has a single writer.
    if (db.dialect === 'mysql') due = due.forUpdate().skipLocked();
    const rows = await due.execute();
    if (rows.length === 0) return [];
    await trx
      .updateTable('outbound_messages')
      .set({
        status: 'sending',
        claim_token: token,
        attempts: sql<number>`attempts + 1`,
        due_at: leaseExpiresAt,
        updated_at: now,
      })
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    return rows.map((r) => ({
      id: Number(r.id),
      target: r.target,
      body: r.body,
      kind: r.kind,
      ticketId: r.ticket_id === null ? null : Number(r.ticket_id),
      attempts: Number(r.attempts) + 1,
      createdAt: Number(r.created_at),
      claimToken: token,
      leaseExpiresAt,
    }));
  });
}

/**
 * Ends a claim with the given changes, only if `token` still owns the row.
 * False means the lease expired and another worker took the row: its outcome stands.
 */
async function finishClaim(
  ex: Executor,
  id: number,
  token: string,
  changes: {
    status: 'sent' | 'retry' | 'dead' | 'dry_run';
    now: number;
    dueAt: number | null;
    lastError?: string;
    providerId?: string | null;
    sentAt?: number;
  },
): Promise<boolean> {
  const result = await ex
    .updateTable('outbound_messages')
    .set({
      status: changes.status,
      due_at: changes.dueAt,
      claim_token: null,
      updated_at: changes.now,
      ...(changes.lastError !== undefined && { last_error: changes.lastError }),
      ...(changes.providerId !== undefined && { provider_id: changes.providerId }),
      ...(changes.sentAt !== undefined && { sent_at: changes.sentAt }),
    })
    .where('id', '=', id)
    .where('claim_token', '=', token)
    .where('status', '=', 'sending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Records that Fonnte accepted the message. Returns false if the claim was lost. */
export function markSent(ex: Executor, id: number, token: string, o: { now: number; providerId?: string | null }): Promise<boolean> {
  return finishClaim(ex, id, token, { status: 'sent', now: o.now, dueAt: null, sentAt: o.now, providerId: o.providerId ?? null });
}

/** Schedules another attempt at `dueAt`, keeping the reason. Returns false if the claim was lost. */
export function markRetry(ex: Executor, id: number, token: string, o: { now: number; dueAt: number; error: string }): Promise<boolean> {
  return finishClaim(ex, id, token, { status: 'retry', now: o.now, dueAt: o.dueAt, lastError: o.error });
}

/** Gives up on the message for good, keeping the reason. Returns false if the claim was lost. */
export function markDead(ex: Executor, id: number, token: string, o: { now: number; error: string }): Promise<boolean> {
  return finishClaim(ex, id, token, { status: 'dead', now: o.now, dueAt: null, lastError: o.error });
}

/** Records that the message was only logged (no Fonnte token). Returns false if the claim was lost. */
export function markDryRun(ex: Executor, id: number, token: string, o: { now: number }): Promise<boolean> {
  return finishClaim(ex, id, token, { status: 'dry_run', now: o.now, dueAt: null });
}

/**
 * Gives back claimed rows that were never sent (the worker is stopping, or the lease left
 * too little time for a send): due again now, the attempt not counted.
 */
export async function releaseClaims(ex: Executor, ids: readonly number[], token: string, now: number): Promise<void> {
  if (ids.length === 0) return;
  await ex
    .updateTable('outbound_messages')
    .set({
      status: sql<'queued' | 'retry'>`case when attempts > 1 then 'retry' else 'queued' end`,
      attempts: sql<number>`attempts - 1`,
      due_at: now,
      claim_token: null,
      updated_at: now,
    })
    .where('id', 'in', [...ids])
    .where('claim_token', '=', token)
    .where('status', '=', 'sending')
    .execute();
}

/**
 * Puts a dead message back in the queue with a fresh attempt budget (an admin's
 * "retry"); last_error stays so the dashboard still shows why it died.
 * Returns false if the message is not dead.
 */
export async function requeue(ex: Executor, id: number, now: number): Promise<boolean> {
  const result = await ex
    .updateTable('outbound_messages')
    .set({ status: 'queued', due_at: now, attempts: 0, claim_token: null, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'dead')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
