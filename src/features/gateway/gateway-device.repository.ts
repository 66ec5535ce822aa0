import type { Executor } from '../../db/create-db';
import { isUniqueViolation } from '../../db/db-errors';

export interface DeviceReport {
  device: string;
  status: 'connect' | 'disconnect';
  reason: string | null;
  /** When Fonnte says it happened (epoch ms). */
  reportedAt: number;
  now: number;
}

export interface DeviceState {
  device: string;
  status: 'connect' | 'disconnect';
  reason: string | null;
  reportedAt: number | null;
  /** When we recorded the report (our clock). */
  updatedAt: number;
}

/**
 * Upserts the device's row unless it already holds a later report (webhooks may arrive
 * out of order or be redelivered). Portable: update-if-not-newer, else insert, and on a
 * concurrent insert one more update. Returns 'stale' when a later report is kept.
 */
export async function recordDeviceReport(ex: Executor, r: DeviceReport): Promise<'recorded' | 'stale'> {
  const update = async () => {
    const result = await ex
      .updateTable('gateway_devices')
      .set({ status: r.status, reason: r.reason, reported_at: r.reportedAt, updated_at: r.now })
      .where('device', '=', r.device)
      .where((eb) => eb.or([eb('reported_at', 'is', null), eb('reported_at', '<=', r.reportedAt)]))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  };
  if (await update()) return 'recorded';
  try {
    await ex
      .insertInto('gateway_devices')
      .values({ device: r.device, status: r.status, reason: r.reason, reported_at: r.reportedAt, updated_at: r.now })
      .execute();
    return 'recorded';
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // The row exists: it holds a later report, or another request inserted it just now.
    return (await update()) ? 'recorded' : 'stale';
  }
}

/**
 * The state of `device`, or when no device is configured, of the device reported most
 * recently. Undefined when Fonnte never reported one.
 */
export async function findDeviceState(ex: Executor, device: string | undefined): Promise<DeviceState | undefined> {
  let q = ex.selectFrom('gateway_devices').select(['device', 'status', 'reason', 'reported_at', 'updated_at']);
  q = device ? q.where('device', '=', device) : q.orderBy('reported_at', 'desc').orderBy('updated_at', 'desc').limit(1);
  const r = await q.executeTakeFirst();
  return (
    r && {
      device: r.device,
      status: r.status,
      reason: r.reason,
      reportedAt: r.reported_at === null ? null : Number(r.reported_at),
      updatedAt: Number(r.updated_at),
    }
  );
}
