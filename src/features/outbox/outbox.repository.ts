import type { Transaction } from 'kysely';
import type { Executor } from '../../db/create-db';
import type { Database } from '../../db/database';
import { defer } from '../../db/transaction';

/**
 * What an outbound message is for; the dashboard groups and filters by it. `auto_answer` is
 * what the service says to a message that is not a command (greeting, draft prompt, "a person
 * will follow up"): counted per chat so two bots answering each other cannot loop.
 * `desk_message` is written by hand at the desk (its `staffId` says who).
 */
export type OutboundKind = 'reply' | 'usage_hint' | 'notification' | 'auto_answer' | 'desk_message';

export interface NewOutboundMessage {
  target: string;
  body: string;
  kind: OutboundKind;
  ticketId?: number | null;
  inboundMessageId?: number | null;
  /** The staff member who wrote it (desk messages). */
  staffId?: string | null;
}

/**
 * Queues a message for the sender. Call it inside the transaction that made the
 * change it reports, so the change and its message commit or vanish together.
 */
export async function enqueueMessage(ex: Executor, msg: NewOutboundMessage, now: number): Promise<number> {
  const result = await ex.insertInto('outbound_messages').values(outboundRow(msg, now)).executeTakeFirstOrThrow();
  return Number(result.insertId);
}

/**
 * Queues several messages, in order (see enqueueMessage), without waiting for their ids: inside
 * inTransaction they are kept back (see `defer`) and go in one INSERT with the others of the
 * transaction (a batch's replies and the notifications its tickets made), before its next other
 * statement or its commit.
 */
export async function enqueueMessages(ex: Executor, msgs: readonly NewOutboundMessage[], now: number): Promise<void> {
  if (msgs.length === 0) return;
  if (!ex.isTransaction) {
    await ex
      .insertInto('outbound_messages')
      .values(msgs.map((m) => outboundRow(m, now)))
      .execute();
    return;
  }
  for (const m of msgs)
    await defer(ex as Transaction<Database>, 'outbound_messages', outboundRow(m, now), (t, rows) =>
      t.insertInto('outbound_messages').values(rows),
    );
}

const outboundRow = (msg: NewOutboundMessage, now: number) => ({
  target: msg.target,
  body: msg.body,
  kind: msg.kind,
  ticket_id: msg.ticketId ?? null,
  inbound_message_id: msg.inboundMessageId ?? null,
  staff_id: msg.staffId ?? null,
  status: 'queued' as const,
  attempts: 0,
  due_at: now,
  created_at: now,
  updated_at: now,
});

/** How many messages of these kinds `target` was sent at or after `since` (bounding automatic answers per chat). */
export async function countMessagesSince(ex: Executor, target: string, kinds: readonly OutboundKind[], since: number): Promise<number> {
  const row = await ex
    .selectFrom('outbound_messages')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('target', '=', target)
    .where('kind', 'in', kinds)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface OutboundView {
  id: number;
  target: string;
  body: string;
  kind: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
}

/** The messages produced while handling one inbound message, oldest first. */
export async function listByInbound(ex: Executor, inboundMessageId: number): Promise<OutboundView[]> {
  const rows = await ex
    .selectFrom('outbound_messages')
    .selectAll()
    .where('inbound_message_id', '=', inboundMessageId)
    .orderBy('id')
    .execute();
  return rows.map(toView);
}

/**
 * Everything handling one inbound message queued, oldest first: its replies, and the notifications
 * about its ticket (the desk's notice, the reporter's update, the technicians' messages) written in
 * the same transaction, i.e. between its arrival and its processing. What background jobs send
 * later is not included. For `npm run chat`.
 */
export async function listCausedBy(ex: Executor, inboundMessageId: number): Promise<OutboundView[]> {
  const inbound = await ex
    .selectFrom('inbound_messages')
    .select(['ticket_id', 'received_at', 'processed_at'])
    .where('id', '=', inboundMessageId)
    .executeTakeFirst();
  if (!inbound) return [];
  const { ticket_id: ticketId, received_at: from, processed_at: to } = inbound;
  const rows = await ex
    .selectFrom('outbound_messages')
    .selectAll()
    .where((eb) =>
      ticketId === null || to === null
        ? eb('inbound_message_id', '=', inboundMessageId)
        : eb.or([
            eb('inbound_message_id', '=', inboundMessageId),
            eb.and([
              eb('inbound_message_id', 'is', null),
              eb('ticket_id', '=', ticketId),
              eb('created_at', '>=', from),
              eb('created_at', '<=', to),
            ]),
          ]),
    )
    .orderBy('id')
    .execute();
  return rows.map(toView);
}

function toView(r: {
  id: number;
  target: string;
  body: string;
  kind: string;
  status: string;
  attempts: number;
  last_error: string | null;
  created_at: number | string;
  sent_at: number | string | null;
}): OutboundView {
  return {
    id: r.id,
    target: r.target,
    body: r.body,
    kind: r.kind,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: Number(r.created_at),
    sentAt: r.sent_at === null ? null : Number(r.sent_at),
  };
}
