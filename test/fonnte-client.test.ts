import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Socket, type AddressInfo } from 'node:net';
import { createFonnteClient, sendFailureKind } from '../src/fonnte/fonnte-client';
import { startFakeFonnte, type FakeFonnte } from './support/fake-fonnte';

/* The client's connections to Fonnte: kept alive and reused, bounded by maxSockets. */
describe('Fonnte client connections', () => {
  let fake: FakeFonnte;

  beforeAll(async () => {
    fake = await startFakeFonnte();
  });
  afterAll(async () => {
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  test('When one client sends 20 messages one after another, then they all travel on one connection', async () => {
    const client = createFonnteClient({ apiUrl: fake.url, token: 'test-token', timeoutMs: 5000 });
    for (let i = 0; i < 20; i++) expect(await client.send('6281200000001', `pesan ${i}`)).toMatchObject({ kind: 'sent' });
    expect(fake.received).toHaveLength(20);
    expect(fake.connectionsOpened()).toBe(1);
  });

  test('When sends reuse a kept-alive socket, then TCP keep-alive is always asked for with the same delay (one setsockopt per socket)', async () => {
    // axios asks for 60 s on every request's socket and the agent for its keepAliveMsecs on every
    // release: with two values Node made the system call twice per send.
    const spy = jest.spyOn(Socket.prototype, 'setKeepAlive');
    try {
      const client = createFonnteClient({ apiUrl: fake.url, token: 'test-token', timeoutMs: 5000 });
      for (let i = 0; i < 5; i++) expect(await client.send('6281200000001', `pesan ${i}`)).toMatchObject({ kind: 'sent' });
      expect(fake.connectionsOpened()).toBe(1);
      expect(spy.mock.calls.length).toBeGreaterThanOrEqual(5);
      expect(new Set(spy.mock.calls.map(([enable, delay]) => `${String(enable)} ${delay}`))).toEqual(new Set(['true 60000']));
    } finally {
      spy.mockRestore();
    }
  });

  test('When 30 sends go out together on a client of 10 sockets, then at most 10 connections exist and the rest wait for one', async () => {
    fake.setDefault({ kind: 'delay', ms: 20 });
    const client = createFonnteClient({ apiUrl: fake.url, token: 'test-token', timeoutMs: 5000, maxSockets: 10 });
    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => client.send('6281200000002', `pesan ${i}`)));
    expect(outcomes.every((o) => o.kind === 'sent')).toBe(true);
    expect(fake.peakInFlight()).toBeLessThanOrEqual(10);
    expect(fake.connectionsOpened()).toBeLessThanOrEqual(10);
    // And they are kept: another round opens none.
    const before = fake.connectionsOpened();
    await Promise.all(Array.from({ length: 10 }, (_, i) => client.send('6281200000002', `lagi ${i}`)));
    expect(fake.connectionsOpened()).toBe(before);
  });
});

/* What Fonnte receives, and how long a send may take: the same bytes as before, one bound on the whole exchange. */
describe('Fonnte client requests and timeouts', () => {
  /** A gateway of our own making, for answers the fake does not give (a body that trickles in). */
  let server: Server;
  let url: string;
  let handle: (req: IncomingMessage, body: string, res: ServerResponse) => void;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => handle(req, body, res));
    });
    server.on('connection', (s) => {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('When a reply is sent, then Fonnte receives the form body URLSearchParams would encode, its content type and the token', async () => {
    let seen: { body: string; headers: IncomingMessage['headers']; method?: string; path?: string } | undefined;
    handle = (req, body, res) => {
      seen = { body, headers: req.headers, method: req.method, path: req.url };
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":true,"id":["91"]}');
    };
    const client = createFonnteClient({ apiUrl: `${url}/`, token: 'secret-token', timeoutMs: 5000 });
    // Spaces, the characters encodeURIComponent leaves bare, a line break, non-ASCII and a cut emoji.
    const message = "Tiket #REQ-1 (baru)! ~ it's café 日本\nbaris 2 + 50% & a=b \ud83d";
    expect(await client.send('6281200000009', message)).toEqual({ kind: 'sent', providerId: '91' });
    expect(seen).toMatchObject({ method: 'POST', path: '/send' });
    expect(seen!.body).toBe(new URLSearchParams({ target: '6281200000009', message, countryCode: '0' }).toString());
    expect(seen!.headers).toMatchObject({
      authorization: 'secret-token',
      'content-type': 'application/x-www-form-urlencoded;charset=utf-8',
      accept: 'application/json, text/plain, */*',
    });
  });

  test('When HTTP_PROXY is set as the client is built, then sends go through that proxy as axios always sent them', async () => {
    let proxied: string | undefined;
    handle = (req, _body, res) => {
      proxied = req.url;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":true}');
    };
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
    process.env.HTTP_PROXY = url;
    delete process.env.NO_PROXY;
    try {
      const client = createFonnteClient({ apiUrl: 'http://fonnte.invalid', token: 't', timeoutMs: 5000 });
      expect(await client.send('6281200000009', 'x')).toEqual({ kind: 'sent' });
      expect(proxied).toBe('http://fonnte.invalid/send');
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  test('When Fonnte answers with text that is not JSON, then the send is retried with the text in its reason', async () => {
    handle = (_req, _body, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>');
    const client = createFonnteClient({ apiUrl: url, token: 't', timeoutMs: 5000 });
    expect(await client.send('6281200000009', 'x')).toEqual({
      kind: 'retry',
      reason: 'HTTP 200 unexpected body: <html>maintenance</html>',
    });
  });

  test('When the gateway accepts a send and never answers, then the send ends as a timeout', async () => {
    handle = () => undefined;
    const client = createFonnteClient({ apiUrl: url, token: 't', timeoutMs: 300 });
    const outcome = await client.send('6281200000009', 'x');
    expect(outcome).toEqual({ kind: 'retry', reason: 'timeout after 300 ms (Fonnte may have queued it)' });
    expect(sendFailureKind((outcome as { reason: string }).reason)).toBe('timeout');
  });

  test('When the gateway answers the headers and then trickles the body without end, then the send still ends as a timeout', async () => {
    // A byte every 50 ms keeps the socket from ever being idle for the timeout: only a bound on the
    // whole exchange ends this send.
    const trickles = new Set<NodeJS.Timeout>();
    handle = (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
      const t = setInterval(() => res.write(' '), 50);
      trickles.add(t);
      res.once('close', () => clearInterval(t));
    };
    const client = createFonnteClient({ apiUrl: url, token: 't', timeoutMs: 300 });
    try {
      expect(await client.send('6281200000009', 'x')).toEqual({
        kind: 'retry',
        reason: 'timeout after 300 ms (Fonnte may have queued it)',
      });
    } finally {
      for (const t of trickles) clearInterval(t);
    }
  });

  test('When a send timed out, then the next one on the same client opens a fresh connection and is sent', async () => {
    let calls = 0;
    handle = (_req, _body, res) => {
      calls += 1;
      if (calls === 1) return; // the first never answers
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":true,"id":"92"}');
    };
    const client = createFonnteClient({ apiUrl: url, token: 't', timeoutMs: 300 });
    expect(await client.send('6281200000009', 'x')).toMatchObject({ kind: 'retry' });
    expect(await client.send('6281200000009', 'y')).toEqual({ kind: 'sent', providerId: '92' });
  });
});
