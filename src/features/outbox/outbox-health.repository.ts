import type { Executor } from '../../db/create-db';

export interface OutboxHealth {
  queued: number;
  retry: number;
  sending: number;
  dead: number;
  /** How long the message that has been due longest has waited; null when nothing is due. */
  oldestDueAgeSeconds: number | null;
}

/**
 * The outbox at a glance. Unfinished rows are exactly those with a due_at, so their counts
 * and the oldest due time come from index outbound_due; counting dead rows reads the table.
 */
export async function outboxHealth(ex: Executor, now: number): Promise<OutboxHealth> {
  const pending = await ex
    .selectFrom('outbound_messages')
    .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('due_at', 'is not', null)
    .groupBy('status')
    .execute();
  const dead = await ex
    .selectFrom('outbound_messages')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('status', '=', 'dead')
    .executeTakeFirstOrThrow();
  const oldest = await ex
    .selectFrom('outbound_messages')
    .select((eb) => eb.fn.min<number | string | null>('due_at').as('due'))
    .where('due_at', '<=', now)
    .executeTakeFirstOrThrow();
  const count = (s: string) => Number(pending.find((r) => r.status === s)?.n ?? 0);
  return {
    queued: count('queued'),
    retry: count('retry'),
    sending: count('sending'),
    dead: Number(dead.n),
    oldestDueAgeSeconds: oldest.due === null ? null : Math.max(0, Math.floor((now - Number(oldest.due)) / 1000)),
  };
}
