// An outbox sender on the test app's database and manual clock, recording when (in simulated time) it called the gateway.
import pino from 'pino';
import { createFonnteClient, type FonnteClient } from '../../src/fonnte/fonnte-client';
import { OutboxWorker } from '../../src/features/outbox/outbox.worker';
import type { FonnteBehaviour } from '../support/fake-fonnte';
import type { TestApp } from '../support/test-app';
export { seeded } from '../support/seeded-random';

export interface SimulatedSend {
  target: string;
  message: string;
  /** The manual clock when the worker called the gateway. */
  at: number;
}

/**
 * A worker like the real one (10 attempts, 4 in flight at start, adapting up to 32) on the test app's manual clock, with a
 * client that records each send, a 300 ms client timeout by default (so a hanging gateway costs
 * the test 300 ms instead of 15 s) and jitter from `random`. The timeout is real time: a send the
 * fake answers after it counts as a timeout, is retried, and so is delivered twice.
 */
export function simulatedSender(app: TestApp, random: () => number, timeoutMs = 300) {
  const sends: SimulatedSend[] = [];
  const real = createFonnteClient({ apiUrl: app.fonnte.url, token: 'test-token', timeoutMs });
  const client: FonnteClient = {
    timeoutMs: real.timeoutMs,
    send(target, message) {
      sends.push({ target, message, at: app.clock.now() });
      return real.send(target, message);
    },
  };
  const worker = new OutboxWorker({
    db: app.db,
    clock: app.clock,
    logger: pino({ level: 'silent' }),
    client,
    maxAttempts: 10,
    // Adaptive like the real one (OUTBOX_CONCURRENCY 4 → OUTBOX_MAX_CONCURRENCY 32): the faults must hold with the limit moving.
    maxConcurrency: 32,
    // The lease must outlive the client's timeout (the worker checks).
    leaseMs: Math.max(1000, timeoutMs + 700),
    random,
  });
  return { worker, sends };
}

/**
 * Sends until no reply is open, jumping the manual clock to the next due retry (at least a
 * second at a time, so a paused sender gets time to resume). `onTick` sees each new time,
 * e.g. to bring the gateway back. Returns the simulated time it took.
 */
export async function runUntilQuiet(
  app: TestApp,
  worker: OutboxWorker,
  onTick: (now: number) => void = () => undefined,
  maxSimMs = 6 * 3600_000,
): Promise<number> {
  const t0 = app.clock.now();
  for (;;) {
    onTick(app.clock.now());
    const processed = await worker.drain();
    if (processed > 0) continue;
    const open = await app.db.kysely
      .selectFrom('outbound_messages')
      .select('due_at')
      .where('status', 'in', ['queued', 'retry', 'sending'])
      .execute();
    if (open.length === 0) return app.clock.now() - t0;
    const next = Math.min(...open.map((r) => Number(r.due_at)));
    app.clock.set(Math.max(next, app.clock.now() + 1000));
    if (app.clock.now() - t0 > maxSimMs) throw new Error(`outbox still open after ${maxSimMs / 3600_000} simulated hours`);
  }
}

/** The gateway's answers for `count` calls in a row, drawn with `random`: roughly 30 % 5xx, 15 % retryable refusals, 5 % permanent. */
export function flakyScript(count: number, random: () => number): FonnteBehaviour[] {
  return Array.from({ length: count }, (): FonnteBehaviour => {
    const r = random();
    if (r < 0.1) return { kind: 'http', status: 500 };
    if (r < 0.2) return { kind: 'http', status: 502, body: '<html>Bad gateway</html>' };
    if (r < 0.3) return { kind: 'http', status: 503 };
    if (r < 0.35) return { kind: 'statusFalse', reason: 'request invalid on disconnected device' };
    if (r < 0.4) return { kind: 'statusFalse', reason: 'insufficient quota' };
    if (r < 0.45) return { kind: 'statusFalse', reason: 'request timeout' };
    if (r < 0.475) return { kind: 'statusFalse', reason: 'target invalid' };
    if (r < 0.5) return { kind: 'statusFalse', reason: 'input invalid' };
    return { kind: 'ok' };
  });
}

export const PERMANENT = new Set(['target invalid', 'input invalid']);
