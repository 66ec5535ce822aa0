import { auditDeliveries, type Fault } from '../support/delivery-audit';
import { healthStatus } from '../support/app-process';
import { startFakeFonnte, type FakeFonnte } from '../support/fake-fonnte';
import { startMariaDb, type MariaDbServer } from '../support/mariadb-server';
import { createMysqlTestDatabase } from '../support/mysql-databases';
import { streamWebhooks, until, type Stream } from '../support/webhook-stream';
import { requestMessages, scaled, unfinished, webhookUrl } from './fault-fixtures';
import { startInProcessService, type InProcessService } from './in-process-service';

/*
 * A MariaDB of its own (not the suite's shared one), killed with SIGKILL while webhooks,
 * processing and sends are in flight, then restarted on the same data dir and port: InnoDB
 * crash recovery keeps exactly what was committed (innodb_flush_log_at_trx_commit=1).
 * Fonnte counts only a 200 as delivered, so the webhook must never answer 200 for a
 * message the database does not hold.
 */
describe('MariaDB killed under a stream of webhooks [mysql]', () => {
  let server: MariaDbServer | undefined;
  let fake: FakeFonnte;
  let svc: InProcessService | undefined;
  let stream: Stream | undefined;

  beforeAll(async () => {
    server = await startMariaDb();
    fake = await startFakeFonnte();
    fake.setDefault({ kind: 'delay', ms: 20 });
  }, 60_000);
  afterAll(async () => {
    stream?.stop();
    await svc?.close().catch(() => undefined);
    await fake?.close();
    await server?.stop();
  });

  test('When MariaDB is killed -9 mid-stream and restarted, then the webhook answers only 503 while it is down and no acknowledged message is lost', async () => {
    const database = await createMysqlTestDatabase(server!.url);
    const service = (svc = await startInProcessService(database.url, fake.url));
    const messages = requestMessages('dbkill', scaled(400));
    const live = (stream = streamWebhooks(messages, {
      url: webhookUrl(service.url),
      concurrency: 20,
      retryDelayMs: 100,
      maxAttempts: 500,
    }));

    await until(() => live.acked() >= messages.length / 3, 'a third acknowledged', 60_000, 2);
    const fault: Fault = { start: Date.now(), end: 0 };
    const { dataDir, port } = server!;
    await server!.kill();
    const down = Date.now();
    await new Promise((r) => setTimeout(r, 1500)); // an outage long enough for many tries
    const healthWhileDown = await healthStatus(service.url);
    const restartAt = Date.now();
    server = await startMariaDb({ dataDir, port });
    fault.end = Date.now();

    const deliveries = await live.done;
    const leftover = await unfinished(service.db.kysely);
    await service.finishLeftovers();

    const duringOutage = deliveries.flatMap((d) => d.attempts).filter((a) => a.startedAt > down && a.endedAt < restartAt);
    const statuses = [...new Set(duringOutage.map((a) => a.status ?? a.error))];
    expect({ statuses, healthWhileDown }).toEqual({ statuses: [503], healthWhileDown: 503 });
    expect(duringOutage.length).toBeGreaterThan(20);

    const report = await auditDeliveries({
      db: service.db.kysely,
      deliveries,
      receipts: fake.received,
      faults: [fault],
      expectTickets: true,
    });
    if (process.env.FAULT_VERBOSE) console.log(JSON.stringify({ ...report, leftover, duringOutage: duringOutage.length }));
    expect(report.problems).toEqual([]);
    expect(report.acked).toBe(messages.length);
  }, 120_000);
});
