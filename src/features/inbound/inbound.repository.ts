import type { Selectable, Transaction } from 'kysely';
import type { Executor } from '../../db/create-db';
import type { Database, InboundMessagesTable, InboundStatus } from '../../db/database';

/** An incoming WhatsApp message as the command layer sees it. */
export interface InboundMessage {
  id: number;
  /** Where a reply goes: the sender's number, or the group id for a group message. */
  chatId: string;
  /** The person who wrote it (the member, in a group). */
  senderPhone: string;
  senderName: string | null;
  isGroup: boolean;
  body: string;
  media: { url: string; filename: string | null; extension: string | null } | null;
  status: InboundStatus;
  receivedAt: number;
}

const toInbound = (r: Selectable<InboundMessagesTable>): InboundMessage => ({
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

/** Stores a delivery; throws the driver's unique violation when the dedupe key was seen before. */
export async function insertInbound(ex: Executor, m: NewInbound): Promise<number> {
  const result = await ex
    .insertInto('inbound_messages')
    .values({
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
    })
    .executeTakeFirstOrThrow();
  return Number(result.insertId);
}

export async function dedupeKeyExists(ex: Executor, key: string): Promise<boolean> {
  const row = await ex.selectFrom('inbound_messages').select('id').where('dedupe_key', '=', key).executeTakeFirst();
  return row !== undefined;
}

/**
 * Takes a pending message for processing inside `trx`. The conditional UPDATE is
 * the lock: a second processor of the same message finds nothing to take.
 */
export async function takePendingInbound(trx: Transaction<Database>, id: number, now: number): Promise<InboundMessage | undefined> {
  const taken = await trx
    .updateTable('inbound_messages')
    .set({ status: 'processed', processed_at: now })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) !== 1) return undefined;
  const row = await trx.selectFrom('inbound_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return toInbound(row);
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

/** Messages acknowledged to Fonnte but never processed (the process died in between). */
export async function listStalePending(ex: Executor, receivedBefore: number, limit: number): Promise<number[]> {
  const rows = await ex
    .selectFrom('inbound_messages')
    .select('id')
    .where('status', '=', 'pending')
    .where('received_at', '<=', receivedBefore)
    .orderBy('received_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export async function findInboundByDedupeKey(ex: Executor, key: string): Promise<InboundMessage | undefined> {
  const row = await ex.selectFrom('inbound_messages').selectAll().where('dedupe_key', '=', key).executeTakeFirst();
  return row && toInbound(row);
}
