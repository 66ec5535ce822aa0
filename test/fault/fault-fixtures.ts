// Shared by the fault tests: sizes, messages that can be matched back to their rows, settling checks.
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/database';
import { textMessage } from '../support/fonnte-payloads';

/** FAULT_SCALE=10 runs every fault test with ten times the messages (default 1: a few minutes in all on 2 cores). */
export const FAULT_SCALE = Math.max(1, Number(process.env.FAULT_SCALE ?? 1) || 1);
export const scaled = (n: number) => Math.round(n * FAULT_SCALE);

/** The book's employees (SEED_DEMO_DATA) and a few numbers nobody knows (UNKNOWN_SENDERS=accept). */
const SENDERS = ['6282111476069', '6285825335908', '6281294403603', '6289900000001', '6289900000002'];

/**
 * `count` #request messages, each carrying a unique word (`<prefix>-0001`) so the audit can find
 * its inbound row, ticket and reply again. Each payload has its own Fonnte timestamp, so a
 * redelivery of the same object is a duplicate and two objects are two messages.
 */
export function requestMessages(prefix: string, count: number, senders: string[] = SENDERS) {
  return Array.from({ length: count }, (_, i) => {
    const key = `${prefix}-${String(i).padStart(5, '0')}`;
    return { key, payload: textMessage(senders[i % senders.length]!, `#request ${key} lampu kelas mati`) };
  });
}

/** Work left in the database: messages not yet handled, replies not yet final. */
export async function unfinished(db: Kysely<Database>): Promise<{ pending: number; open: number; sending: number }> {
  const pending = await db
    .selectFrom('inbound_messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  const open = await db
    .selectFrom('outbound_messages')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'in', ['queued', 'sending', 'retry'])
    .groupBy('status')
    .execute();
  const sending = Number(open.find((r) => r.status === 'sending')?.n ?? 0);
  return { pending: Number(pending.n), open: open.reduce((s, r) => s + Number(r.n), 0), sending };
}

export const webhookUrl = (base: string) => `${base}/webhooks/fonnte?secret=test-secret`;
