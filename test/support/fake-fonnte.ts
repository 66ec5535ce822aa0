import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake answers one POST /send. */
export type FonnteBehaviour =
  | { kind: 'ok' }
  /** Any HTTP status, with an optional body (JSON when an object). */
  | { kind: 'http'; status: number; body?: unknown; delayMs?: number }
  /** HTTP 200 `{ status: false, reason }`, Fonnte's way of failing. */
  | { kind: 'statusFalse'; reason: string; delayMs?: number }
  /** Success after `ms`, or no answer at all (until close) without `ms`: for client timeouts. */
  | { kind: 'hang'; ms?: number }
  /** Success after `ms`: a slow but working gateway. */
  | { kind: 'delay'; ms: number };

export interface ReceivedSend {
  target: string;
  message: string;
  countryCode?: string;
  authorization?: string;
  /** Wall-clock ms when the request arrived. */
  at: number;
  /** The id the fake answered with, once it answered success. */
  providerId?: string;
}

export interface FakeFonnte {
  /** Base URL without trailing slash: the client posts to `${url}/send`. */
  url: string;
  /** Every POST /send, including those answered with a failure: they reached the gateway. */
  received: ReceivedSend[];
  /** Queues behaviours for the next calls, in order. */
  script(...behaviours: FonnteBehaviour[]): void;
  /** The behaviour once the script is used up (initially ok). */
  setDefault(behaviour: FonnteBehaviour): void;
  /** Resolves when at least `count` sends have been received. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  /** The most sends received and not yet answered at one moment since the last reset. */
  peakInFlight(): number;
  /** TCP connections clients opened since the last reset: a keep-alive client reuses them. */
  connectionsOpened(): number;
  /**
   * Holds every send from now on unanswered until `count` are waiting at once, then answers them
   * all and stops holding; resolves with the most that waited together. Proves concurrency without
   * a stopwatch: if the callers cannot have `count` sends out together, `timeoutMs` passes and the
   * figure says how many could.
   */
  gather(count: number, timeoutMs?: number): Promise<number>;
  /** Forgets received sends and scripts; the default becomes ok again. */
  reset(): void;
  close(): Promise<void>;
}

/** A Fonnte stand-in on 127.0.0.1 and a random port, speaking the real API's shapes. */
export async function startFakeFonnte(): Promise<FakeFonnte> {
  const received: ReceivedSend[] = [];
  let queue: FonnteBehaviour[] = [];
  let fallback: FonnteBehaviour = { kind: 'ok' };
  let nextId = 80_000_000;
  let waiters: Array<() => void> = [];
  let inFlight = 0;
  let peak = 0;
  let connections = 0;
  let gathering: { count: number; held: Array<() => void>; done: (reached: number) => void } | null = null;
  const timers = new Set<NodeJS.Timeout>();

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const success = (res: ServerResponse, call: ReceivedSend) => {
    nextId += 1;
    if (gone(res)) return; // the client gave up: nothing was answered
    call.providerId = String(nextId);
    json(res, 200, {
      detail: 'success! message in queue',
      id: [String(nextId)],
      process: 'pending',
      requestid: nextId + 1_000_000,
      status: true,
      target: [call.target],
    });
  };

  const answer = (res: ServerResponse, b: FonnteBehaviour, call: ReceivedSend) => {
    switch (b.kind) {
      case 'ok':
        return success(res, call);
      case 'delay':
        return later(b.ms, () => success(res, call));
      case 'hang':
        if (b.ms !== undefined) later(b.ms, () => success(res, call));
        return;
      case 'http':
        return later(b.delayMs ?? 0, () => json(res, b.status, b.body ?? ''));
      case 'statusFalse':
        return later(b.delayMs ?? 0, () => json(res, 200, { reason: b.reason, requestid: ++nextId, status: false }));
    }
  };

  const server = createServer((req, res) => {
    void readBody(req).then(
      (raw) => {
        if (req.method !== 'POST' || req.url?.split('?')[0] !== '/send') return json(res, 404, { status: false, reason: 'not found' });
        const fields = parseFields(raw, req.headers['content-type']);
        const call: ReceivedSend = {
          target: fields.target ?? '',
          message: fields.message ?? '',
          countryCode: fields.countryCode,
          authorization: req.headers.authorization,
          at: Date.now(),
        };
        received.push(call);
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        res.once('close', () => void (inFlight -= 1)); // answered, or given up by the client
        const waiting = waiters;
        waiters = [];
        waiting.forEach((w) => w());
        const behaviour = queue.shift() ?? fallback;
        if (!gathering) return answer(res, behaviour, call);
        gathering.held.push(() => answer(res, behaviour, call));
        if (gathering.held.length >= gathering.count) releaseGathered();
      },
      () => res.destroy(),
    );
  });
  server.on('connection', () => void (connections += 1));
  const releaseGathered = () => {
    const g = gathering;
    if (!g) return;
    gathering = null;
    g.done(g.held.length);
    g.held.forEach((send) => send());
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    script: (...behaviours) => void queue.push(...behaviours),
    setDefault: (b) => void (fallback = b),
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`fake Fonnte: ${received.length} of ${count} sends after ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
    },
    peakInFlight: () => peak,
    connectionsOpened: () => connections,
    gather(count, timeoutMs = 10_000) {
      if (gathering) throw new Error('fake Fonnte: already gathering');
      return new Promise<number>((resolve) => {
        const t = setTimeout(releaseGathered, timeoutMs);
        gathering = {
          count,
          held: [],
          done: (reached) => {
            clearTimeout(t);
            resolve(reached);
          },
        };
      });
    },
    reset() {
      releaseGathered();
      peak = inFlight;
      connections = 0;
      received.length = 0;
      queue = [];
      fallback = { kind: 'ok' };
    },
    async close() {
      releaseGathered();
      timers.forEach(clearTimeout);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseFields(raw: string, contentType: string | undefined): Record<string, string | undefined> {
  if (contentType?.includes('application/json')) {
    try {
      const body = JSON.parse(raw) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v === undefined || v === null ? undefined : String(v)]));
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

function gone(res: ServerResponse): boolean {
  return res.destroyed || !res.socket || res.socket.destroyed;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  if (gone(res)) return;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' });
  res.end(text);
}
