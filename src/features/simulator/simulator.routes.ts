import { randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { AppError } from '../../errors';
import type { ApiDeps } from '../../http/api-deps';
import { authOf } from '../../http/auth.middleware';
import { phoneField } from '../../http/fields.schema';
import { openApiRegistry } from '../../http/openapi';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../../http/openapi-responses';
import { maskPhone } from '../../logger';
import { listByInbound } from '../outbox/outbox.repository';
import { deskOnly } from '../tickets/ticket.routes';
import { findSimulatedInbound, type SimulatedInbound } from './simulator.repository';

/** How long a request waits for its message to be handled before answering 202. */
const SIMULATOR_WAIT_MS = 10_000;
const POLL_MS = 25;

const simulatorMessageBody = z
  .strictObject({
    from: phoneField,
    text: z.string().trim().min(1).max(4000),
    name: z.string().trim().min(1).max(100).optional(),
  })
  .openapi('SimulatorMessage');

const simulatorReplySchema = z.object({
  id: z.number().int(),
  target: z.string(),
  body: z.string(),
  kind: z.string(),
  status: z.string(),
  createdAt: z.string(),
});

const simulatorResultSchema = z
  .object({
    processed: z.boolean().openapi({ description: 'false: still pending when the wait ran out (answered 202)' }),
    inbound: z.object({
      id: z.number().int(),
      status: z.enum(['pending', 'processed', 'ignored', 'failed']),
      command: z.string().nullable(),
      ticketTrackingNo: z.string().nullable(),
      error: z.string().nullable(),
    }),
    replies: z.array(simulatorReplySchema).openapi({ description: 'the replies to the sender, oldest first' }),
  })
  .openapi('SimulatorResult');

type SimulatorResult = z.infer<typeof simulatorResultSchema>;

/**
 * POST /simulator/messages (Administrator, Staf; dry-run only): a WhatsApp message as any
 * number, through the real receive pipeline. It is posted to this process's own Fonnte
 * webhook with the secret, so authentication, storage, dedupe and dispatch are exactly
 * those of a real delivery; the answer waits (bounded) until the message was handled.
 */
export function simulatorRouter(deps: ApiDeps): Router {
  const { config, db } = deps;
  const r = Router();

  r.post('/simulator/messages', deskOnly, async (req, res) => {
    // With a live gateway the replies would reach real phones: the simulator does not exist then.
    if (!config.fonnte.dryRun) throw new AppError('NOT_FOUND', 'the simulator is available only while the gateway is in dry-run');
    const body = simulatorMessageBody.parse(req.body);
    const inboxId = `sim-${randomUUID()}`;
    const payload = {
      device: config.fonnte.device ?? '',
      sender: body.from,
      pengirim: body.from,
      member: '',
      name: body.name ?? 'Simulator',
      message: body.text,
      pesan: body.text,
      text: 'non-button message',
      url: '',
      type: 'text',
      inboxid: inboxId,
      isgroup: false,
      timestamp: Math.floor(deps.clock.now() / 1000),
    };
    const answer = await fetch(`${ownOrigin(req)}/webhooks/fonnte?secret=${encodeURIComponent(config.webhookSecret)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': String(req.id) },
      body: JSON.stringify(payload),
    });
    if (answer.status === 503) throw new AppError('DATABASE_UNAVAILABLE', 'the webhook could not store the message');
    if (answer.status !== 200) throw new Error(`own webhook answered ${answer.status}`);
    req.log.info({ staffId: authOf(req).staffId, from: maskPhone(body.from) }, 'simulated WhatsApp message');

    const inbound = await waitUntilHandled(() => findSimulatedInbound(db.kysely, `inbox:${inboxId}`));
    const replies = (await listByInbound(db.kysely, inbound.id)).map((m) => ({
      id: m.id,
      target: m.target,
      body: m.body,
      kind: m.kind,
      status: m.status,
      createdAt: new Date(m.createdAt).toISOString(),
    }));
    const result: SimulatorResult = { processed: inbound.status !== 'pending', inbound, replies };
    res.status(result.processed ? 200 : 202).json(result);
  });

  return r;
}

/** Polls until the message is no longer pending, or SIMULATOR_WAIT_MS ran out. */
async function waitUntilHandled(read: () => Promise<SimulatedInbound | undefined>): Promise<SimulatedInbound> {
  const deadline = Date.now() + SIMULATOR_WAIT_MS;
  for (;;) {
    const row = await read();
    if (!row) throw new Error('the webhook accepted a simulated message that was not stored');
    if (row.status !== 'pending' || Date.now() >= deadline) return row;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** This server as reached through the socket the request came in on (loopback, or the interface it listens on). */
function ownOrigin(req: Request): string {
  const addr = req.socket.localAddress ?? '127.0.0.1';
  const host = addr.startsWith('::ffff:') ? addr.slice(7) : addr.includes(':') ? `[${addr}]` : addr;
  return `http://${host}:${req.socket.localPort}`;
}

openApiRegistry.registerPath({
  method: 'post',
  path: '/api/simulator/messages',
  tags: ['Simulator'],
  summary: 'Send a WhatsApp message as any number (dry-run only) and read the replies',
  description:
    'Administrator and Staf. The message goes through the real Fonnte webhook pipeline; the answer comes once it was handled ' +
    `(200), or after ${SIMULATOR_WAIT_MS / 1000} s with processed=false (202). 404 while the gateway is live (FONNTE_TOKEN set).`,
  security: signedIn,
  request: { body: jsonBody(simulatorMessageBody) },
  responses: {
    200: jsonResponse('the message was handled; its replies', simulatorResultSchema),
    202: jsonResponse('still pending when the wait ran out', simulatorResultSchema),
    ...errorResponses(400, 401, 403, 404),
  },
});
