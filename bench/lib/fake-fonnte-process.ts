/*
 * The fake Fonnte (test/support/fake-fonnte.ts) in a process of its own, so its CPU is its own and
 * not the bench's. Run as an entry, it starts the fake and a small control server on PORT:
 *   GET /health              200 once ready
 *   GET /info                {"url": the fake's base URL}
 *   GET /count               {"received": sends received so far}
 *   GET /received?from=N     the receipts from index N on (target, message, at)
 *   POST /default            body: a FonnteBehaviour, the answer to every send from now on
 *   POST /reset              forgets the receipts; the default becomes ok again
 * Imported, `startFakeFonnteProcess()` starts it as a child and answers a client for it.
 */
import http from 'node:http';
import { startAppProcess, type AppProcess } from '../../test/support/app-process';
import { startFakeFonnte, type FonnteBehaviour, type ReceivedSend } from '../../test/support/fake-fonnte';

export interface FakeFonnteProcess {
  /** The fake's base URL, for FONNTE_API_URL. */
  url: string;
  pid: number;
  /** Sends received since the start or the last reset. */
  count(): Promise<number>;
  /** Receipts from index `from` on. */
  receivedFrom(from: number): Promise<ReceivedSend[]>;
  setDefault(b: FonnteBehaviour): Promise<void>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

async function call<T>(base: string, method: 'GET' | 'POST', p: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`fake Fonnte control ${method} ${p}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

export async function startFakeFonnteProcess(): Promise<FakeFonnteProcess> {
  const proc: AppProcess = await startAppProcess({ entry: 'bench/lib/fake-fonnte-process.ts', env: {} });
  const { url } = await call<{ url: string }>(proc.url, 'GET', '/info');
  return {
    url,
    pid: proc.pid,
    count: async () => (await call<{ received: number }>(proc.url, 'GET', '/count')).received,
    receivedFrom: (from) => call<ReceivedSend[]>(proc.url, 'GET', `/received?from=${from}`),
    setDefault: async (b) => void (await call(proc.url, 'POST', '/default', b)),
    reset: async () => void (await call(proc.url, 'POST', '/reset', {})),
    close: async () => void (await proc.kill('SIGTERM')),
  };
}

async function serve(): Promise<void> {
  const fake = await startFakeFonnte();
  const readJson = (req: http.IncomingMessage) =>
    new Promise<unknown>((resolve, reject) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        try {
          resolve(raw ? JSON.parse(raw) : {});
        } catch (err) {
          reject(err);
        }
      });
    });
  const send = (res: http.ServerResponse, body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const control = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    void (async () => {
      if (u.pathname === '/health' || u.pathname === '/info') return send(res, { status: 'ok', url: fake.url });
      if (u.pathname === '/count') return send(res, { received: fake.received.length });
      if (u.pathname === '/received') {
        const from = Number(u.searchParams.get('from') ?? 0);
        return send(
          res,
          fake.received.slice(from).map((r) => ({ target: r.target, message: r.message, at: r.at })),
        );
      }
      if (u.pathname === '/default' && req.method === 'POST') {
        fake.setDefault((await readJson(req)) as FonnteBehaviour);
        return send(res, { ok: true });
      }
      if (u.pathname === '/reset' && req.method === 'POST') {
        fake.reset();
        return send(res, { ok: true });
      }
      res.writeHead(404).end();
    })().catch(() => res.writeHead(400).end());
  });
  control.listen(Number(process.env.PORT), '127.0.0.1');
  const stop = () => {
    control.close();
    void fake.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (require.main === module) void serve();
