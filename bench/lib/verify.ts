// A figure without its side effects checked does not count: every acknowledged message must have one ticket and one reply.
import { sql } from 'kysely';
import type { Db } from '../../src/db/create-db';
import type { ReceivedSend } from '../../test/support/fake-fonnte';
import { waitFor } from './env';

export interface Check {
  ok: boolean;
  /** e.g. "5120 acked = 5120 stored = 5120 tickets = 5120 replies sent, 5120 received once" */
  detail: string;
  /** Service checks: the run's messages whose one reply the gateway received (the end-to-end count). */
  received?: number;
}

/** Waits (bounded) until no message is pending and no reply is open; returns the seconds it took, or NaN. */
export async function waitDrained(db: Db, timeoutMs: number): Promise<number> {
  const t = performance.now();
  const ok = await waitFor(
    async () => {
      const [p, o] = await Promise.all([
        db.kysely
          .selectFrom('inbound_messages')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '=', 'pending')
          .executeTakeFirstOrThrow(),
        // Open replies are exactly those with a due_at: this reads the outbound_due index, not a million finished rows.
        db.kysely
          .selectFrom('outbound_messages')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('due_at', 'is not', null)
          .executeTakeFirstOrThrow(),
      ]);
      return Number(p.n) === 0 && Number(o.n) === 0;
    },
    'the service to handle and send everything',
    timeoutMs,
    100,
  );
  return ok ? (performance.now() - t) / 1000 : NaN;
}

/**
 * For the messages of `tag` (`#request <tag>-<n> …`): every acknowledged one stored, each
 * stored once; at most `inFlight` more stored (requests cut off when the load stopped, or
 * whose answer the client lost: Fonnte would redeliver those and get "duplicate");
 * every stored one processed, with one ticket and one reply row, the reply sent, and the
 * gateway got each reply exactly once. `receipts` are the gateway's receipts since the run began:
 * a fresh database numbers tickets from 001 again, so older receipts may carry the same text.
 */
export async function verifyService(
  db: Db,
  receipts: ReceivedSend[],
  tag: string,
  acked: Set<string>,
  inFlight: number,
  command: 'request' | 'cek' = 'request',
  /** True: a #request answered with a duplicate offer (no ticket) counts as handled. */
  offersAllowed = false,
): Promise<Check> {
  const like = `#${command} ${tag}-%`;
  const rows = await db.kysely
    .selectFrom('inbound_messages as i')
    .select(['i.id', 'i.status', 'i.body'])
    .where('i.body', 'like', like)
    .execute();
  // tickets.source_message_id has no index (nothing in the service looks tickets up by it): one
  // range read over the run's message ids, never a join, which on 1,000,000 tickets would scan
  // the table once per message.
  const ids = rows.map((r) => Number(r.id));
  const ticketRows = ids.length
    ? await db.kysely
        .selectFrom('tickets')
        .select('source_message_id')
        .where('source_message_id', '>=', Math.min(...ids))
        .where('source_message_id', '<=', Math.max(...ids))
        .execute()
    : [];
  const ticketsPer = new Map<number, number>();
  for (const t of ticketRows) ticketsPer.set(Number(t.source_message_id), (ticketsPer.get(Number(t.source_message_id)) ?? 0) + 1);
  const replies = await db.kysely
    .selectFrom('outbound_messages as o')
    .innerJoin('inbound_messages as i', 'i.id', 'o.inbound_message_id')
    .select(['o.inbound_message_id', 'o.status', 'o.target', 'o.body'])
    .where('i.body', 'like', like)
    .execute();
  const keys = new Set(rows.map((r) => r.body.split(' ')[1]!));
  const missing = [...acked].filter((k) => !keys.has(k)).length;
  const unanswered = rows.length - acked.size + missing;
  const processed = rows.filter((r) => r.status === 'processed').length;
  // A message with two tickets counts twice here, so `tickets === n` also says "never two".
  const tickets = ids.reduce((sum, id) => sum + (ticketsPer.get(id) ?? 0), 0);
  const repliesPer = new Map<number, number>();
  for (const r of replies) repliesPer.set(Number(r.inbound_message_id), (repliesPer.get(Number(r.inbound_message_id)) ?? 0) + 1);
  const sent = replies.filter((r) => r.status === 'sent').length;
  // Replies may repeat word for word (a #cek answer), so compare counts per (target, text): received = sent.
  const expected = new Map<string, number>();
  for (const r of replies)
    if (r.status === 'sent') expected.set(`${r.target}\u0000${r.body}`, (expected.get(`${r.target}\u0000${r.body}`) ?? 0) + 1);
  const got = new Map<string, number>();
  for (const r of receipts) {
    const k = `${r.target}\u0000${r.message}`;
    if (expected.has(k)) got.set(k, (got.get(k) ?? 0) + 1);
  }
  let once = 0;
  for (const [k, want] of expected) once += Math.min(want, got.get(k) ?? 0);
  const extra = [...expected].reduce((sum, [k, want]) => sum + Math.max(0, (got.get(k) ?? 0) - want), 0);
  const n = rows.length;
  const ok =
    missing === 0 &&
    keys.size === n &&
    unanswered <= inFlight &&
    processed === n &&
    (offersAllowed ? tickets <= n : tickets === (command === 'request' ? n : 0)) &&
    replies.length === n &&
    [...repliesPer.values()].every((c) => c === 1) &&
    sent === n &&
    once === n &&
    extra === 0;
  return {
    ok,
    received: once,
    detail: `${acked.size} acked${missing ? ` (${missing} NOT STORED)` : ''}, ${n} stored (${unanswered} without an answer), ${processed} processed, ${tickets} tickets, ${replies.length} replies, ${sent} sent, ${once} received once${extra ? `, ${extra} RECEIVED TWICE` : ''}`,
  };
}

/** The floor keeps one message and one outbox row per acknowledged request. */
export async function verifyFloor(db: Db, tag: string, acked: Set<string>, inFlight: number): Promise<Check> {
  const rows = await sql<{
    raw_payload: string;
    outbox: number;
  }>`select i.raw_payload, (select count(*) from floor_outbox o where o.inbound_id = i.id) as outbox from floor_inbound i where i.raw_payload like ${`%#request ${tag}-%`}`.execute(
    db.kysely,
  );
  const keys = rows.rows.map((r) => (JSON.parse(r.raw_payload) as { message: string }).message.split(' ')[1]!);
  const stored = new Set(keys);
  const missing = [...acked].filter((k) => !stored.has(k)).length;
  const outboxOk = rows.rows.every((r) => Number(r.outbox) === 1);
  const unanswered = keys.length - acked.size + missing;
  const ok = missing === 0 && stored.size === keys.length && unanswered <= inFlight && outboxOk;
  return {
    ok,
    detail: `${acked.size} acked${missing ? ` (${missing} NOT STORED)` : ''}, ${keys.length} stored (${unanswered} without an answer), ${outboxOk ? 'one outbox row each' : 'OUTBOX ROWS WRONG'}`,
  };
}
