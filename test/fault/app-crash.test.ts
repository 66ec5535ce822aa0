import { createDb, type Db } from '../../src/db/create-db';
import { startAppProcess, type AppProcess } from '../support/app-process';
import { auditDeliveries, type Fault } from '../support/delivery-audit';
import { startFakeFonnte, type FakeFonnte } from '../support/fake-fonnte';
import { createMysqlTestDatabase, type MysqlTestDatabase } from '../support/mysql-databases';
import { streamWebhooks, until, type Stream } from '../support/webhook-stream';
import { requestMessages, scaled, unfinished, webhookUrl } from './fault-fixtures';

/*
 * The real service (src/main.ts) as a child process on a private MariaDB database, killed
 * with SIGKILL twice while webhooks and sends are in flight, and restarted on the same port.
 * A send the gateway accepted just before a kill is recorded nowhere, so it is sent again
 * when its claim's lease (60 s in main.ts) runs out: that is the one allowed repeat per fault.
 */
describe('the service killed with requests in flight [mysql]', () => {
  let database: MysqlTestDatabase;
  let fake: FakeFonnte;
  let app: AppProcess | undefined;
  let db: Db;
  let stream: Stream | undefined;

  beforeAll(async () => {
    database = await createMysqlTestDatabase();
    fake = await startFakeFonnte();
    // Slow enough that sends are in flight when the process dies.
    fake.setDefault({ kind: 'delay', ms: 40 });
    db = createDb(database.url, { poolSize: 2 });
  });
  afterAll(async () => {
    stream?.stop();
    await app?.kill('SIGKILL');
    await db?.destroy();
    await fake?.close();
    await database?.drop();
  });

  const start = (port?: number) => startAppProcess({ port, env: { DATABASE_URL: database.url, FONNTE_API_URL: fake.url } });

  test('When the process is killed -9 twice mid-stream and restarted, then no acknowledged message is lost or doubled and replies repeat only across a kill', async () => {
    app = await start();
    const port = app.port;
    const messages = requestMessages('crash', scaled(300));
    const live = (stream = streamWebhooks(messages, { url: webhookUrl(app.url), concurrency: 20, retryDelayMs: 250, maxAttempts: 400 }));
    const faults: Fault[] = [];
    const inFlightAtKill: number[] = [];

    for (const share of [1 / 3, 2 / 3]) {
      await until(() => live.acked() >= messages.length * share && live.inFlight() > 0, 'acks before the kill', 60_000, 2);
      inFlightAtKill.push(live.inFlight());
      const fault = { start: Date.now(), end: 0 };
      await app.kill('SIGKILL');
      fault.end = Date.now() + 500; // a request already on the wire may reach the fake just after the exit is seen
      faults.push(fault);
      app = await start(port);
    }
    const deliveries = await live.done;

    // Orphaned messages wait 15 s for the sweep, lost claims 60 s for their lease.
    await until(
      async () => {
        const left = await unfinished(db.kysely);
        return left.pending === 0 && left.open === 0;
      },
      'every message handled and every reply final',
      150_000,
      500,
    );
    expect(await app.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    app = undefined;

    const report = await auditDeliveries({ db: db.kysely, deliveries, receipts: fake.received, faults, expectTickets: true });
    if (process.env.FAULT_VERBOSE)
      console.log(
        JSON.stringify({ ...report, inFlightAtKill, errors: deliveries.flatMap((d) => d.attempts).filter((a) => a.status !== 200).length }),
      );
    expect(report.problems).toEqual([]);
    expect(report.acked).toBe(messages.length);
    expect(inFlightAtKill.every((n) => n > 0)).toBe(true);
    // The kills really cut requests: some tries failed without an HTTP answer.
    expect(deliveries.some((d) => d.attempts.some((a) => a.status === undefined))).toBe(true);
  }, 240_000);
});
