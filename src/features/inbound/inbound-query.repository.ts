import type { InboundMessage } from './inbound.model';
import { sql, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../../db/create-db';
import type { Database, InboundStatus } from '../../db/database';
import { containsText } from '../../db/like';

/** Filters of the incoming message log (the book's tb_in). */
export interface InboundFilter {
  /** Normalised phone of the person who wrote it. */
  senderPhone?: string;
  statuses?: readonly InboundStatus[];
  command?: string;
  /** Upper-cased tracking number of the ticket the message was about. */
  trackingNo?: string;
  /** Inclusive epoch ms. */
  receivedFrom?: number;
  /** Exclusive epoch ms. */
  receivedTo?: number;
  /** Substring of the body. */
  q?: string;
}

/** An incoming message as the admin log shows it (the chat side's view plus its outcome); the raw payload stays in the database. */
export interface InboundRecord extends InboundMessage {
  messageType: string | null;
  command: string | null;
  ticketTrackingNo: string | null;
  error: string | null;
  sentAt: number | null;
  processedAt: number | null;
}

type Eb = ExpressionBuilder<Database, 'inbound_messages'>;

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function conditions(eb: Eb, f: InboundFilter) {
  const c = [];
  if (f.senderPhone) c.push(eb('inbound_messages.sender_phone', '=', f.senderPhone));
  if (f.statuses?.length) c.push(eb('inbound_messages.status', 'in', [...f.statuses]));
  if (f.command) c.push(eb('inbound_messages.command', '=', f.command));
  if (f.trackingNo) {
    c.push(
      eb('inbound_messages.ticket_id', 'in', eb.selectFrom('tickets').select('tickets.id').where('tickets.tracking_no', '=', f.trackingNo)),
    );
  }
  if (f.receivedFrom !== undefined) c.push(eb('inbound_messages.received_at', '>=', f.receivedFrom));
  if (f.receivedTo !== undefined) c.push(eb('inbound_messages.received_at', '<', f.receivedTo));
  if (f.q) c.push(containsText(sql.ref('inbound_messages.body'), f.q));
  return c;
}

function filtered<O>(qb: SelectQueryBuilder<Database, 'inbound_messages', O>, f: InboundFilter) {
  return qb.where((eb) => {
    const c = conditions(eb, f);
    return c.length ? eb.and(c) : sql<SqlBool>`1 = 1`;
  });
}

function records(ex: Executor) {
  return ex
    .selectFrom('inbound_messages')
    .leftJoin('tickets', 'tickets.id', 'inbound_messages.ticket_id')
    .select([
      'inbound_messages.id',
      'inbound_messages.chat_id',
      'inbound_messages.sender_phone',
      'inbound_messages.sender_name',
      'inbound_messages.is_group',
      'inbound_messages.body',
      'inbound_messages.message_type',
      'inbound_messages.media_url',
      'inbound_messages.media_filename',
      'inbound_messages.media_extension',
      'inbound_messages.status',
      'inbound_messages.command',
      'inbound_messages.error',
      'inbound_messages.sent_at',
      'inbound_messages.received_at',
      'inbound_messages.processed_at',
      'tickets.tracking_no',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof records>['execute']>>[number];

const toRecord = (r: Row): InboundRecord => ({
  id: Number(r.id),
  chatId: r.chat_id,
  senderPhone: r.sender_phone,
  senderName: r.sender_name,
  isGroup: Number(r.is_group) === 1,
  body: r.body,
  messageType: r.message_type,
  media: r.media_url ? { url: r.media_url, filename: r.media_filename, extension: r.media_extension } : null,
  status: r.status,
  command: r.command,
  ticketTrackingNo: r.tracking_no,
  error: r.error,
  sentAt: num(r.sent_at),
  receivedAt: Number(r.received_at),
  processedAt: num(r.processed_at),
});

/** One page of the log, newest first: one query. */
export async function listInbound(ex: Executor, f: InboundFilter, page: { limit: number; offset: number }): Promise<InboundRecord[]> {
  const rows = await filtered(records(ex), f)
    .orderBy('inbound_messages.received_at', 'desc')
    .orderBy('inbound_messages.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map(toRecord);
}

/** How many messages match: one query. */
export async function countInbound(ex: Executor, f: InboundFilter): Promise<number> {
  const row = await filtered(
    ex.selectFrom('inbound_messages').select((eb) => eb.fn.countAll().as('n')),
    f,
  ).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every message about one ticket, oldest first. */
export async function listInboundOfTicket(ex: Executor, ticketId: number): Promise<InboundRecord[]> {
  const rows = await records(ex).where('inbound_messages.ticket_id', '=', ticketId).orderBy('inbound_messages.id').execute();
  return rows.map(toRecord);
}
