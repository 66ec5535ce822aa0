import { sql, type Selectable, type Transaction } from 'kysely';
import type { Dialect, Executor } from '../../db/create-db';
import type { Database, InboundMessagesTable } from '../../db/database';
import type { InboundMessage } from './inbound.model';

/** What handling a message reads of its row: not the raw payload, the largest column, which only the desk's views show. */
const HANDLED_COLUMNS = [
  'id',
  'chat_id',
  'sender_phone',
  'sender_name',
  'is_group',
  'body',
  'media_url',
  'media_filename',
  'media_extension',
  'status',
  'received_at',
] as const;

const toInbound = (r: Pick<Selectable<InboundMessagesTable>, (typeof HANDLED_COLUMNS)[number]>): InboundMessage => ({
  id: r.id,
  chatId: r.chat_id,
  senderPhone: r.sender_phone,
  senderName: r.sender_name,
  isGroup: r.is_group === 1,
  body: r.body,
  media: r.media_url ? { url: r.media_url, filename: r.media_filename, extension: r.media_extension } : null,
  status: r.status,
  receivedAt: Number(r.received_at),
});

export interface NewInbound {
  dedupeKey: string;
  device: string | null;
  chatId: string;
  senderPhone: string;
  senderName: string | null;
  isGroup: boolean;
  body: string;
  messageType: string | null;
  media: { url: string; filename: string | null; extension: string | null } | null;
  rawPayload: string;
  status: 'pending' | 'ignored';
  error?: string | null;
  sentAt: number | null;
  receivedAt: number;
}

/**
 * Stores deliveries in one INSERT (all or none); throws the driver's unique violation when a dedupe key
 * was seen before, in which case none of them is stored.
 */
export async function insertInbounds(ex: Executor, rows: readonly NewInbound[]): Promise<void> {
  await ex
    .insertInto('inbound_messages')
    .values(
      rows.map((m) => ({
        dedupe_key: m.dedupeKey,
        device: m.device,
        chat_id: m.chatId,
        sender_phone: m.senderPhone,
        sender_name: m.senderName,
        is_group: m.isGroup ? 1 : 0,
        body: m.body,
        message_type: m.messageType,
        media_url: m.media?.url ?? null,
        media_filename: m.media?.filename ?? null,
        media_extension: m.media?.extension ?? null,
        raw_payload: m.rawPayload,
        status: m.status,
        error: m.error ?? null,
        sent_at: m.sentAt,
        received_at: m.receivedAt,
        processed_at: m.status === 'ignored' ? m.receivedAt : null,
      })),
    )
    .execute();
}

export async function dedupeKeyExists(ex: Executor, key: string): Promise<boolean> {
  const row = await ex.selectFrom('inbound_messages').select('id').where('dedupe_key', '=', key).executeTakeFirst();
  return row !== undefined;
}

/**
 * Takes pending messages for processing inside `trx`, oldest first: a batch of up to
 * `limit`, or the one message `id`. On MySQL the rows stay locked until `trx` ends and a
 * concurrent batch skips them (index inbound_status_received serves filter and order);
 * SQLite has a single writer, so a second process taking the same rows fails to commit
 * and runs again. Callers must set each row's outcome in `trx`.
 */
export async function takePendingInbound(
  trx: Transaction<Database>,
  dialect: Dialect,
  which: { limit: number } | { id: number },
): Promise<InboundMessage[]> {
  let query = trx.selectFrom('inbound_messages').select(HANDLED_COLUMNS).where('status', '=', 'pending');
  query = 'id' in which ? query.where('id', '=', which.id) : query.orderBy('received_at').orderBy('id').limit(which.limit);
  if (dialect === 'mysql') query = 'id' in which ? query.forUpdate() : query.forUpdate().skipLocked();
  return (await query.execute()).map(toInbound);
}

export interface InboundOutcome {
  status: 'processed' | 'ignored' | 'failed';
  command?: string | null;
  ticketId?: number | null;
  error?: string | null;
  now: number;
}

export async function recordInboundOutcome(ex: Executor, id: number, o: InboundOutcome): Promise<void> {
  await ex
    .updateTable('inbound_messages')
    .set({
      status: o.status,
      command: o.command ?? null,
      ticket_id: o.ticketId ?? null,
      error: o.error ?? null,
      processed_at: o.now,
    })
    .where('id', '=', id)
    .execute();
}

/** Records the outcome of every message of a batch with one UPDATE. */
export async function recordInboundOutcomes(
  ex: Executor,
  outcomes: ReadonlyArray<{ id: number; status: 'processed' | 'ignored'; command: string | null; ticketId: number | null }>,
  now: number,
): Promise<void> {
  if (outcomes.length === 0) return;
  const byId = <T>(pick: (o: (typeof outcomes)[number]) => T) =>
    sql<T>`case id ${sql.join(
      outcomes.map((o) => sql`when ${o.id} then ${pick(o)}`),
      sql` `,
    )} end`;
  await ex
    .updateTable('inbound_messages')
    .set({
      status: byId((o) => o.status),
      command: byId((o) => o.command),
      ticket_id: byId((o) => o.ticketId),
      error: null,
      processed_at: now,
    })
    .where(
      'id',
      'in',
      outcomes.map((o) => o.id),
    )
    .execute();
}

/** The message joined a draft: at once, so a YA later in the same batch finds its photo. */
export async function linkInboundToDraft(ex: Executor, id: number, draftId: number): Promise<void> {
  await ex.updateTable('inbound_messages').set({ draft_id: draftId }).where('id', '=', id).execute();
}

/** The photos and files sent with the messages that joined a draft, in the order they came. */
export async function listDraftMedia(
  ex: Executor,
  draftId: number,
): Promise<Array<{ inboundMessageId: number; url: string; filename: string | null }>> {
  const rows = await ex
    .selectFrom('inbound_messages')
    .select(['id', 'media_url', 'media_filename'])
    .where('draft_id', '=', draftId)
    .where('media_url', 'is not', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ inboundMessageId: r.id, url: r.media_url!, filename: r.media_filename }));
}

export async function findInboundByDedupeKey(ex: Executor, key: string): Promise<InboundMessage | undefined> {
  const row = await ex.selectFrom('inbound_messages').select(HANDLED_COLUMNS).where('dedupe_key', '=', key).executeTakeFirst();
  return row && toInbound(row);
}
