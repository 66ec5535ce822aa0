import { recordDeviceReport } from '../../src/features/gateway/gateway-device.repository';
import { createEmployee } from '../support/factories';
import { textMessage } from '../support/fonnte-payloads';
import { loggedIn } from '../support/staff-login';
import { DEVICE, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';
import { METRICS_TOKEN, startObservedApp, type ObservedApp } from './observed-app';
import { Metrics } from '../../src/observability/metrics';
import { Scrape } from './prometheus-text';

const M = 'wa_ticketing_';

describeEachDialect('GET /metrics', (dialect) => {
  let app: ObservedApp;
  beforeAll(async () => {
    // Messages are only stored by the webhook (RUN_WORKER=false): each test handles them when it wants.
    app = await startObservedApp(dialect, { handle: false });
  });
  afterAll(() => app.close());

  const counted = (s: Scrape, outcome: string) => s.value(`${M}webhook_requests_total`, { outcome });
  const handle = async () => {
    app.services.processor.notify();
    await app.services.processor.whenIdle();
  };
  const queuedReplies = async () =>
    Number(
      (
        await app.tdb.db.kysely
          .selectFrom('outbound_messages')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '=', 'queued')
          .executeTakeFirstOrThrow()
      ).n,
    );

  test('When METRICS_TOKEN is missing or wrong, then 401; with it, Prometheus text with typed families', async () => {
    expect((await app.http.get('/metrics')).status).toBe(401);
    expect((await app.http.get('/metrics').set('Authorization', 'Bearer not-the-metrics-token-at-all')).status).toBe(401);
    expect((await app.http.get('/metrics').set('Authorization', METRICS_TOKEN)).status).toBe(401);
    const s = await app.scrape();
    expect(s.family(`${M}webhook_requests_total`).type).toBe('counter');
    expect(s.family(`${M}inbound_handling_seconds`).type).toBe('histogram');
    expect(s.family(`${M}outbox_send_seconds`).type).toBe('histogram');
    expect(s.family(`${M}http_request_duration_seconds`).type).toBe('histogram');
    expect(s.family(`${M}inbound_pending_messages`).type).toBe('gauge');
    expect(s.family(`${M}outbox_messages`).type).toBe('gauge');
    expect(s.family(`${M}tickets_created_total`).type).toBe('counter');
    // Node.js process metrics, under the same prefix.
    expect(s.family(`${M}process_resident_memory_bytes`).type).toBe('gauge');
    expect(s.value(`${M}metrics_database_up`)).toBe(1);
    expect(s.value(`${M}gateway_dry_run`)).toBe(0);
  });

  test('When webhooks arrive, then each outcome is counted once and the stored ones show as pending, with the age of the oldest', async () => {
    const emp = await createEmployee(app.tdb.db);
    const before = await app.scrape();
    const first = textMessage(emp.phone, '#request lampu kelas 3.2 mati');
    expect((await app.postWebhook(first)).body).toEqual({ status: 'accepted' });
    expect((await app.postWebhook(textMessage(emp.phone, '#request kran bocor'))).body).toEqual({ status: 'accepted' });
    expect((await app.postWebhook(first)).body).toEqual({ status: 'duplicate' });
    expect((await app.postWebhook({ hello: 'world' })).body).toEqual({ status: 'ignored' });
    expect((await app.postWebhook(textMessage(emp.phone, '#cek'), { secret: 'wrong-secret' })).status).toBe(401);
    expect((await app.postWebhook(textMessage(emp.phone, '#cek', { device: '6289999999999' }))).status).toBe(403);
    app.clock.advance(90_000);

    const after = await app.scrape();
    const delta = (outcome: string) => counted(after, outcome) - counted(before, outcome);
    expect(['stored', 'duplicate', 'ignored', 'unauthorized', 'forbidden', 'unavailable'].map(delta)).toEqual([2, 1, 1, 1, 1, 0]);
    expect(after.value(`${M}inbound_pending_messages`)).toBe(2);
    expect(after.value(`${M}inbound_oldest_pending_age_seconds`)).toBe(90);
    // Route patterns, never raw URLs: the secret in the query string is no label.
    expect(after.value(`${M}http_request_duration_seconds_count`, { method: 'POST', route: '/webhooks/fonnte', status_code: '200' })).toBe(
      before.value(`${M}http_request_duration_seconds_count`, { method: 'POST', route: '/webhooks/fonnte', status_code: '200' }) + 4,
    );
    expect(after.value(`${M}http_request_duration_seconds_count`, { method: 'POST', route: '/webhooks/fonnte', status_code: '401' })).toBe(
      1,
    );
    expect(after.text).not.toContain('secret=');

    await handle();
    const handled = await app.scrape();
    expect(handled.value(`${M}inbound_pending_messages`)).toBe(0);
    expect(handled.value(`${M}inbound_oldest_pending_age_seconds`)).toBe(0);
    // Both waited 90 s on the test clock between the webhook and their batch.
    expect(handled.value(`${M}inbound_handling_seconds_count`) - after.value(`${M}inbound_handling_seconds_count`)).toBe(2);
    expect(handled.value(`${M}inbound_handling_seconds_sum`) - after.value(`${M}inbound_handling_seconds_sum`)).toBeCloseTo(180);
    expect(
      handled.value(`${M}inbound_handling_seconds_bucket`, { le: '60' }) - after.value(`${M}inbound_handling_seconds_bucket`, { le: '60' }),
    ).toBe(0);
    expect(
      handled.value(`${M}inbound_handling_seconds_bucket`, { le: '300' }) -
        after.value(`${M}inbound_handling_seconds_bucket`, { le: '300' }),
    ).toBe(2);
    expect(
      handled.value(`${M}inbound_handled_total`, { status: 'processed' }) -
        after.value(`${M}inbound_handled_total`, { status: 'processed' }),
    ).toBe(2);
    expect(handled.value(`${M}tickets_created_total`) - after.value(`${M}tickets_created_total`)).toBe(2);
    expect(handled.value(`${M}tickets`, { status: 'baru' }) - after.value(`${M}tickets`, { status: 'baru' })).toBe(2);
    // The replies are queued, not sent yet (the outbox sender is not running).
    expect(handled.value(`${M}outbox_messages`, { status: 'queued' })).toBe(await queuedReplies());
    expect(handled.value(`${M}outbox_messages`, { status: 'queued' })).toBeGreaterThanOrEqual(2);
    await app.services.outbox.drain();
  });

  test('When replies go to Fonnte, one failing, then sends are timed by result, the failure counted by reason, and the outbox gauges follow', async () => {
    const emp = await createEmployee(app.tdb.db);
    await app.services.outbox.drain();
    for (const text of ['#request ac mati', '#request pintu macet', '#request proyektor rusak'])
      await app.postWebhook(textMessage(emp.phone, text));
    await handle();
    app.clock.advance(30_000);
    const queued = await app.scrape();
    expect(queued.value(`${M}outbox_messages`, { status: 'queued' })).toBe(3);
    expect(queued.value(`${M}outbox_oldest_unsent_age_seconds`)).toBe(30);

    app.fonnte.script({ kind: 'http', status: 502, body: 'bad gateway' });
    const sentBefore = app.fonnte.received.length;
    await app.services.outbox.drain();
    expect(app.fonnte.received.length - sentBefore).toBe(3);
    const after = await app.scrape();
    const d = (name: string, labels: Record<string, string>) => after.value(name, labels) - queued.value(name, labels);
    expect(d(`${M}outbox_send_seconds_count`, { result: 'sent' })).toBe(2);
    expect(d(`${M}outbox_send_seconds_count`, { result: 'retry' })).toBe(1);
    expect(d(`${M}outbox_send_failures_total`, { reason: 'http_5xx' })).toBe(1);
    expect(after.value(`${M}outbox_messages`, { status: 'queued' })).toBe(0);
    expect(after.value(`${M}outbox_messages`, { status: 'retry' })).toBe(1);
    expect(after.value(`${M}outbox_messages`, { status: 'sending' })).toBe(0);
    // The retried reply is still unsent, 30 s after it was queued.
    expect(after.value(`${M}outbox_oldest_unsent_age_seconds`)).toBe(30);
  });

  test('When Fonnte reports the device disconnected, then the gateway gauge shows it', async () => {
    const s = await app.scrape();
    expect(s.value(`${M}gateway_device_state`, { state: 'unknown' })).toBe(1);
    await recordDeviceReport(app.tdb.db.kysely, {
      device: DEVICE,
      status: 'disconnect',
      reason: 'phone off',
      reportedAt: app.clock.now(),
      now: app.clock.now(),
    });
    const down = await app.scrape();
    expect(down.value(`${M}gateway_device_state`, { state: 'disconnected' })).toBe(1);
    expect(down.value(`${M}gateway_device_state`, { state: 'connected' })).toBe(0);
    expect(down.value(`${M}gateway_device_state`, { state: 'unknown' })).toBe(0);
  });

  test('When tickets are counted, then one count serves the scrapes of ticketCountsTtlMs, and a later scrape counts again', async () => {
    let t = 0;
    const metrics = new Metrics({
      db: app.tdb.db,
      clock: app.clock,
      device: DEVICE,
      dryRun: false,
      processMetrics: false,
      monotonicNow: () => t,
    });
    const created = async () => new Scrape(await metrics.scrape()).value(`${M}tickets_created_total`);
    const before = await created();
    const emp = await createEmployee(app.tdb.db);
    await app.postWebhook(textMessage(emp.phone, '#request meja goyang'));
    await handle();
    t += 29_000;
    expect(await created()).toBe(before);
    t += 1_000;
    expect(await created()).toBe(before + 1);
    await app.services.outbox.drain();
  });

  test('When API routes with parameters are called, then the label is the pattern; unknown paths are "unmatched"', async () => {
    const admin = await loggedIn({ db: app.tdb.db, http: app.http } as unknown as TestApp, 'Administrator');
    await admin.get('/api/tickets/BRT2409999');
    await admin.get('/api/tickets/BRT2409998');
    await app.http.get('/no/such/page/123');
    const s = await app.scrape();
    const routes = new Set(s.family(`${M}http_request_duration_seconds`).samples.map((x) => x.labels.route));
    expect(routes).toContain('/api/tickets/:trackingNo');
    expect(routes).toContain('unmatched');
    expect([...routes].filter((r) => r?.includes('BRT') || r?.includes('/no/such'))).toEqual([]);
    expect(
      s.value(`${M}http_request_duration_seconds_count`, { method: 'GET', route: '/api/tickets/:trackingNo', status_code: '404' }),
    ).toBe(2);
  });
});

describeEachDialect('GET /metrics without METRICS_TOKEN, and with the database down', (dialect) => {
  test('When METRICS_TOKEN is unset, then /metrics answers 404 even with a token', async () => {
    const app = await startObservedApp(dialect, { env: { METRICS_TOKEN: '' } });
    try {
      expect((await app.http.get('/metrics')).status).toBe(404);
      expect((await app.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`)).status).toBe(404);
    } finally {
      await app.close();
    }
  });

  test('When the database is unreachable, then the scrape still answers: counters kept, database series left out, database_up 0', async () => {
    const app = await startObservedApp(dialect);
    try {
      await app.postWebhook(textMessage('6281200000001', '#cek'), { secret: 'wrong' });
      await app.services.processor.stop();
      await app.tdb.db.destroy();
      const s = await app.scrape();
      expect(s.value(`${M}metrics_database_up`)).toBe(0);
      expect(s.value(`${M}webhook_requests_total`, { outcome: 'unauthorized' })).toBe(1);
      expect(s.has(`${M}inbound_pending_messages`)).toBe(false);
      expect(s.has(`${M}outbox_messages`)).toBe(false);
      expect(s.has(`${M}gateway_device_state`)).toBe(false);
      expect(s.value(`${M}gateway_dry_run`)).toBe(0);
      // A webhook the database cannot store is counted as unavailable (Fonnte redelivers it).
      expect((await app.postWebhook(textMessage('6281200000001', '#cek'))).status).toBe(503);
      expect((await app.scrape()).value(`${M}webhook_requests_total`, { outcome: 'unavailable' })).toBe(1);
    } finally {
      await app.close();
    }
  });
});
