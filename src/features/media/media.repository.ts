import { sql, type Transaction } from 'kysely';
import type { Db, Executor } from '../../db/create-db';
import type { Database, MediaStatus } from '../../db/database';
import { inTransaction } from '../../db/transaction';

export interface NewMedia {
  ticketId: number;
  ticketEventId: number | null;
  inboundMessageId: number | null;
  sourceUrl: string;
  originalFilename: string | null;
  now: number;
}

/**
 * Queues a download of a file Fonnte keeps for 30 minutes only. Called in the transaction
 * that records the message it came with, so the ticket exists even if the download fails.
 */
export async function queueMediaDownload(trx: Transaction<Database>, m: NewMedia): Promise<number> {
  const result = await trx
    .insertInto('media')
    .values({
      ticket_id: m.ticketId,
      ticket_event_id: m.ticketEventId,
      inbound_message_id: m.inboundMessageId,
      source_url: m.sourceUrl,
      original_filename: m.originalFilename,
      status: 'pending',
      attempts: 0,
      due_at: m.now,
      created_at: m.now,
      updated_at: m.now,
    })
    .executeTakeFirstOrThrow();
  return Number(result.insertId);
}

/** A media row a worker has claimed; it owns the row while `claimToken` matches. */
export interface ClaimedMedia {
  id: number;
  ticketId: number;
  sourceUrl: string;
  /** Including the attempt just claimed. */
  attempts: number;
  createdAt: number;
  claimToken: string;
}

/**
 * Atomically takes up to `limit` due downloads, as claimDue does for the outbox: status
 * 'downloading', the batch's token, one more attempt, due_at at the end of the lease, so a
 * worker that dies mid-download leaves a row that is due again when the lease runs out.
 */
export async function claimDueMedia(db: Db, o: { now: number; limit: number; leaseMs: number; token: string }): Promise<ClaimedMedia[]> {
  if (o.limit <= 0) return [];
  return inTransaction(db, async (trx) => {
    // Index media_due (due_at, id) serves the filter and the order.
    let candidates = trx.selectFrom('media').select('id').where('due_at', '<=', o.now).orderBy('due_at').orderBy('id').limit(o.limit);
    // MySQL: skip rows another worker is claiming instead of waiting; SQLite has a single writer.
    if (db.dialect === 'mysql') candidates = candidates.forUpdate().skipLocked();
    const ids = (await candidates.execute()).map((r) => r.id);
    if (ids.length === 0) return [];
    await trx
      .updateTable('media')
      .set({
        status: 'downloading',
        claim_token: o.token,
        attempts: sql<number>`attempts + 1`,
        due_at: o.now + o.leaseMs,
        updated_at: o.now,
      })
      .where('id', 'in', ids)
      .execute();
    const rows = await trx
      .selectFrom('media')
      .select(['id', 'ticket_id', 'source_url', 'attempts', 'created_at'])
      .where('id', 'in', ids)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: Number(r.id),
      ticketId: Number(r.ticket_id),
      sourceUrl: r.source_url,
      attempts: Number(r.attempts),
      createdAt: Number(r.created_at),
      claimToken: o.token,
    }));
  });
}

/** Ends a claim, only if `token` still owns the row. False: the lease expired and another worker has it. */
async function finishClaim(
  ex: Executor,
  id: number,
  token: string,
  changes: { status: MediaStatus; now: number; dueAt: number | null; error: string | null; file?: StoredFile },
): Promise<boolean> {
  const result = await ex
    .updateTable('media')
    .set({
      status: changes.status,
      due_at: changes.dueAt,
      claim_token: null,
      error: changes.error,
      updated_at: changes.now,
      ...(changes.file && {
        content_type: changes.file.contentType,
        size_bytes: changes.file.sizeBytes,
        sha256: changes.file.sha256,
        storage_path: changes.file.storagePath,
      }),
    })
    .where('id', '=', id)
    .where('claim_token', '=', token)
    .where('status', '=', 'downloading')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface StoredFile {
  contentType: string;
  sizeBytes: number;
  sha256: string;
  /** Relative to MEDIA_DIR, with forward slashes. */
  storagePath: string;
}

/** Records the file on disk. Returns false if the claim was lost. */
export function markMediaStored(ex: Executor, id: number, token: string, o: { now: number; file: StoredFile }): Promise<boolean> {
  return finishClaim(ex, id, token, { status: 'stored', now: o.now, dueAt: null, error: null, file: o.file });
}

/** Schedules another try at `dueAt`, keeping the reason. Returns false if the claim was lost. */
export function markMediaRetry(
  ex: Executor,
  id: number,
  token: string,
  o: { now: number; dueAt: number; error: string },
): Promise<boolean> {
  return finishClaim(ex, id, token, { status: 'pending', now: o.now, dueAt: o.dueAt, error: o.error });
}

/** Gives up for good, keeping the reason. Returns false if the claim was lost. */
export function markMediaFailed(ex: Executor, id: number, token: string, o: { now: number; error: string }): Promise<boolean> {
  return finishClaim(ex, id, token, { status: 'failed', now: o.now, dueAt: null, error: o.error });
}

/** What serving a file needs to know. */
export interface MediaFile {
  id: number;
  ticketId: number;
  ticketEventId: number | null;
  status: MediaStatus;
  contentType: string | null;
  sizeBytes: number | null;
  sha256: string | null;
  storagePath: string | null;
  error: string | null;
}

export async function findMedia(ex: Executor, id: number): Promise<MediaFile | undefined> {
  const r = await ex
    .selectFrom('media')
    .select(['id', 'ticket_id', 'ticket_event_id', 'status', 'content_type', 'size_bytes', 'sha256', 'storage_path', 'error'])
    .where('id', '=', id)
    .executeTakeFirst();
  return (
    r && {
      id: Number(r.id),
      ticketId: Number(r.ticket_id),
      ticketEventId: r.ticket_event_id === null ? null : Number(r.ticket_event_id),
      status: r.status,
      contentType: r.content_type,
      sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes),
      sha256: r.sha256,
      storagePath: r.storage_path,
      error: r.error,
    }
  );
}

/** A ticket's files for its detail page: what the dashboard loads through GET /api/media/:id. */
export interface MediaSummary {
  id: number;
  status: MediaStatus;
  contentType: string | null;
  sizeBytes: number | null;
  ticketEventId: number | null;
  inboundMessageId: number | null;
  createdAt: number;
}

export async function listMediaOfTicket(ex: Executor, ticketId: number): Promise<MediaSummary[]> {
  const rows = await ex
    .selectFrom('media')
    .select(['id', 'status', 'content_type', 'size_bytes', 'ticket_event_id', 'inbound_message_id', 'created_at'])
    .where('ticket_id', '=', ticketId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    status: r.status,
    contentType: r.content_type,
    sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes),
    ticketEventId: r.ticket_event_id === null ? null : Number(r.ticket_event_id),
    inboundMessageId: r.inbound_message_id === null ? null : Number(r.inbound_message_id),
    createdAt: Number(r.created_at),
  }));
}
