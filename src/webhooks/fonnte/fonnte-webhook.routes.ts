import express, { Router, type Request, type Response } from 'express';
import type { Config } from '../../config';
import type { Db } from '../../db/create-db';
import { isUniqueViolation } from '../../db/db-errors';
import { AppError } from '../../errors';
import type { ChatProcessor } from '../../chat/chat.processor';
import { dedupeKeyExists, type NewInbound } from '../../features/inbound/inbound.repository';
import { InboundWriter } from '../../features/inbound/inbound-writer';
import { maskPhone } from '../../logger';
import type { Metrics, WebhookOutcome } from '../../observability/metrics';
import type { Clock } from '../../shared/clock';
import { fonnteMessageSchema } from './fonnte.schema';
import { dedupeKeys, rawDedupeKey, toIncomingMessage } from './fonnte.message';
import { requireWebhookSecret } from './webhook-secret';

export interface FonnteWebhookDeps {
  db: Db;
  config: Config;
  clock: Clock;
  /** Told about each stored message; `ChatProcessor` handles it (a worker process polls instead). */
  processor: Pick<ChatProcessor, 'notify'>;
  /** Counts each request's outcome (an increment in memory; no query). */
  metrics?: Pick<Metrics, 'webhookRequest'>;
}

const WEBHOOK_BODY_LIMIT = '256kb';

/**
 * `POST /webhooks/fonnte`: the receive pipeline, in order — authenticate, read the
 * body, store the raw payload, parse, dedupe, acknowledge, dispatch. Fonnte only
 * counts HTTP 200 as delivered and redelivers anything else, so 200 is sent only
 * after the row is committed, and a storage failure answers 503 to get a redelivery.
 */
export function fonnteWebhookRouter(deps: FonnteWebhookDeps): Router {
  const router = Router();
  const writer = new InboundWriter(deps.db.kysely);
  router.post(
    '/webhooks/fonnte',
    countOutcome(deps.metrics),
    requireWebhookSecret(deps.config.webhookSecret),
    express.json({ limit: WEBHOOK_BODY_LIMIT, verify: keepRawBody }),
    express.urlencoded({ extended: false, limit: WEBHOOK_BODY_LIMIT, verify: keepRawBody }),
    async (req: Request, res: Response) => {
      const outcome = await receive(deps, writer, req.body, rawBodyOf(req));
      res.locals[OUTCOME] = outcome.status === 'accepted' ? 'stored' : outcome.status;
      if (outcome.status === 'accepted') deps.processor.notify();
      res.status(200).json({ status: outcome.status });
    },
  );
  return router;
}

type Outcome = { status: 'accepted' | 'duplicate' | 'ignored' };

const OUTCOME = 'webhookOutcome';
/** Refusals end in the error handler: their status says which one it was. */
const REFUSAL: Record<number, WebhookOutcome> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  413: 'too_large',
  503: 'unavailable',
};

/** Counts the request once its answer is sent, whichever way it ended. */
function countOutcome(metrics: FonnteWebhookDeps['metrics']): express.RequestHandler {
  return (_req, res, next) => {
    if (metrics) {
      res.once('finish', () => {
        const stored = res.locals[OUTCOME] as WebhookOutcome | undefined;
        metrics.webhookRequest(res.statusCode === 200 && stored ? stored : (REFUSAL[res.statusCode] ?? 'error'));
      });
    }
    next();
  };
}

/** The bytes Fonnte sent, kept as they came: re-serialising the parsed body could fail (deep nesting) or differ. */
const RAW_BODY = Symbol('rawBody');
function keepRawBody(req: unknown, _res: unknown, buf: Buffer): void {
  (req as Record<symbol, Buffer>)[RAW_BODY] = buf;
}
const rawBodyOf = (req: Request) => ((req as unknown as Record<symbol, Buffer | undefined>)[RAW_BODY] ?? Buffer.alloc(0)).toString('utf8');

async function receive(deps: FonnteWebhookDeps, writer: InboundWriter, body: unknown, raw: string): Promise<Outcome> {
  const { config, clock } = deps;
  const receivedAt = clock.now();
  const parsed = fonnteMessageSchema.safeParse(body);
  const message = parsed.success ? toIncomingMessage(parsed.data) : undefined;

  if (!message) {
    // Unreadable, but kept: an operator can see what arrived, and Fonnte stops redelivering it.
    const reason = parsed.success
      ? 'payload names no sender'
      : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    const key = rawDedupeKey(raw);
    return store(deps, writer, [key], unreadable(key, raw, `invalid payload: ${reason}`, receivedAt));
  }
  if (config.fonnte.device && message.device && message.device !== config.fonnte.device) {
    throw new AppError('FORBIDDEN', 'webhook for another device', { device: maskPhone(message.device) });
  }
  const ownDevice = config.fonnte.device ?? message.device;
  const isOwn = !message.isGroup && ownDevice !== null && message.chatId === ownDevice;
  const keys = dedupeKeys(message, receivedAt);
  return store(deps, writer, keys, {
    ...message,
    dedupeKey: keys[0]!,
    rawPayload: raw,
    status: isOwn ? 'ignored' : 'pending',
    error: isOwn ? 'own message' : null,
    receivedAt,
  });
}

function unreadable(dedupeKey: string, rawPayload: string, error: string, receivedAt: number): NewInbound {
  return {
    dedupeKey,
    device: null,
    chatId: 'invalid',
    senderPhone: 'invalid',
    senderName: null,
    isGroup: false,
    body: '',
    messageType: null,
    media: null,
    rawPayload,
    status: 'ignored',
    error: error.slice(0, 2000),
    sentAt: null,
    receivedAt,
  };
}

async function store(deps: FonnteWebhookDeps, writer: InboundWriter, keys: string[], row: NewInbound): Promise<Outcome> {
  const db = deps.db.kysely;
  try {
    for (const older of keys.slice(1)) if (await dedupeKeyExists(db, older)) return { status: 'duplicate' };
    if ((await writer.store(row)) === 'duplicate') return { status: 'duplicate' };
    return { status: row.status === 'pending' ? 'accepted' : 'ignored' };
  } catch (err) {
    if (isUniqueViolation(err)) return { status: 'duplicate' };
    throw new AppError('DATABASE_UNAVAILABLE', 'could not store the message', { cause: String((err as Error)?.message ?? err) });
  }
}
