import { signedIn, type SignedIn } from '../support/api-client';
import { createEmployee } from '../support/factories';
import { DEVICE, startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';

describeEachDialect('POST /api/simulator/messages', (dialect) => {
  let app: TestApp;
  let live: TestApp;
  let staf: SignedIn;
  beforeAll(async () => {
    // No FONNTE_TOKEN: the gateway is in dry-run, the only mode with a simulator.
    app = await startTestApp(dialect, { FONNTE_TOKEN: '' });
    live = await startTestApp(dialect);
    staf = await signedIn(app, 'Staf');
  });
  afterAll(async () => {
    await app?.close();
    await live?.close();
  });

  test('When a Staf sends #request as an employee, then the real pipeline files a ticket and the answer holds the reply with its number', async () => {
    const emp = await createEmployee(app.db, { name: 'Sari Simulasi' });

    const res = await staf
      .post('/api/simulator/messages', { from: `0${emp.phone.slice(2)}`, text: '#request lampu lab 2 berkedip' })
      .expect(200);

    expect(res.body).toMatchObject({ processed: true, inbound: { status: 'processed', command: 'request', error: null } });
    const trackingNo = res.body.inbound.ticketTrackingNo as string;
    expect(trackingNo).toMatch(/^BRT\d{7}$/);
    expect(res.body.replies).toHaveLength(1);
    expect(res.body.replies[0]).toMatchObject({ target: emp.phone, kind: 'reply' });
    expect(res.body.replies[0].body).toContain(trackingNo);

    const ticket = await app.db.kysely.selectFrom('tickets').selectAll().where('tracking_no', '=', trackingNo).executeTakeFirstOrThrow();
    expect(ticket).toMatchObject({ complaint: 'lampu lab 2 berkedip', reporter_phone: emp.phone, reporter_employee_id: emp.id });
    // Stored like any Fonnte delivery: raw payload, an inbox dedupe key of its own.
    const row = await app.db.kysely
      .selectFrom('inbound_messages')
      .selectAll()
      .where('id', '=', res.body.inbound.id)
      .executeTakeFirstOrThrow();
    expect(row.dedupe_key).toMatch(/^inbox:sim-[0-9a-f-]{36}$/);
    expect(JSON.parse(row.raw_payload)).toMatchObject({ sender: emp.phone, message: '#request lampu lab 2 berkedip', device: DEVICE });

    await app.settle();
    expect(app.fonnte.received).toHaveLength(0);
    const reply = await app.db.kysely
      .selectFrom('outbound_messages')
      .select('status')
      .where('id', '=', res.body.replies[0].id)
      .executeTakeFirstOrThrow();
    expect(reply.status).toBe('dry_run');
  });

  test('When an unknown number asks for #help with a display name, then the menu comes back and the name is kept', async () => {
    const res = await staf.post('/api/simulator/messages', { from: '6289900001111', name: 'Tamu Baru', text: '#help' }).expect(200);

    expect(res.body.inbound).toMatchObject({ status: 'processed', command: 'help', ticketTrackingNo: null });
    expect(res.body.replies.map((r: { body: string }) => r.body).join('\n')).toMatch(/#request/);
    const row = await app.db.kysely
      .selectFrom('inbound_messages')
      .select('sender_name')
      .where('id', '=', res.body.inbound.id)
      .executeTakeFirstOrThrow();
    expect(row.sender_name).toBe('Tamu Baru');
  });

  test('When the same text is simulated twice, then both are handled: each is a message of its own', async () => {
    const a = await staf.post('/api/simulator/messages', { from: '6289900002222', text: '#help' }).expect(200);
    const b = await staf.post('/api/simulator/messages', { from: '6289900002222', text: '#help' }).expect(200);
    expect(b.body.inbound.id).not.toBe(a.body.inbound.id);
    expect(b.body.inbound.status).toBe('processed');
    expect(b.body.replies).toHaveLength(1);
  });

  test('When the message comes from our own device number, then it is stored as ignored and nothing is answered', async () => {
    const res = await staf.post('/api/simulator/messages', { from: DEVICE, text: '#help' }).expect(200);
    expect(res.body).toMatchObject({ processed: true, inbound: { status: 'ignored', error: 'own message' }, replies: [] });
  });

  test.each([
    [{ from: 'bukan nomor', text: '#help' }, 'from'],
    [{ from: '6289900003333', text: '   ' }, 'text'],
    [{ from: '6289900003333', text: '#help', extra: 1 }, 'extra'],
  ])('When the body is %j, then 400 names %s', async (body, field) => {
    const res = await staf.post('/api/simulator/messages', body).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toContain(field);
  });

  test('When an Administrator uses it, then it works; a technician gets 403 and an anonymous caller 401', async () => {
    const admin = await signedIn(app, 'Administrator');
    await admin.post('/api/simulator/messages', { from: '6289900004444', text: '#menu' }).expect(200);
    const tbo = await signedIn(app, 'TBO');
    expect((await tbo.post('/api/simulator/messages', { from: '6289900004444', text: '#menu' })).status).toBe(403);
    expect((await app.http.post('/api/simulator/messages').send({ from: '6289900004444', text: '#menu' })).status).toBe(401);
  });

  test('When the gateway is live (FONNTE_TOKEN set), then the simulator does not exist: 404 and nothing is stored', async () => {
    const admin = await signedIn(live, 'Administrator');
    const res = await admin.post('/api/simulator/messages', { from: '6289900005555', text: '#help' }).expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    const rows = await live.db.kysely.selectFrom('inbound_messages').select('id').execute();
    expect(rows).toHaveLength(0);
  });
});
