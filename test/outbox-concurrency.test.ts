import pino from 'pino';
import { createFonnteClient } from '../src/fonnte/fonnte-client';
import { OutboxWorker, type OutboxWorkerOptions } from '../src/features/outbox/outbox.worker';
import { Metrics } from '../src/observability/metrics';
import { replaceOutboxBacklog } from './support/factories';
import { ManualClock } from './support/manual-clock';
import { startFakeFonnte, type FakeFonnte, type FonnteBehaviour } from './support/fake-fonnte';
import { describeEachDialect, openTestDb, type TestDb } from './support/test-db';

/*
 * The outbox's adaptive send limit against the fake gateway, counted where it matters: how many
 * sends the gateway had open at once (never a stopwatch). It starts at `concurrency`, grows while
 * sends succeed with work waiting, and halves when the gateway fails.
 */
describeEachDialect('outbox send concurrency', (dialect) => {
  let t: TestDb;
  let fake: FakeFonnte;
  let clock: ManualClock;
  const workers: OutboxWorker[] = [];

  beforeAll(async () => {
    t = await openTestDb(dialect);
    fake = await startFakeFonnte();
  });
  afterAll(async () => {
    await fake?.close();
    await t?.close();
  });
  beforeEach(() => {
    fake.reset();
    clock = new ManualClock(Date.UTC(2025, 0, 6, 2, 0, 0));
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  });

  function makeWorker(over: Partial<OutboxWorkerOptions> & { timeoutMs?: number } = {}): OutboxWorker {
    const { timeoutMs = 5000, ...rest } = over;
    const worker = new OutboxWorker({
      db: t.db,
      clock,
      logger: pino({ level: 'silent' }),
      client: createFonnteClient({ apiUrl: fake.url, token: 'test-token', timeoutMs, maxSockets: 64 }),
      maxAttempts: 10,
      leaseMs: Math.max(10_000, timeoutMs + 1000),
      random: () => 0.5,
      ...rest,
    });
    workers.push(worker);
    return worker;
  }

  async function statuses(): Promise<Record<string, number>> {
    const rows = await t.db.kysely.selectFrom('outbound_messages').select(['status', 'attempts']).execute();
    const out: Record<string, number> = {};
    for (const r of rows) out[r.status] = (out[r.status] ?? 0) + 1;
    return out;
  }

  function expectEachReceivedOnce(count: number): void {
    expect(fake.received).toHaveLength(count);
    expect(new Set(fake.received.map((r) => r.message)).size).toBe(count);
  }

  test('When a slow gateway accepts every send, then drain() has more than `concurrency` sends out at once, never more than the ceiling', async () => {
    await replaceOutboxBacklog(t.db, 200, 'grow', clock.now());
    fake.setDefault({ kind: 'delay', ms: 50 });
    const worker = makeWorker({ concurrency: 4, maxConcurrency: 24 });

    expect(await worker.drain()).toBe(200);

    expect(fake.peakInFlight()).toBeGreaterThan(4);
    expect(fake.peakInFlight()).toBeLessThanOrEqual(24);
    expect(worker.sendLimit).toBeGreaterThan(4);
    expectEachReceivedOnce(200);
    expect(await statuses()).toEqual({ sent: 200 });
  });

  test('When the running loop meets a backlog and a slow gateway, then it grows past `concurrency` too, each reply sent once, and the gauge shows the limit', async () => {
    await replaceOutboxBacklog(t.db, 300, 'loop', clock.now());
    fake.setDefault({ kind: 'delay', ms: 50 });
    const metrics = new Metrics({ db: t.db, clock, device: undefined, dryRun: false, processMetrics: false });
    const worker = makeWorker({ concurrency: 4, maxConcurrency: 32, metrics, pollMs: 50 });
    expect(await metrics.scrape()).toMatch(/^wa_ticketing_outbox_send_concurrency 4$/m);

    worker.start();
    await fake.waitFor(300, 30_000);
    await worker.stop();

    expect(fake.peakInFlight()).toBeGreaterThan(4);
    expect(fake.peakInFlight()).toBeLessThanOrEqual(32);
    expectEachReceivedOnce(300);
    expect(await statuses()).toEqual({ sent: 300 });
    const gauge = /^wa_ticketing_outbox_send_concurrency (\d+)$/m.exec(await metrics.scrape());
    expect(Number(gauge?.[1])).toBe(worker.sendLimit);
    expect(worker.sendLimit).toBeGreaterThan(4);
  });

  test.each<{ name: string; failing: FonnteBehaviour; timeoutMs?: number }>([
    { name: 'HTTP 500', failing: { kind: 'http', status: 500 } },
    { name: 'HTTP 503 with a proxy page', failing: { kind: 'http', status: 503, body: '<html>Service Unavailable</html>' } },
    { name: 'status:false (request timeout)', failing: { kind: 'statusFalse', reason: 'request timeout' } },
    { name: 'no answer within the client timeout', failing: { kind: 'hang' }, timeoutMs: 1000 },
  ])(
    'When the gateway fails with $name, then the limit halves and the next sends go out fewer at once',
    async ({ failing, timeoutMs = 5000 }) => {
      await replaceOutboxBacklog(t.db, 8, 'fail', clock.now());
      fake.setDefault(failing);
      const worker = makeWorker({ concurrency: 8, maxConcurrency: 64, timeoutMs });

      // The gateway holds the sends until all 8 are out together, then fails them all.
      const first = fake.gather(8);
      expect(await worker.drain()).toBe(8);
      expect(await first).toBe(8);
      // One halving for the 8 that failed together, not one per send.
      expect(worker.sendLimit).toBe(4);
      expect(await statuses()).toEqual({ retry: 8 });

      // The retries are due; the gateway holds every send until 8 wait together, or for a while
      // shorter than the client's timeout (so no held send fails meanwhile), and then accepts them.
      clock.advance(3600_000);
      fake.reset();
      const together = fake.gather(8, timeoutMs / 2);
      const drained = worker.drain();
      expect(await together).toBe(4);
      expect(await drained).toBe(8);
      expect(await statuses()).toEqual({ sent: 8 });
    },
  );

  test('When the gateway refuses a message for good (target invalid), then the limit stays: that is the message, not the load', async () => {
    await replaceOutboxBacklog(t.db, 8, 'dead', clock.now());
    fake.setDefault({ kind: 'statusFalse', reason: 'target invalid' });
    const worker = makeWorker({ concurrency: 8, maxConcurrency: 64 });

    expect(await worker.drain()).toBe(8);
    expect(worker.sendLimit).toBe(8);
    expect(await statuses()).toEqual({ dead: 8 });
  });

  test('When maxConcurrency is not given, then the limit is fixed at `concurrency` (the worker as before)', async () => {
    await replaceOutboxBacklog(t.db, 100, 'fixed', clock.now());
    fake.setDefault({ kind: 'delay', ms: 20 });
    const worker = makeWorker({ concurrency: 4 });

    expect(await worker.drain()).toBe(100);
    expect(fake.peakInFlight()).toBe(4);
    expect(worker.sendLimit).toBe(4);
  });

  test('When maxConcurrency is below concurrency, then the worker refuses to start', () => {
    expect(() => makeWorker({ concurrency: 8, maxConcurrency: 4 })).toThrow(/maxConcurrency/);
  });
});
