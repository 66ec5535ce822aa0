// The invariants every fault test checks, in one place, reported as a list of readable problems.
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/database';
import type { ReceivedSend } from './fake-fonnte';
import type { Delivery } from './webhook-stream';

export interface Fault {
  start: number;
  end: number;
}

export interface AuditInput {
  db: Kysely<Database>;
  /** Each delivery's key appears in exactly one message body, so rows are matched back by it. */
  deliveries: Delivery[];
  /** Every POST /send the fake gateway received. */
  receipts: ReceivedSend[];
  /**
   * When faults were injected: from the kill to the moment it was over (the exit seen, or the
   * database back). A reply received twice is allowed only if a fault overlaps the gap between
   * the two receipts: the gateway accepted it and the process died before recording it.
   */
  faults: Fault[];
  /** Whether every message is a #request, so each must have made exactly one ticket. */
  expectTickets?: boolean;
  /** Receipts that count as deliveries; default all (use `r => r.providerId !== undefined` when the gateway refused some). */
  delivered?: (r: ReceivedSend) => boolean;
}

export interface AuditReport {
  problems: string[];
  acked: number;
  stored: number;
  replies: number;
  /** Extra receipts explained by a fault. */
  ambiguousRepeats: number;
}

/**
 * Checks: every acknowledged message is stored exactly once and processed; each has exactly
 * one reply row that ended `sent` or `dead` (and one ticket for a #request); the gateway got
 * each sent reply once, repeats only across a fault, at most once per fault; the gateway got
 * nothing the database never queued.
 */
export async function auditDeliveries(input: AuditInput): Promise<AuditReport> {
  const { db, deliveries, receipts, faults } = input;
  const delivered = input.delivered ?? (() => true);
  const problems: string[] = [];
  const inbound = await db.selectFrom('inbound_messages').select(['id', 'body', 'status']).execute();
  const outbound = await db
    .selectFrom('outbound_messages')
    .select(['id', 'target', 'body', 'status', 'inbound_message_id', 'attempts'])
    .execute();
  const tickets = await db.selectFrom('tickets').select(['id', 'source_message_id']).execute();

  const byKey = new Map<string, typeof inbound>();
  for (const d of deliveries) byKey.set(d.key, []);
  for (const row of inbound) {
    const key = row.body.split(' ').find((w) => byKey.has(w));
    if (key) byKey.get(key)!.push(row);
  }
  const repliesOf = groupBy(outbound, (o) => Number(o.inbound_message_id));
  const ticketsOf = groupBy(tickets, (t) => Number(t.source_message_id));

  let stored = 0;
  for (const d of deliveries) {
    const rows = byKey.get(d.key)!;
    if (!d.ackedAt) {
      problems.push(`${d.key}: never acknowledged after ${d.attempts.length} tries (last: ${describe(d.attempts.at(-1))})`);
      if (rows.length > 1) problems.push(`${d.key}: stored ${rows.length} times`);
      continue;
    }
    if (rows.length !== 1) {
      problems.push(`${d.key}: acknowledged but stored ${rows.length} times`);
      continue;
    }
    stored += 1;
    const row = rows[0]!;
    if (row.status !== 'processed') problems.push(`${d.key}: inbound ${row.id} is ${row.status}, not processed`);
    const replies = repliesOf.get(row.id) ?? [];
    if (replies.length !== 1) problems.push(`${d.key}: ${replies.length} reply rows`);
    for (const r of replies) if (r.status !== 'sent' && r.status !== 'dead') problems.push(`${d.key}: reply ${r.id} ended ${r.status}`);
    if (input.expectTickets && (ticketsOf.get(row.id) ?? []).length !== 1) {
      problems.push(`${d.key}: ${(ticketsOf.get(row.id) ?? []).length} tickets`);
    }
  }

  const queued = new Map(outbound.map((o) => [`${o.target}\u0000${o.body}`, o]));
  const receiptsOf = groupBy(receipts.filter(delivered), (r) => `${r.target}\u0000${r.message}`);
  let ambiguousRepeats = 0;
  for (const [k, got] of receiptsOf) {
    const row = queued.get(k);
    if (!row) {
      problems.push(`gateway received a message never queued: to ${got[0]!.target}: ${got[0]!.message.slice(0, 60)}`);
      continue;
    }
    const times = got.map((r) => r.at).sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) {
      const explained = faults.some((f) => f.end >= times[i - 1]! && f.start <= times[i]!);
      if (!explained) problems.push(`reply ${row.id} received again at +${times[i]! - times[i - 1]!} ms with no fault in between`);
      else ambiguousRepeats += 1;
    }
    if (times.length - 1 > faults.length) problems.push(`reply ${row.id} received ${times.length} times with ${faults.length} faults`);
  }
  for (const o of outbound) {
    if (o.status === 'sent' && !receiptsOf.has(`${o.target}\u0000${o.body}`))
      problems.push(`reply ${o.id} marked sent but the gateway never got it`);
  }
  return { problems, acked: deliveries.filter((d) => d.ackedAt).length, stored, replies: outbound.length, ambiguousRepeats };
}

function groupBy<T, K>(items: T[], key: (t: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

function describe(a: Delivery['attempts'][number] | undefined): string {
  if (!a) return 'none';
  return a.status !== undefined ? `HTTP ${a.status}` : (a.error ?? 'unknown');
}
