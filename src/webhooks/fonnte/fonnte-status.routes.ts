import express, { Router, type Request, type Response } from 'express';
import type { Config } from '../../config';
import type { Db } from '../../db/create-db';
import { AppError } from '../../errors';
import { furthestState, recordDeliveryState } from '../../features/outbox/delivery-status.repository';
import { recordDeviceReport } from '../../features/gateway/gateway-device.repository';
import { maskPhone } from '../../logger';
import type { Clock } from '../../shared/clock';
import { normalizePhone } from '../../shared/phone';
import { fonnteDeviceStatusSchema, fonnteMessageStatusSchema } from './fonnte-status.schema';
import { requireWebhookSecret } from './webhook-secret';

export interface FonnteStatusDeps {
  db: Db;
  config: Config;
  clock: Clock;
  /** Wakes the outbox: after a device report it re-reads the device state before claiming. */
  notifyOutbox: () => void;
}

const BODY_LIMIT = '16kb';

/**
 * `POST /webhooks/fonnte/status` (message delivery states) and `POST /webhooks/fonnte/device`
 * (device connect/disconnect), behind the same `?secret=` as the message webhook. Fonnte
 * redelivers anything but 200, so what can never apply (an unknown id, an unreadable body)
 * is answered 200 and ignored; only a storage failure answers 503, to be redelivered.
 */
export function fonnteStatusRouter(deps: FonnteStatusDeps): Router {
  const router = Router();
  const parse = [
    requireWebhookSecret(deps.config.webhookSecret),
    express.json({ limit: BODY_LIMIT }),
    express.urlencoded({ extended: false, limit: BODY_LIMIT }),
  ];
  router.post('/webhooks/fonnte/status', ...parse, async (req: Request, res: Response) => {
    res.json({ status: await receiveMessageStatus(deps, req) });
  });
  router.post('/webhooks/fonnte/device', ...parse, async (req: Request, res: Response) => {
    res.json({ status: await receiveDeviceStatus(deps, req) });
  });
  return router;
}

async function receiveMessageStatus(deps: FonnteStatusDeps, req: Request): Promise<'updated' | 'unchanged' | 'ignored'> {
  const parsed = fonnteMessageStatusSchema.safeParse(req.body ?? {});
  const p = parsed.success ? parsed.data : {};
  const state = furthestState([p.state, p.status]);
  const ref = { providerId: p.id?.slice(0, 64) || undefined, stateId: p.stateid?.slice(0, 64) || undefined };
  if (!ref.providerId && !ref.stateId) {
    req.log?.info({ state }, 'delivery status naming no message ignored');
    return 'ignored';
  }
  const outcome = await store(() => recordDeliveryState(deps.db.kysely, ref, state, deps.clock.now()));
  req.log?.info({ ...ref, state, outcome }, 'delivery status received');
  return outcome === 'unknown' ? 'ignored' : outcome;
}

async function receiveDeviceStatus(deps: FonnteStatusDeps, req: Request): Promise<'recorded' | 'stale' | 'ignored'> {
  const parsed = fonnteDeviceStatusSchema.safeParse(req.body ?? {});
  const device = parsed.success ? normalizePhone(parsed.data.device).slice(0, 64) : '';
  if (!parsed.success || !device) {
    const error = parsed.success ? 'device: not a number' : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    req.log?.warn({ error }, 'unreadable device status ignored');
    return 'ignored';
  }
  const { status, reason, timestamp } = parsed.data;
  const now = deps.clock.now();
  const outcome = await store(() =>
    recordDeviceReport(deps.db.kysely, { device, status, reason: reason ? reason.slice(0, 500) : null, reportedAt: timestamp ?? now, now }),
  );
  const ours = !deps.config.fonnte.device || deps.config.fonnte.device === device;
  req.log?.[status === 'disconnect' && ours ? 'warn' : 'info'](
    { device: maskPhone(device), status, reason, outcome, ours },
    'gateway device status received',
  );
  if (outcome === 'recorded') deps.notifyOutbox();
  return outcome;
}

async function store<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new AppError('DATABASE_UNAVAILABLE', 'could not store the status', { cause: String((err as Error)?.message ?? err) });
  }
}
