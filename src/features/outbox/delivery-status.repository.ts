import { sql } from 'kysely';
import type { Executor } from '../../db/create-db';

/** WhatsApp's delivery states in the order they happen; any other string ranks with `sent`. */
const RANK: Record<string, number> = { sent: 1, delivered: 2, read: 3 };

/** The rank of a delivery state: 3 read, 2 delivered, 1 sent or anything else Fonnte says. */
function deliveryRank(state: string): number {
  return RANK[state] ?? 1;
}

/** Of the states one callback carries (`state`, `status`), the furthest along; ties go to the first. */
export function furthestState(states: Array<string | null | undefined>): string | null {
  let best: string | null = null;
  for (const s of states) {
    const v = s?.trim().toLowerCase().slice(0, 24);
    if (v && (best === null || deliveryRank(v) > deliveryRank(best))) best = v;
  }
  return best;
}

/** How a status callback names its message: /send's `id`, Fonnte's `stateid`, or both. */
export interface DeliveryRef {
  providerId?: string;
  stateId?: string;
}

/**
 * Records Fonnte's delivery state for the message a callback names. A callback carrying both
 * ids links the `stateid` to the message first, so later callbacks with only `stateid` match.
 * Never moves backwards: read beats delivered beats sent; an unknown state is stored as it is
 * but never replaces delivered or read. One UPDATE, so two callbacks racing cannot undo each other.
 * @returns 'updated', 'unchanged' (a later state is kept, or only ids were linked) or 'unknown' (no such message).
 */
export async function recordDeliveryState(
  ex: Executor,
  ref: DeliveryRef,
  state: string | null,
  now: number,
): Promise<'updated' | 'unchanged' | 'unknown'> {
  // Both update and select builders: their where() overloads admit no narrower common type.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const match = <Q extends { where: (...args: any[]) => Q }>(q: Q): Q =>
    ref.providerId ? q.where('provider_id', '=', ref.providerId) : q.where('provider_state_id', '=', ref.stateId ?? '');
  if (ref.providerId && ref.stateId) {
    await ex.updateTable('outbound_messages').set({ provider_state_id: ref.stateId }).where('provider_id', '=', ref.providerId).execute();
  }
  if (state) {
    const later = Object.keys(RANK).filter((s) => RANK[s]! > deliveryRank(state));
    let q = match(ex.updateTable('outbound_messages').set({ delivery_state: state, delivery_updated_at: now }));
    if (later.length) q = q.where((eb) => eb.or([eb('delivery_state', 'is', null), eb('delivery_state', 'not in', later)]));
    const result = await q.executeTakeFirst();
    if (result.numUpdatedRows > 0n) return 'updated';
  }
  const exists = await match(ex.selectFrom('outbound_messages').select(sql<number>`1`.as('one')))
    .limit(1)
    .executeTakeFirst();
  return exists ? 'unchanged' : 'unknown';
}
