// What a restored copy (SQLite backup or MariaDB dump) must hold, checked the same way for both.
import type { Db } from '../../src/db/create-db';
import { until, type Delivery } from '../support/webhook-stream';

/** Waits until the service started on the restored copy has handled every message it holds as pending. */
export async function untilNothingPending(db: Db): Promise<void> {
  await until(
    async () => {
      const left = await db.kysely
        .selectFrom('inbound_messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      return Number(left.n) === 0;
    },
    'the restored service to handle every stored message',
    60_000,
    100,
  );
}

/**
 * Every message acknowledged before the copy began (`ackedBefore`, by the key in its body) is in
 * the copy once, handled, with one ticket; nothing first sent after the copy ended (`copyEnded`) is
 * in it. Resolves with what is wrong and, per key, the ticket's number.
 */
export async function checkRestoredMessages(
  db: Db,
  o: { keyPrefix: string; ackedBefore: readonly string[]; deliveries: readonly Delivery[]; copyEnded: number },
): Promise<{ problems: string[]; ticketOf: Map<string, string>; sentAfter: string[] }> {
  const inbound = await db.kysely.selectFrom('inbound_messages').select(['id', 'body', 'status']).execute();
  const tickets = await db.kysely.selectFrom('tickets').select(['tracking_no', 'source_message_id']).execute();
  const keyOf = (body: string) => body.split(' ').find((w) => w.startsWith(`${o.keyPrefix}-`));
  const rowsByKey = new Map<string, typeof inbound>();
  for (const row of inbound) {
    const key = keyOf(row.body);
    if (key) rowsByKey.set(key, [...(rowsByKey.get(key) ?? []), row]);
  }
  const problems: string[] = [];
  const ticketOf = new Map<string, string>();
  for (const key of o.ackedBefore) {
    const rows = rowsByKey.get(key) ?? [];
    if (rows.length !== 1) {
      problems.push(`${key}: ${rows.length} inbound rows`);
      continue;
    }
    if (rows[0]!.status !== 'processed') problems.push(`${key}: ${rows[0]!.status}`);
    const made = tickets.filter((t) => Number(t.source_message_id) === Number(rows[0]!.id));
    if (made.length !== 1) problems.push(`${key}: ${made.length} tickets`);
    else ticketOf.set(key, made[0]!.tracking_no);
  }
  // A point-in-time copy: nothing whose first try started after the copy ended is in it.
  const sentAfter = o.deliveries.filter((d) => d.attempts[0]!.startedAt > o.copyEnded).map((d) => d.key);
  for (const key of sentAfter) if (rowsByKey.has(key)) problems.push(`${key}: first sent after the copy, yet in it`);
  return { problems, ticketOf, sentAfter };
}

/** The tickets the restored service serves through its API: what is missing or wrong, by key. */
export async function ticketsNotServed(
  baseUrl: string,
  admin: { username: string; password: string },
  ticketOf: Map<string, string>,
): Promise<string[]> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  });
  if (login.status !== 200) throw new Error(`login answered ${login.status}: ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  const missing: string[] = [];
  for (const [key, trackingNo] of ticketOf) {
    const res = await fetch(`${baseUrl}/api/tickets/${trackingNo}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { ticket?: { trackingNo: string; complaint: string } };
    if (res.status !== 200 || body.ticket?.trackingNo !== trackingNo || !body.ticket.complaint.includes(key))
      missing.push(`${key}: ${res.status}`);
  }
  return missing;
}
