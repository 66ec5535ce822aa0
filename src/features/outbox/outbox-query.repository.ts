import { sql, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../../db/create-db';
import type { Database, OutboundStatus } from '../../db/database';

/** Filters of the outbox (delivery states of everything the service sends). */
export interface OutboundFilter {
  statuses?: readonly OutboundStatus[];
  kinds?: readonly string[];
  /** A normalised phone or a group id. */
  target?: string;
  /** Upper-cased tracking number of the ticket the message is about. */
  trackingNo?: string;
}

export interface OutboundRecord {
  id: number;
  target: string;
  body: string;
  kind: string;
  ticketTrackingNo: string | null;
  inboundMessageId: number | null;
  status: OutboundStatus;
  attempts: number;
  dueAt: number | null;
  lastError: string | null;
  providerId: string | null;
  /** Fonnte's last reported state (sent, delivered, read…), from its status webhook. */
  deliveryState: string | null;
  deliveryUpdatedAt: number | null;
  createdAt: number;
  updatedAt: number;
  sentAt: number | null;
  /** The desk member who wrote it by hand (a desk message); null for what the service writes. */
  writtenBy: { id: string; name: string } | null;
}

type Eb = ExpressionBuilder<Database, 'outbound_messages'>;

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function conditions(eb: Eb, f: OutboundFilter) {
  const c = [];
  if (f.statuses?.length) c.push(eb('outbound_messages.status', 'in', [...f.statuses]));
  if (f.kinds?.length) c.push(eb('outbound_messages.kind', 'in', [...f.kinds]));
  if (f.target) c.push(eb('outbound_messages.target', '=', f.target));
  if (f.trackingNo) {
    c.push(
      eb(
        'outbound_messages.ticket_id',
        'in',
        eb.selectFrom('tickets').select('tickets.id').where('tickets.tracking_no', '=', f.trackingNo),
      ),
    );
  }
  return c;
}

function filtered<O>(qb: SelectQueryBuilder<Database, 'outbound_messages', O>, f: OutboundFilter) {
  return qb.where((eb) => {
    const c = conditions(eb, f);
    return c.length ? eb.and(c) : sql<SqlBool>`1 = 1`;
  });
}

function records(ex: Executor) {
  return ex
    .selectFrom('outbound_messages')
    .leftJoin('tickets', 'tickets.id', 'outbound_messages.ticket_id')
    .leftJoin('staff', 'staff.id', 'outbound_messages.staff_id')
    .select([
      'outbound_messages.id',
      'outbound_messages.target',
      'outbound_messages.body',
      'outbound_messages.kind',
      'outbound_messages.inbound_message_id',
      'outbound_messages.status',
      'outbound_messages.attempts',
      'outbound_messages.due_at',
      'outbound_messages.last_error',
      'outbound_messages.provider_id',
      'outbound_messages.delivery_state',
      'outbound_messages.delivery_updated_at',
      'outbound_messages.created_at',
      'outbound_messages.updated_at',
      'outbound_messages.sent_at',
      'tickets.tracking_no',
      'outbound_messages.staff_id',
      'staff.name as staff_name',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof records>['execute']>>[number];

const toRecord = (r: Row): OutboundRecord => ({
  id: Number(r.id),
  target: r.target,
  body: r.body,
  kind: r.kind,
  ticketTrackingNo: r.tracking_no,
  inboundMessageId: num(r.inbound_message_id),
  status: r.status,
  attempts: Number(r.attempts),
  dueAt: num(r.due_at),
  lastError: r.last_error,
  providerId: r.provider_id,
  deliveryState: r.delivery_state,
  deliveryUpdatedAt: num(r.delivery_updated_at),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  sentAt: num(r.sent_at),
  writtenBy: r.staff_id ? { id: r.staff_id, name: r.staff_name ?? r.staff_id } : null,
});

/** One page, newest first: one query. */
export async function listOutbound(ex: Executor, f: OutboundFilter, page: { limit: number; offset: number }): Promise<OutboundRecord[]> {
  const rows = await filtered(records(ex), f).orderBy('outbound_messages.id', 'desc').limit(page.limit).offset(page.offset).execute();
  return rows.map(toRecord);
}

/** How many messages match: one query. */
export async function countOutbound(ex: Executor, f: OutboundFilter): Promise<number> {
  const row = await filtered(
    ex.selectFrom('outbound_messages').select((eb) => eb.fn.countAll().as('n')),
    f,
  ).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Everything sent (or to be sent) about one ticket, oldest first. */
export async function listOutboundOfTicket(ex: Executor, ticketId: number): Promise<OutboundRecord[]> {
  const rows = await records(ex).where('outbound_messages.ticket_id', '=', ticketId).orderBy('outbound_messages.id').execute();
  return rows.map(toRecord);
}

export async function findOutbound(ex: Executor, id: number): Promise<OutboundRecord | undefined> {
  const row = await records(ex).where('outbound_messages.id', '=', id).executeTakeFirst();
  return row && toRecord(row);
}
