// Plays Fonnte's side of the webhook: every message is posted until it gets a 200, and every try is recorded.
import http from 'node:http';

export interface Attempt {
  startedAt: number;
  endedAt: number;
  /** The HTTP status, or undefined when the request failed without one (refused, reset, timed out). */
  status?: number;
  /** The body's `status` field on a 200: accepted, duplicate or ignored. */
  outcome?: string;
  error?: string;
}

export interface Delivery {
  /** A token unique to this message, also written into its text so rows can be matched back. */
  key: string;
  payload: object;
  attempts: Attempt[];
  /** When the first 200 arrived: from then on Fonnte considers it delivered. */
  ackedAt?: number;
}

export interface StreamOptions {
  /** The webhook URL with its secret. */
  url: string;
  /** Requests in flight at once. */
  concurrency: number;
  /** Fonnte waits a minute between tries; tests compress that. */
  retryDelayMs: number;
  /** Fonnte tries 16 times in all; tests allow more because their minutes are shorter. */
  maxAttempts: number;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** false opens a connection per request, so a refused connection is never mistaken for a request in flight. */
  keepAlive?: boolean;
}

export interface Stream {
  deliveries: Delivery[];
  /** Resolves when every message was acknowledged or ran out of attempts. */
  done: Promise<Delivery[]>;
  /** Acknowledged so far. */
  acked(): number;
  /** Requests started but not finished at this moment. */
  inFlight(): number;
  /** Gives up: no more tries are started (a failed test must not leave retries running). */
  stop(): void;
}

/**
 * Posts `messages` with `concurrency` requests in flight, retrying anything but a 200 as
 * Fonnte does (https://docs.fonnte.com/webhook/: only HTTP 200 counts as delivered).
 * A retried message waits `retryDelayMs` without holding a slot, so the stream goes on.
 */
export function streamWebhooks(messages: Array<{ key: string; payload: object }>, opts: StreamOptions): Stream {
  const agent = new http.Agent({ keepAlive: opts.keepAlive ?? true, maxSockets: opts.concurrency });
  const deliveries: Delivery[] = messages.map((m) => ({ ...m, attempts: [] }));
  const queue = [...deliveries];
  const waiting = new Set<NodeJS.Timeout>();
  let active = 0;
  let finished = 0;
  let acked = 0;
  let stopped = false;
  let resolveDone!: (d: Delivery[]) => void;
  const done = new Promise<Delivery[]>((r) => (resolveDone = r));
  const stop = () => {
    stopped = true;
    waiting.forEach(clearTimeout);
    waiting.clear();
    agent.destroy();
    resolveDone(deliveries);
  };

  const pump = () => {
    while (!stopped && active < opts.concurrency && queue.length > 0) {
      const d = queue.shift()!;
      active += 1;
      void post(opts, agent, d.payload).then((attempt) => {
        active -= 1;
        d.attempts.push(attempt);
        if (attempt.status === 200) {
          d.ackedAt = attempt.endedAt;
          acked += 1;
          finished += 1;
        } else if (d.attempts.length >= opts.maxAttempts) {
          finished += 1;
        } else if (!stopped) {
          const t = setTimeout(() => {
            waiting.delete(t);
            queue.push(d);
            pump();
          }, opts.retryDelayMs);
          waiting.add(t);
        }
        if (finished === deliveries.length) stop();
        pump();
      });
    }
  };
  if (deliveries.length === 0) resolveDone(deliveries);
  pump();
  return { deliveries, done, acked: () => acked, inFlight: () => active, stop };
}

function post(opts: StreamOptions, agent: http.Agent, payload: object): Promise<Attempt> {
  const body = JSON.stringify(payload);
  const startedAt = Date.now();
  return new Promise((resolve) => {
    const req = http.request(
      opts.url,
      {
        method: 'POST',
        agent,
        timeout: opts.timeoutMs ?? 10_000,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => resolve({ startedAt, endedAt: Date.now(), error: `response: ${err.message}` }));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let outcome: string | undefined;
          try {
            outcome = (JSON.parse(text) as { status?: string }).status;
          } catch {
            outcome = undefined;
          }
          resolve({ startedAt, endedAt: Date.now(), status: res.statusCode, outcome });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ startedAt, endedAt: Date.now(), error: err.code ?? err.message }));
    req.end(body);
  });
}

/** Resolves once `check()` holds, polling; rejects with `what` after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000, everyMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
