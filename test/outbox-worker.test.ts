import pino from 'pino';
import { sql } from 'kysely';
import { createDb, type Db } from '../src/db/create-db';
import type { Clock } from '../src/shared/clock';
import { enqueueMessage } from '../src/features/outbox/outbox.repository';
import { claimDue, markDead, markSent, requeue, selectDue } from '../src/features/outbox/outbox-delivery.repository';
import { createFonnteClient, type FonnteClient } from '../src/fonnte/fonnte-client';
import { OutboxWorker, type OutboxWorkerOptions } from '../src/features/outbox/outbox.worker';
import { backoffDelay } from '../src/shared/backoff';
import { GatewayState } from '../src/features/gateway/gateway-state';
import { recordDeviceReport } from '../src/features/gateway/gateway-device.repository';
import { describeEachDialect, openTestDb, type TestDb } from './support/test-db';
import { startFakeFonnte, type FakeFonnte } from './support/fake-fonnte';

const TOKEN = 'device-token-123';
const TARGET = '6281234567890';

/** Time stands still unless a test moves it, so due_at and leases are exact. */
class ManualClock implements Clock {
  constructor(public t = Date.UTC(2025, 0, 6, 2, 0, 0)) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

type LogLine = { level: number; msg: string; [k: string]: unknown };

function captureLogger() {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s) as LogLine) });
  return { logger, lines };
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describeEachDialect('outbox worker', (dialect) => {
  let t: TestDb;
  let fake: FakeFonnte;
  let clock: ManualClock;
  let log: ReturnType<typeof captureLogger>;
  const workers: OutboxWorker[] = [];

  beforeAll(async () => {
    t = await openTestDb(dialect);
    fake = await startFakeFonnte();
  });
  afterAll(async () => {
    await fake?.close();
    await t?.close();
  });
  beforeEach(async () => {
    fake.reset();
    clock = new ManualClock();
    log = captureLogger();
    // drain() takes everything due, so rows left by an earlier test would be counted.
    await t.db.kysely.deleteFrom('outbound_messages').execute();
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  });

  const client = (over: { timeoutMs?: number } = {}): FonnteClient =>
    createFonnteClient({ apiUrl: fake.url, token: TOKEN, timeoutMs: over.timeoutMs ?? 2000 });

  function makeWorker(over: Partial<OutboxWorkerOptions> = {}): OutboxWorker {
    const worker = new OutboxWorker({
      db: t.db,
      clock,
      logger: log.logger,
      client: client(),
      maxAttempts: 5,
      random: () => 0.5,
      ...over,
    });
    workers.push(worker);
    return worker;
  }
  const enqueue = (body = 'Tiket BRT2501001 diterima ✅', target = TARGET) =>
    enqueueMessage(t.db.kysely, { target, body, kind: 'reply' }, clock.now());
  const row = (id: number) => t.db.kysely.selectFrom('outbound_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const countSending = async () =>
    (await t.db.kysely.selectFrom('outbound_messages').select('id').where('status', '=', 'sending').execute()).length;

  test('When a queued message is drained, then it is sent once with form fields, countryCode=0 and the raw token, and the row becomes sent', async () => {
    const id = await enqueue();
    const worker = makeWorker();

    expect(await worker.drain()).toBe(1);
    expect(await worker.drain()).toBe(0);

    expect(fake.received).toHaveLength(1);
    const call = fake.received[0]!;
    expect(call).toMatchObject({ target: TARGET, message: 'Tiket BRT2501001 diterima ✅', countryCode: '0', authorization: TOKEN });
    const r = await row(id);
    expect(r).toMatchObject({ status: 'sent', attempts: 1, claim_token: null, last_error: null, due_at: null });
    expect(r.provider_id).toBe(call.providerId);
    expect(Number(r.sent_at)).toBe(clock.now());
    const sentLog = log.lines.find((l) => l.msg === 'outbox message sent');
    expect(sentLog).toMatchObject({ outboxId: id, target: '6281****890', attempts: 1 });
    expect(JSON.stringify(log.lines)).not.toContain(TARGET);
    expect(JSON.stringify(log.lines)).not.toContain(TOKEN);
  });

  test('When the worker runs in dry-run, then the message is marked dry_run, logged masked, and nothing is sent', async () => {
    const id = await enqueue('Halo dari dry run');
    expect(await makeWorker({ client: null }).drain()).toBe(1);

    expect(fake.received).toHaveLength(0);
    expect(await row(id)).toMatchObject({ status: 'dry_run', due_at: null, claim_token: null });
    const line = log.lines.find((l) => l.outboxId === id && l.level === 30);
    expect(line).toMatchObject({ target: '6281****890', body: 'Halo dari dry run' });
    expect(JSON.stringify(log.lines)).not.toContain(TARGET);
  });

  test('When the gateway fails with 500, then with a disconnected device, then recovers, then the message is sent exactly once in the end', async () => {
    fake.script({ kind: 'http', status: 500 }, { kind: 'statusFalse', reason: 'request invalid on disconnected device' });
    const id = await enqueue();
    const worker = makeWorker();

    expect(await worker.drain()).toBe(1);
    let r = await row(id);
    // random 0.5: half of the 5 s ceiling for the first retry.
    expect(r).toMatchObject({ status: 'retry', attempts: 1, last_error: 'HTTP 500', claim_token: null });
    expect(Number(r.due_at)).toBe(clock.now() + 2500);
    expect(await worker.drain()).toBe(0); // not due yet

    clock.t = Number(r.due_at);
    expect(await worker.drain()).toBe(1);
    r = await row(id);
    expect(r).toMatchObject({ status: 'retry', attempts: 2, last_error: 'request invalid on disconnected device' });
    expect(Number(r.due_at)).toBe(clock.now() + 5000);

    clock.t = Number(r.due_at);
    expect(await worker.drain()).toBe(1);
    r = await row(id);
    expect(r).toMatchObject({ status: 'sent', attempts: 3, due_at: null });
    expect(r.provider_id).toBe(fake.received[2]!.providerId);

    clock.advance(24 * 3600_000);
    expect(await worker.drain()).toBe(0);
    expect(fake.received).toHaveLength(3);
    expect(fake.received.filter((c) => c.providerId !== undefined)).toHaveLength(1);
  });

  test('When Fonnte answers "target invalid", then the message is dead with the reason after one call', async () => {
    fake.script({ kind: 'statusFalse', reason: 'target invalid' });
    const id = await enqueue('Balasan', '62800');
    const worker = makeWorker();

    expect(await worker.drain()).toBe(1);
    clock.advance(24 * 3600_000);
    expect(await worker.drain()).toBe(0);

    expect(fake.received).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: 'dead', last_error: 'target invalid', due_at: null, attempts: 1 });
  });

  test('When every attempt fails until maxAttempts and the retry window, then the message is dead with the last reason', async () => {
    fake.setDefault({ kind: 'http', status: 503, body: 'upstream down' });
    const id = await enqueue();
    const worker = makeWorker({ maxAttempts: 3, retryWindowMs: 0 });

    for (let i = 0; i < 5; i++) {
      await worker.drain();
      const due = (await row(id)).due_at;
      if (due === null) break;
      clock.t = Number(due);
    }

    expect(fake.received).toHaveLength(3);
    expect(await row(id)).toMatchObject({ status: 'dead', attempts: 3, due_at: null, last_error: 'HTTP 503: upstream down' });
    expect(log.lines.find((l) => l.msg === 'outbox message dead')).toMatchObject({ outboxId: id, attempts: 3 });
  });

  test('When attempts run out but the message is younger than the retry window, then it keeps waiting and is sent when the gateway is back', async () => {
    fake.setDefault({ kind: 'http', status: 503, body: 'upstream down' });
    const id = await enqueue();
    const worker = makeWorker({ maxAttempts: 2, retryWindowMs: 60 * 60_000 });
    for (let i = 0; i < 6; i++) {
      await worker.drain();
      clock.t = Number((await row(id)).due_at);
    }
    expect(await row(id)).toMatchObject({ status: 'retry', attempts: 6 });
    fake.setDefault({ kind: 'ok' });
    await worker.drain();
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 7 });
  });

  test('When Fonnte says "token invalid", then the message waits for a retry and the log says an operator must act', async () => {
    fake.script({ kind: 'statusFalse', reason: 'token invalid' });
    const id = await enqueue();
    expect(await makeWorker().drain()).toBe(1);

    expect(await row(id)).toMatchObject({ status: 'retry', last_error: 'token invalid' });
    expect(log.lines.find((l) => l.level === 50)).toMatchObject({ outboxId: id, reason: 'token invalid' });
  });

  test('When a send times out, then it is retried and sent later (Fonnte may then have it twice)', async () => {
    fake.script({ kind: 'hang', ms: 1500 });
    const id = await enqueue();
    const worker = makeWorker({ client: client({ timeoutMs: 300 }), leaseMs: 1000 });

    expect(await worker.drain()).toBe(1);
    const r = await row(id);
    expect(r.status).toBe('retry');
    expect(r.last_error).toMatch(/timeout after 300 ms/);

    clock.t = Number(r.due_at);
    expect(await worker.drain()).toBe(1);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(fake.received).toHaveLength(2);
  });

  test('When a worker claims a message and dies, then the message is claimed again after the lease and sent', async () => {
    const id = await enqueue();
    const [claimed] = await claimDue(t.db, { now: clock.now(), limit: 10, leaseMs: 60_000, token: 'crashed-worker' });
    expect(claimed).toMatchObject({ id, attempts: 1, claimToken: 'crashed-worker' });
    const worker = makeWorker();

    expect(await worker.drain()).toBe(0);
    expect(await row(id)).toMatchObject({ status: 'sending', claim_token: 'crashed-worker' });

    clock.advance(60_000);
    expect(await worker.drain()).toBe(1);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(fake.received).toHaveLength(1);

    // The crashed worker, back from the dead, can no longer record anything.
    expect(await markDead(t.db.kysely, id, 'crashed-worker', { now: clock.now(), error: 'late' })).toBe(false);
    expect(await row(id)).toMatchObject({ status: 'sent', last_error: null });
  });

  test("When a slow worker's claim is taken over, then its late outcome does not overwrite the new owner's", async () => {
    fake.script({ kind: 'statusFalse', reason: 'target invalid', delayMs: 400 }, { kind: 'ok' });
    const id = await enqueue();
    const slow = makeWorker();
    const fast = makeWorker();

    const slowDone = slow.drain();
    await fake.waitFor(1);
    clock.advance(60_000);
    expect(await fast.drain()).toBe(1);
    const taken = await row(id);
    expect(taken).toMatchObject({ status: 'sent', attempts: 2 });

    expect(await slowDone).toBe(1);
    expect(await row(id)).toEqual(taken);
    expect(log.lines.find((l) => /claim lost/.test(l.msg))).toMatchObject({ outboxId: id, outcome: 'dead' });
  });

  test('When two workers drain a backlog of 200 concurrently, then every message is sent exactly once', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 200; i++) ids.push(await enqueue(`pesan ${i}`, `62812${String(i).padStart(7, '0')}`));
    // On MariaDB the second worker has its own pool, as a second process would.
    const otherDb: Db = dialect === 'mysql' ? createDb(t.url, { poolSize: 5 }) : t.db;
    try {
      const a = makeWorker();
      const b = makeWorker({ db: otherDb });
      const [na, nb] = await Promise.all([a.drain(), b.drain()]);

      expect(na + nb).toBe(200);
      expect(na).toBeGreaterThan(0);
      expect(nb).toBeGreaterThan(0);
    } finally {
      if (otherDb !== t.db) await otherDb.destroy();
    }
    expect(fake.received).toHaveLength(200);
    expect(new Set(fake.received.map((c) => `${c.target}|${c.message}`)).size).toBe(200);
    const rows = await t.db.kysely.selectFrom('outbound_messages').select(['status', 'attempts']).where('id', 'in', ids).execute();
    expect(rows.every((r) => r.status === 'sent' && Number(r.attempts) === 1)).toBe(true);
  });

  test('When stop() is called during a slow send, then it waits for the send to be recorded and leaves nothing claimed', async () => {
    fake.script({ kind: 'delay', ms: 400 });
    const worker = makeWorker({ pollMs: 60_000 });
    worker.start();
    const id = await enqueue();
    worker.notify();
    await fake.waitFor(1);

    await worker.stop();
    expect(await row(id)).toMatchObject({ status: 'sent' });
    expect(await countSending()).toBe(0);

    const later = await enqueue('setelah berhenti');
    worker.notify();
    await new Promise((r) => setTimeout(r, 100));
    expect((await row(later)).status).toBe('queued');
    expect(fake.received).toHaveLength(1);
  });

  test('When a message is queued while the worker runs, then notify() sends it without waiting for the poll', async () => {
    const worker = makeWorker({ pollMs: 60_000 });
    worker.start();
    await new Promise((r) => setTimeout(r, 50)); // the first, empty poll
    const id = await enqueue();
    worker.notify();
    await fake.waitFor(1, 10_000);
    await eventually(async () => (await row(id)).status === 'sent');
  });

  test('When a message is queued without notify(), then the poll picks it up', async () => {
    const worker = makeWorker({ pollMs: 20 });
    worker.start();
    const id = await enqueue();
    await fake.waitFor(1, 10_000);
    await eventually(async () => (await row(id)).status === 'sent');
  });

  test('When the client throws for one message, then that message is retried and the others are still sent', async () => {
    const bad = await enqueue('meledak', '62811111111');
    const good = await enqueue('baik', '62822222222');
    const throwing: FonnteClient = {
      timeoutMs: 1000,
      send: async (target) => {
        if (target === '62811111111') throw new Error('boom');
        return { kind: 'sent', providerId: 'p-1' };
      },
    };
    expect(await makeWorker({ client: throwing }).drain()).toBe(2);
    expect(await row(bad)).toMatchObject({ status: 'retry', last_error: 'client error: boom' });
    expect(await row(good)).toMatchObject({ status: 'sent', provider_id: 'p-1' });
  });

  test('When a dead message is requeued, then it is sent again with a fresh attempt budget and its old error kept', async () => {
    fake.script({ kind: 'statusFalse', reason: 'input invalid' });
    const id = await enqueue();
    const worker = makeWorker();
    await worker.drain();
    expect(await requeue(t.db.kysely, id, clock.now())).toBe(true);
    expect(await row(id)).toMatchObject({ status: 'queued', attempts: 0, last_error: 'input invalid' });
    expect(await requeue(t.db.kysely, id, clock.now())).toBe(false); // only dead messages

    expect(await worker.drain()).toBe(1);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await markSent(t.db.kysely, id, 'someone-else', { now: clock.now() })).toBe(false);
  });

  test('When Fonnte reported the device disconnected, then nothing is claimed; after a reconnect and notify(), then the message is sent', async () => {
    const device = '6287710000001';
    const gateway = new GatewayState({ db: t.db, device });
    await recordDeviceReport(t.db.kysely, { device, status: 'disconnect', reason: 'logout', reportedAt: clock.now(), now: clock.now() });
    const id = await enqueue();
    const worker = makeWorker({ gateway });

    expect(await worker.drain()).toBe(0);
    expect(await row(id)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(log.lines.find((l) => l.msg === 'outbox paused: the WhatsApp device is disconnected')).toBeDefined();

    clock.advance(1000);
    await recordDeviceReport(t.db.kysely, { device, status: 'connect', reason: null, reportedAt: clock.now(), now: clock.now() });
    expect(await worker.drain()).toBe(0); // the state is cached for a few seconds…
    worker.notify(); // …unless the device webhook wakes the worker
    expect(await worker.drain()).toBe(1);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(fake.received).toHaveLength(1);
  });

  test('When a send meets a disconnected device, then nothing else is claimed until that message is due or the device reconnects, and it never dies of it', async () => {
    fake.script({ kind: 'statusFalse', reason: 'request invalid on disconnected device' });
    const device = '6287720000001';
    const gateway = new GatewayState({ db: t.db, device });
    const first = await enqueue('pertama', '62811000001');
    const second = await enqueue('kedua', '62811000002');
    const worker = makeWorker({ gateway, concurrency: 1, maxAttempts: 1 });

    expect(await worker.drain()).toBe(1);
    const r = await row(first);
    // maxAttempts is 1, yet the message waits: the device's state is not the message's fault.
    expect(r).toMatchObject({ status: 'retry', attempts: 1, last_error: 'request invalid on disconnected device' });
    expect(Number(r.due_at)).toBe(clock.now() + 2500);
    expect(await row(second)).toMatchObject({ status: 'queued', attempts: 0 });

    clock.advance(1000);
    expect(await worker.drain()).toBe(0); // still held: the first message is not due yet
    await recordDeviceReport(t.db.kysely, { device, status: 'connect', reason: null, reportedAt: clock.now(), now: clock.now() });
    worker.notify();
    expect(await worker.drain()).toBe(1);
    expect(await row(second)).toMatchObject({ status: 'sent', attempts: 1 });

    clock.t = Number(r.due_at);
    expect(await worker.drain()).toBe(1);
    expect(await row(first)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  // Declared on MySQL only: SQLite has no SKIP LOCKED and a different planner; a skipped test would fail CI.
  if (dialect === 'mysql')
    test('When the claim SELECT is explained on MySQL, then it uses outbound_due without a filesort', async () => {
      const now = clock.now();
      const values = Array.from({ length: 400 }, (_, i) => ({
        target: TARGET,
        body: `m${i}`,
        kind: 'reply',
        status: i % 3 === 0 ? ('sent' as const) : ('queued' as const),
        attempts: 0,
        due_at: i % 3 === 0 ? null : now - 1000 + i * 10,
        created_at: now,
        updated_at: now,
      }));
      await t.db.kysely.insertInto('outbound_messages').values(values).execute();
      await sql`ANALYZE TABLE outbound_messages`.execute(t.db.kysely);

      const plan = await selectDue(t.db.kysely, now, 20).forUpdate().skipLocked().explain();
      expect(plan).toHaveLength(1);
      expect(plan[0]!.key).toBe('outbound_due');
      expect(String(plan[0]!.Extra ?? '')).not.toMatch(/filesort/i);
    });
});

describe('Fonnte client classification', () => {
  let fake: FakeFonnte;
  beforeAll(async () => {
    fake = await startFakeFonnte();
  });
  afterAll(() => fake.close());

  test.each([
    ['HTTP 429', 'retry', { kind: 'http', status: 429 }],
    ['HTTP 502 with an HTML page', 'retry', { kind: 'http', status: 502, body: '<html>Bad gateway</html>' }],
    ['HTTP 400', 'dead', { kind: 'http', status: 400, body: { status: false } }],
    ['insufficient quota', 'retry', { kind: 'statusFalse', reason: 'insufficient quota' }],
    ['request timeout', 'retry', { kind: 'statusFalse', reason: 'request timeout' }],
    ['input invalid', 'dead', { kind: 'statusFalse', reason: 'input invalid' }],
    ['url invalid', 'dead', { kind: 'statusFalse', reason: 'url invalid' }],
  ] as const)('When Fonnte answers %s, then the outcome is %s', async (_name, kind, behaviour) => {
    fake.script(behaviour);
    const outcome = await createFonnteClient({ apiUrl: fake.url, token: TOKEN }).send(TARGET, 'x');
    expect(outcome.kind).toBe(kind);
  });

  test('When success is spelled "Status" with a numeric id, then the outcome is sent with the id as a string', async () => {
    fake.script({ kind: 'http', status: 200, body: { Status: true, id: [80367170] } });
    const outcome = await createFonnteClient({ apiUrl: `${fake.url}/`, token: TOKEN }).send(TARGET, 'x');
    expect(outcome).toEqual({ kind: 'sent', providerId: '80367170' });
  });

  test('When nothing listens at the URL, then the outcome is a retry with a network reason', async () => {
    const outcome = await createFonnteClient({ apiUrl: 'http://127.0.0.1:1', token: TOKEN }).send(TARGET, 'x');
    expect(outcome).toMatchObject({ kind: 'retry', reason: expect.stringMatching(/network error ECONNREFUSED/) });
  });
});

describe('backoffDelay', () => {
  test('When the jitter draws its extremes, then the delay stays between the floor and the ceiling, capped at 15 minutes', () => {
    expect(backoffDelay(1, { random: () => 0 })).toBe(1000);
    expect(backoffDelay(1, { random: () => 0.999999 })).toBe(4999);
    expect(backoffDelay(3, { random: () => 0.5 })).toBe(10_000);
    expect(backoffDelay(50, { random: () => 0.999999 })).toBeLessThanOrEqual(15 * 60_000);
    expect(backoffDelay(50, { random: () => 0.999999 })).toBeGreaterThan(14 * 60_000);
  });
});
