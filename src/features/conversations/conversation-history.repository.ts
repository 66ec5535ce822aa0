import type { Executor } from '../../db/create-db';
import type { ChatCursor, ChatEntry, InboundEntry, OutboundEntry } from './conversation.model';

/*
 * A chat's whole conversation: what it sent (`inbound_chat_received`) and what went out to it
 * (`outbound_target_created`), read newest first from both indexes and merged here. Entries are
 * ordered by time, then inbound before outbound, then id: the cursor is that triple.
 */

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Later entries sort first. */
function compareNewestFirst(a: ChatCursor, b: ChatCursor): number {
  if (a.at !== b.at) return b.at - a.at;
  if (a.direction !== b.direction) return a.direction === 'out' ? -1 : 1;
  return b.id - a.id;
}

function inboundEntries(ex: Executor, chatId: string) {
  return ex
    .selectFrom('inbound_messages')
    .leftJoin('tickets', 'tickets.id', 'inbound_messages.ticket_id')
    .select([
      'inbound_messages.id',
      'inbound_messages.sender_phone',
      'inbound_messages.sender_name',
      'inbound_messages.body',
      'inbound_messages.media_url',
      'inbound_messages.media_filename',
      'inbound_messages.media_extension',
      'inbound_messages.status',
      'inbound_messages.command',
      'inbound_messages.received_at',
      'inbound_messages.draft_id',
      'tickets.tracking_no',
    ])
    .where('inbound_messages.chat_id', '=', chatId);
}

type InboundRow = Awaited<ReturnType<ReturnType<typeof inboundEntries>['execute']>>[number];

const toInboundEntry = (r: InboundRow): InboundEntry => ({
  direction: 'in',
  id: Number(r.id),
  at: Number(r.received_at),
  body: r.body,
  senderPhone: r.sender_phone,
  senderName: r.sender_name,
  media: r.media_url ? { url: r.media_url, filename: r.media_filename, extension: r.media_extension } : null,
  status: r.status,
  command: r.command,
  ticketTrackingNo: r.tracking_no,
  draftId: num(r.draft_id),
});

async function inboundBefore(ex: Executor, chatId: string, before: ChatCursor | null, limit: number): Promise<InboundEntry[]> {
  let q = inboundEntries(ex, chatId);
  if (before) {
    const c = before;
    q =
      c.direction === 'in'
        ? q.where((eb) =>
            eb.or([
              eb('inbound_messages.received_at', '<', c.at),
              eb.and([eb('inbound_messages.received_at', '=', c.at), eb('inbound_messages.id', '<', c.id)]),
            ]),
          )
        : q.where('inbound_messages.received_at', '<=', c.at);
  }
  const rows = await q.orderBy('inbound_messages.received_at', 'desc').orderBy('inbound_messages.id', 'desc').limit(limit).execute();
  return rows.map(toInboundEntry);
}

function outboundEntries(ex: Executor, chatId: string) {
  return ex
    .selectFrom('outbound_messages')
    .leftJoin('tickets', 'tickets.id', 'outbound_messages.ticket_id')
    .leftJoin('staff', 'staff.id', 'outbound_messages.staff_id')
    .select([
      'outbound_messages.id',
      'outbound_messages.body',
      'outbound_messages.kind',
      'outbound_messages.status',
      'outbound_messages.delivery_state',
      'outbound_messages.delivery_updated_at',
      'outbound_messages.sent_at',
      'outbound_messages.last_error',
      'outbound_messages.staff_id',
      'outbound_messages.created_at',
      'tickets.tracking_no',
      'staff.name as staff_name',
    ])
    .where('outbound_messages.target', '=', chatId);
}

type OutboundRow = Awaited<ReturnType<ReturnType<typeof outboundEntries>['execute']>>[number];

const toOutboundEntry = (r: OutboundRow): OutboundEntry => ({
  direction: 'out',
  id: Number(r.id),
  at: Number(r.created_at),
  body: r.body,
  kind: r.kind,
  status: r.status,
  deliveryState: r.delivery_state,
  deliveryUpdatedAt: num(r.delivery_updated_at),
  sentAt: num(r.sent_at),
  lastError: r.last_error,
  ticketTrackingNo: r.tracking_no,
  staff: r.staff_id === null ? null : { id: r.staff_id, name: r.staff_name },
});

async function outboundBefore(ex: Executor, chatId: string, before: ChatCursor | null, limit: number): Promise<OutboundEntry[]> {
  let q = outboundEntries(ex, chatId);
  if (before) {
    const c = before;
    q =
      c.direction === 'out'
        ? q.where((eb) =>
            eb.or([
              eb('outbound_messages.created_at', '<', c.at),
              eb.and([eb('outbound_messages.created_at', '=', c.at), eb('outbound_messages.id', '<', c.id)]),
            ]),
          )
        : q.where('outbound_messages.created_at', '<', c.at);
  }
  const rows = await q.orderBy('outbound_messages.created_at', 'desc').orderBy('outbound_messages.id', 'desc').limit(limit).execute();
  return rows.map(toOutboundEntry);
}

/**
 * The newest `limit` entries of the chat older than `before` (all when null), oldest first,
 * and whether older ones remain. Two indexed queries of at most `limit + 1` rows each.
 */
export async function listChatEntries(
  ex: Executor,
  chatId: string,
  before: ChatCursor | null,
  limit: number,
): Promise<{ entries: ChatEntry[]; hasOlder: boolean }> {
  const [inbound, outbound] = await Promise.all([
    inboundBefore(ex, chatId, before, limit + 1),
    outboundBefore(ex, chatId, before, limit + 1),
  ]);
  const merged: ChatEntry[] = [...inbound, ...outbound].sort(compareNewestFirst);
  return { entries: merged.slice(0, limit).reverse(), hasOlder: merged.length > limit };
}

/** One message the chat sent, or undefined when it is not this chat's. */
export async function findChatInbound(ex: Executor, chatId: string, id: number): Promise<InboundEntry | undefined> {
  const row = await inboundEntries(ex, chatId).where('inbound_messages.id', '=', id).executeTakeFirst();
  return row && toInboundEntry(row);
}

/** Ties a message the desk made a ticket of to that ticket, unless a command already tied it to one. */
export async function linkInboundToTicket(ex: Executor, id: number, ticketId: number): Promise<void> {
  await ex.updateTable('inbound_messages').set({ ticket_id: ticketId }).where('id', '=', id).where('ticket_id', 'is', null).execute();
}

/** One message that went out to the chat. */
export async function findChatOutbound(ex: Executor, chatId: string, id: number): Promise<OutboundEntry | undefined> {
  const row = await outboundEntries(ex, chatId).where('outbound_messages.id', '=', id).executeTakeFirst();
  return row && toOutboundEntry(row);
}
