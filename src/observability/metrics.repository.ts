import type { Executor } from '../db/create-db';
import type { OutboundStatus, TicketStatus } from '../db/database';

/** Counts read at scrape time, so every process reports the same truth about shared tables. */

export interface PendingInbound {
  count: number;
  /** received_at of the oldest pending message; null when none is pending. */
  oldestReceivedAt: number | null;
}

/** Pending messages and the oldest one: a range of index inbound_status_received, read from the index alone. */
export async function pendingInbound(ex: Executor): Promise<PendingInbound> {
  const r = await ex
    .selectFrom('inbound_messages')
    .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.min<number | string | null>('received_at').as('oldest')])
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return { count: Number(r.n), oldestReceivedAt: r.oldest === null ? null : Number(r.oldest) };
}

export interface UnsentOutbox {
  /** Rows not final yet (queued, sending, retry), by status. */
  byStatus: Partial<Record<OutboundStatus, number>>;
  /** created_at of the oldest unsent row; null when every row is final. */
  oldestCreatedAt: number | null;
}

/**
 * Unsent replies by status. Exactly the unfinished rows have a due_at, so the range
 * `due_at is not null` of index outbound_due finds them without reading finished ones.
 */
export async function unsentOutbox(ex: Executor): Promise<UnsentOutbox> {
  const rows = await ex
    .selectFrom('outbound_messages')
    .select((eb) => ['status', eb.fn.countAll<number | string>().as('n'), eb.fn.min<number | string>('created_at').as('oldest')])
    .where('due_at', 'is not', null)
    .groupBy('status')
    .execute();
  const byStatus: Partial<Record<OutboundStatus, number>> = {};
  let oldest: number | null = null;
  for (const r of rows) {
    byStatus[r.status] = Number(r.n);
    oldest = oldest === null ? Number(r.oldest) : Math.min(oldest, Number(r.oldest));
  }
  return { byStatus, oldestCreatedAt: oldest };
}

/**
 * Tickets by status: a scan of index tickets_status_created alone (no table rows), grouped
 * in index order. Tickets are never deleted, so their sum only grows.
 */
export async function ticketsByStatus(ex: Executor): Promise<Partial<Record<TicketStatus, number>>> {
  const rows = await ex
    .selectFrom('tickets')
    .select((eb) => ['status', eb.fn.countAll<number | string>().as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/**
 * The device's last reported state: `device`'s row, or without one the last report of any device.
 * The same choice as gateway-device.repository's findDeviceState, read here so metrics (below the
 * features) need none of them.
 */
export async function deviceConnection(ex: Executor, device: string | undefined): Promise<'connected' | 'disconnected' | 'unknown'> {
  let q = ex.selectFrom('gateway_devices').select('status');
  q = device ? q.where('device', '=', device) : q.orderBy('reported_at', 'desc').orderBy('updated_at', 'desc').limit(1);
  const r = await q.executeTakeFirst();
  return !r ? 'unknown' : r.status === 'connect' ? 'connected' : 'disconnected';
}
