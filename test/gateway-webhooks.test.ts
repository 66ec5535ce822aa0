import { signedIn } from './support/api-client';
import { createEmployee } from './support/factories';
import { DEVICE, startTestApp, type TestApp } from './support/test-app';
import { describeEachDialect } from './support/test-db';

/** Fonnte's device callbacks carry unix seconds. */
const seconds = (ms: number) => Math.floor(ms / 1000);

describeEachDialect('POST /webhooks/fonnte/status', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
  });
  afterAll(() => app.close());

  const postStatus = (body: object, opts: { form?: boolean; secret?: string } = {}) => {
    const req = app.http.post(`/webhooks/fonnte/status?secret=${opts.secret ?? 'test-secret'}`);
    return opts.form ? req.type('form').send(body as Record<string, string>) : req.send(body);
  };
  /** A reply Fonnte accepted: its outbound row and the id /send returned. */
  async function sentReply() {
    const emp = await createEmployee(app.db);
    const [send] = await app.say(emp.phone, '#request AC ruang dosen bocor');
    const providerId = send!.providerId!;
    const row = () =>
      app.db.kysely.selectFrom('outbound_messages').selectAll().where('provider_id', '=', providerId).executeTakeFirstOrThrow();
    return { providerId, row };
  }

  test('When Fonnte reports sent, delivered, then read, then the reply’s delivery state follows with the time of the last report', async () => {
    const { providerId, row } = await sentReply();
    expect((await row()).delivery_state).toBeNull();

    for (const state of ['sent', 'delivered', 'read']) {
      app.clock.advance(1000);
      const res = await postStatus({ device: DEVICE, id: providerId, stateid: '3EB0AE95C1', status: state });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'updated' });
    }

    const r = await row();
    expect(r.delivery_state).toBe('read');
    expect(Number(r.delivery_updated_at)).toBe(app.clock.now());
    expect(r.status).toBe('sent');
  });

  test('When states arrive out of order, then the state never moves backwards and an unknown state does not replace delivered', async () => {
    const { providerId, row } = await sentReply();
    await postStatus({ id: providerId, state: 'read' });
    const late = await postStatus({ id: providerId, state: 'delivered' });
    expect(late.body).toEqual({ status: 'unchanged' });
    expect((await row()).delivery_state).toBe('read');

    const other = await sentReply();
    await postStatus({ id: other.providerId, state: 'sent' });
    await postStatus({ id: other.providerId, state: 'Pending' });
    expect((await other.row()).delivery_state).toBe('pending'); // unknown strings are kept over sent
    await postStatus({ id: other.providerId, state: 'delivered' });
    expect((await postStatus({ id: other.providerId, state: 'expired' })).body).toEqual({ status: 'unchanged' });
    expect((await other.row()).delivery_state).toBe('delivered');
  });

  test('When the callback is form-encoded with both status and state, then the furthest along is kept', async () => {
    const { providerId, row } = await sentReply();
    const res = await postStatus({ device: DEVICE, id: providerId, stateid: 'ABC', status: 'sent', state: 'delivered' }, { form: true });
    expect(res.status).toBe(200);
    expect((await row()).delivery_state).toBe('delivered');
  });

  test('When a later callback names the message only by the stateid an earlier one linked, then it is matched', async () => {
    const { providerId, row } = await sentReply();
    expect((await postStatus({ device: DEVICE, id: providerId, stateid: 'LINK-1', state: 'sent' })).body).toEqual({ status: 'updated' });
    expect((await postStatus({ device: DEVICE, stateid: 'LINK-1', state: 'delivered' })).body).toEqual({ status: 'updated' });
    expect((await postStatus({ device: DEVICE, stateid: 'LINK-1', state: 'read' })).body).toEqual({ status: 'updated' });
    expect(await row()).toMatchObject({ provider_state_id: 'LINK-1', delivery_state: 'read' });
  });

  test('When the id or stateid is unknown, or the body is junk, then 200 "ignored" and nothing changes', async () => {
    const { providerId, row } = await sentReply();
    expect((await postStatus({ id: '999999999', state: 'read' })).body).toEqual({ status: 'ignored' });
    expect((await postStatus({ device: DEVICE, stateid: 'NEVER-SEEN', state: 'read' })).body).toEqual({ status: 'ignored' });
    expect((await postStatus({ id: providerId })).body).toEqual({ status: 'unchanged' });
    expect((await postStatus({ id: { nested: true }, state: ['read'] })).body).toEqual({ status: 'ignored' });
    expect((await row()).delivery_state).toBeNull();
  });

  test('When the secret is wrong or missing, then 401 on both status webhooks and nothing is stored', async () => {
    const { providerId, row } = await sentReply();
    expect((await postStatus({ id: providerId, state: 'read' }, { secret: 'nope' })).status).toBe(401);
    expect((await app.http.post('/webhooks/fonnte/status').send({ id: providerId, state: 'read' })).status).toBe(401);
    expect((await app.http.post('/webhooks/fonnte/device?secret=nope').send({ device: DEVICE, status: 'disconnect' })).status).toBe(401);
    expect((await row()).delivery_state).toBeNull();
    expect(await app.db.kysely.selectFrom('gateway_devices').selectAll().execute()).toEqual([]);
  });
});

describeEachDialect('POST /webhooks/fonnte/device and GET /api/health/gateway', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
  });
  afterAll(() => app.close());

  const postDevice = (body: object, form = false) => {
    const req = app.http.post('/webhooks/fonnte/device?secret=test-secret');
    return form ? req.type('form').send(body as Record<string, string>) : req.send(body);
  };
  const health = async () => {
    const staff = await signedIn(app, 'TBO');
    const res = await staff.get('/api/health/gateway');
    expect(res.status).toBe(200);
    return res.body;
  };

  // These tests run in order on one database: each leaves the device connected.
  test('When Fonnte never reported the device, then the health endpoint says live, connected unknown, and an empty outbox', async () => {
    expect(await health()).toEqual({
      mode: 'live',
      device: DEVICE,
      connected: null,
      reason: null,
      reportedAt: null,
      outbox: { queued: 0, retry: 0, sending: 0, dead: 0, oldestDueAgeSeconds: null },
    });
    expect((await app.http.get('/api/health/gateway')).status).toBe(401);
  });

  test('When the device disconnects, then replies wait in the outbox without using attempts, health shows it, and a reconnect sends them', async () => {
    const t0 = app.clock.now();
    const down = await postDevice({ device: DEVICE, status: 'disconnect', timestamp: seconds(t0), reason: 'logout from phone' });
    expect(down.status).toBe(200);
    expect(down.body).toEqual({ status: 'recorded' });

    const emp = await createEmployee(app.db);
    expect(await app.say(emp.phone, '#request lampu tangga padam')).toEqual([]);
    const reply = () => app.db.kysely.selectFrom('outbound_messages').selectAll().where('target', '=', emp.phone).executeTakeFirstOrThrow();
    expect(await reply()).toMatchObject({ status: 'queued', attempts: 0 });

    app.clock.advance(90_000);
    await app.services.outbox.drain();
    expect(await health()).toMatchObject({
      connected: false,
      reason: 'logout from phone',
      reportedAt: new Date(seconds(t0) * 1000).toISOString(),
      outbox: { queued: 1, retry: 0, sending: 0, oldestDueAgeSeconds: 90 },
    });
    expect(app.fonnte.received.filter((s) => s.target === emp.phone)).toEqual([]);

    const up = await postDevice({ device: DEVICE, status: 'connect', timestamp: seconds(app.clock.now()) });
    expect(up.body).toEqual({ status: 'recorded' });
    await app.settle();
    expect(await reply()).toMatchObject({ status: 'sent', attempts: 1 });
    expect(app.fonnte.received.filter((s) => s.target === emp.phone)).toHaveLength(1);
    expect(await health()).toMatchObject({ connected: true, reason: null, outbox: { queued: 0, oldestDueAgeSeconds: null } });
  });

  test('When an older device report arrives after a newer one, then it is ignored as stale', async () => {
    const now = seconds(app.clock.now());
    expect((await postDevice({ device: DEVICE, status: 'connect', timestamp: now + 60 })).body).toEqual({ status: 'recorded' });
    expect((await postDevice({ device: DEVICE, status: 'disconnect', timestamp: now + 30, reason: 'late' })).body).toEqual({
      status: 'stale',
    });

    const row = await app.db.kysely.selectFrom('gateway_devices').selectAll().where('device', '=', DEVICE).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'connect', reason: null });
    expect(Number(row.reported_at)).toBe((now + 60) * 1000);
    expect((await health()).connected).toBe(true);
  });

  test('When a device report is form-encoded with a local number, then it is stored under the international number', async () => {
    const local = `0${DEVICE.slice(2)}`;
    const res = await postDevice({ device: local, status: 'CONNECT', timestamp: String(seconds(app.clock.now()) + 120) }, true);
    expect(res.body).toEqual({ status: 'recorded' });
    expect((await health()).connected).toBe(true);
  });

  test('When a device report is unreadable, then 200 "ignored" and the stored state stays', async () => {
    expect((await postDevice({ device: DEVICE, status: 'exploded' })).body).toEqual({ status: 'ignored' });
    expect((await postDevice({ status: 'disconnect' })).body).toEqual({ status: 'ignored' });
    expect((await health()).connected).toBe(true);
  });
});

describeEachDialect('gateway state without FONNTE_DEVICE', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect, { FONNTE_DEVICE: '' });
  });
  afterAll(() => app.close());

  test('When no device is configured, then the device reported last is the one that holds the outbox and shows in health', async () => {
    const t = seconds(app.clock.now());
    const other = '6281199999999';
    await app.http.post('/webhooks/fonnte/device?secret=test-secret').send({ device: other, status: 'connect', timestamp: t - 100 });
    await app.http
      .post('/webhooks/fonnte/device?secret=test-secret')
      .send({ device: DEVICE, status: 'disconnect', timestamp: t, reason: 'phone off' });

    const admin = await signedIn(app, 'Administrator');
    expect((await admin.get('/api/health/gateway')).body).toMatchObject({
      mode: 'live',
      device: DEVICE,
      connected: false,
      reason: 'phone off',
    });
    const emp = await createEmployee(app.db);
    expect(await app.say(emp.phone, '#request pintu lab macet')).toEqual([]);

    await app.http.post('/webhooks/fonnte/device?secret=test-secret').send({ device: DEVICE, status: 'connect', timestamp: t + 5 });
    await app.settle();
    expect(app.fonnte.received.filter((s) => s.target === emp.phone)).toHaveLength(1);
  });
});

describeEachDialect('gateway health in dry-run', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect, { FONNTE_TOKEN: '' });
  });
  afterAll(() => app.close());

  test('When there is no FONNTE_TOKEN, then mode is dry_run and a disconnected device does not hold the logged replies', async () => {
    await app.http
      .post('/webhooks/fonnte/device?secret=test-secret')
      .send({ device: DEVICE, status: 'disconnect', timestamp: seconds(app.clock.now()) });
    const emp = await createEmployee(app.db);
    await app.say(emp.phone, '#request wastafel mampet');

    const staf = await signedIn(app, 'Staf');
    expect((await staf.get('/api/health/gateway')).body).toMatchObject({ mode: 'dry_run', connected: false });
    const reply = await app.db.kysely
      .selectFrom('outbound_messages')
      .select('status')
      .where('target', '=', emp.phone)
      .executeTakeFirstOrThrow();
    expect(reply.status).toBe('dry_run');
  });
});
