import http from 'node:http';
import { createDb, type Db } from '../../src/db/create-db';
import { startAppProcess, type AppProcess } from '../support/app-process';
import { auditDeliveries } from '../support/delivery-audit';
import { startFakeFonnte, type FakeFonnte } from '../support/fake-fonnte';
import { createMysqlTestDatabase, type MysqlTestDatabase } from '../support/mysql-databases';
import { streamWebhooks, until, type Stream, type Attempt } from '../support/webhook-stream';
import { requestMessages, scaled, unfinished, webhookUrl } from './fault-fixtures';

/*
 * SIGTERM while webhooks and sends are in flight. The README promises: stop accepting
 * requests, finish in-flight messages and sends, then exit. So every request the service
 * took gets its answer, nothing is left claimed or pending, and — no fault having been
 * injected — the gateway gets every reply exactly once.
 */
describe('the service stopped with SIGTERM under load [mysql]', () => {
  let database: MysqlTestDatabase;
  let fake: FakeFonnte;
  let app: AppProcess | undefined;
  let db: Db;
  let stream: Stream | undefined;

  beforeAll(async () => {
    database = await createMysqlTestDatabase();
    fake = await startFakeFonnte();
    fake.setDefault({ kind: 'delay', ms: 40 });
    db = createDb(database.url, { poolSize: 2 });
  });
  // Each test starts its own service; one left running would also handle the next test's messages.
  afterEach(async () => {
    await app?.kill('SIGKILL');
    app = undefined;
  });
  afterAll(async () => {
    stream?.stop();
    await db?.destroy();
    await fake?.close();
    await database?.drop();
  });

  const start = (port?: number) => startAppProcess({ port, env: { DATABASE_URL: database.url, FONNTE_API_URL: fake.url } });

  test('When SIGTERM arrives mid-stream, then in-flight requests are answered, nothing is left claimed or pending, it exits 0, and after a restart every reply goes out once', async () => {
    app = await start();
    const port = app.port;
    const messages = requestMessages('term', scaled(300));
    // A connection per request: after the stop a new one is refused, never confused with a request in flight.
    const live = (stream = streamWebhooks(messages, {
      url: webhookUrl(app.url),
      concurrency: 20,
      retryDelayMs: 250,
      maxAttempts: 400,
      keepAlive: false,
    }));

    await until(() => live.acked() >= messages.length / 2 && live.inFlight() > 0, 'half the messages acknowledged', 60_000, 2);
    const termAt = Date.now();
    const exit = await app.kill('SIGTERM');
    const exitAt = Date.now();
    app = undefined;

    // Tries that were running when SIGTERM was sent, and how they ended.
    const cut = (a: Attempt) => a.startedAt < termAt && a.endedAt >= termAt && a.status === undefined && a.error !== 'ECONNREFUSED';
    const atStop = live.deliveries.flatMap((d) => d.attempts.filter((a) => a.startedAt < termAt && a.endedAt >= termAt));
    const left = await unfinished(db.kysely);
    const storedUnanswered = await storedButNeverAcknowledged(db, live.deliveries);
    // A connection still waiting in the kernel's accept queue when the listening socket closes is
    // reset without the service ever reading it, like a refused one: fast acknowledgements with a
    // connection per request leave several there at any moment. Such a request must not have been
    // stored; its retry after the restart delivers it (checked below). One the service had read
    // is answered before the exit, so a cut request that was stored is a defect.
    const stored = await storedKeys(db);
    const cutAfterStoring = live.deliveries.filter((d) => d.attempts.some(cut) && stored.has(d.key)).map((d) => d.key);

    expect({ exit, stoppedWithinMs: exitAt - termAt < 25_000 }).toEqual({ exit: { code: 0, signal: null }, stoppedWithinMs: true });
    expect(atStop.length).toBeGreaterThan(0);
    expect({
      failedWith5xx: atStop.filter((a) => (a.status ?? 0) >= 500).length,
      cutAfterStoring,
      storedUnanswered,
      pending: left.pending,
      claimed: left.sending,
    }).toEqual({ failedWith5xx: 0, cutAfterStoring: [], storedUnanswered: [], pending: 0, claimed: 0 });

    app = await start(port);
    const deliveries = await live.done;
    await until(
      async () => {
        const l = await unfinished(db.kysely);
        return l.pending === 0 && l.open === 0;
      },
      'every reply final after the restart',
      60_000,
      200,
    );
    const report = await auditDeliveries({ db: db.kysely, deliveries, receipts: fake.received, faults: [], expectTickets: true });
    expect(report.problems).toEqual([]);
  }, 120_000);

  test('When a webhook body is still arriving at SIGTERM, then that request is answered 200 and its message handled before the exit', async () => {
    app = await start();
    const [message] = requestMessages('slow', 1);
    const body = JSON.stringify(message!.payload);
    const half = Math.floor(body.length / 2);
    // Fonnte on a slow link: headers and half the body now, the rest after the stop began.
    const req = http.request(webhookUrl(app.url), {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    const answer = new Promise<number | string>((resolve) => {
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    });
    req.write(body.slice(0, half));
    await new Promise((r) => setTimeout(r, 300));
    const exited = app.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    req.end(body.slice(half));
    const [status, exit] = await Promise.all([answer, exited]);
    app = undefined;

    const row = await db.kysely
      .selectFrom('inbound_messages')
      .select('status')
      .where('body', 'like', `%${message!.key}%`)
      .executeTakeFirst();
    expect({ status, exit, stored: row?.status }).toEqual({ status: 200, exit: { code: 0, signal: null }, stored: 'processed' });
  }, 60_000);
});

/**
 * Keys of messages the stopped service stored without any try of theirs getting a 200: an
 * acknowledgement the stop swallowed. (Fonnte would redeliver and get "duplicate", so nothing
 * is lost, but the request was in flight and was not finished.)
 */
const storedKeys = async (db: Db) =>
  new Set((await db.kysely.selectFrom('inbound_messages').select('body').execute()).map((r) => r.body.split(' ')[1]));

async function storedButNeverAcknowledged(db: Db, deliveries: Array<{ key: string; attempts: Attempt[] }>): Promise<string[]> {
  const keys = await storedKeys(db);
  return deliveries.filter((d) => keys.has(d.key) && !d.attempts.some((a) => a.status === 200)).map((d) => d.key);
}
