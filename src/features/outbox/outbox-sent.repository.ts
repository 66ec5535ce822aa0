import { sql } from 'kysely';
import type { Executor } from '../../db/create-db';

/** A send Fonnte accepted, to be recorded while its claim still owns the row. */
export interface SentRow {
  id: number;
  claimToken: string;
  providerId: string | null;
}

/**
 * Records many accepted sends in one UPDATE (markSent for a batch): each row becomes `sent` with its
 * own provider id, only where its claim token still owns it. Returns the ids recorded; a missing id
 * lost its claim (the lease expired and another worker took the row), and that worker's outcome stands.
 */
export async function markSentMany(ex: Executor, rows: readonly SentRow[], now: number): Promise<Set<number>> {
  if (rows.length === 0) return new Set();
  const providerIds = sql<string | null>`case id ${sql.join(
    rows.map((r) => sql`when ${r.id} then ${r.providerId}`),
    sql` `,
  )} end`;
  const result = await ex
    .updateTable('outbound_messages')
    .set({ status: 'sent', due_at: null, claim_token: null, updated_at: now, sent_at: now, provider_id: providerIds })
    .where('status', '=', 'sending')
    .where((eb) => eb.or(rows.map((r) => eb.and([eb('id', '=', r.id), eb('claim_token', '=', r.claimToken)]))))
    .executeTakeFirst();
  const ids = rows.map((r) => r.id);
  if (Number(result.numUpdatedRows) === rows.length) return new Set(ids);
  // Some claims were lost: ours are the rows now sent with the provider id this batch wrote.
  const after = await ex.selectFrom('outbound_messages').select(['id', 'status', 'provider_id']).where('id', 'in', ids).execute();
  const wrote = new Map(rows.map((r) => [r.id, r.providerId]));
  return new Set(after.filter((r) => r.status === 'sent' && r.provider_id === wrote.get(Number(r.id))).map((r) => Number(r.id)));
}
