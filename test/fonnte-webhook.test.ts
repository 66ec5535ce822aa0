import { describeEachDialect } from './support/test-db';
import { DEVICE, startTestApp, type TestApp } from './support/test-app';
import { createEmployee, storePendingMessage } from './support/factories';
import { groupMessage, textMessage } from './support/fonnte-payloads';

describeEachDialect('POST /webhooks/fonnte', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
  });
  afterAll(() => app.close());

  const inboundFrom = (phone: string) =>
    app.db.kysely.selectFrom('inbound_messages').selectAll().where('sender_phone', '=', phone).orderBy('id').execute();
  const ticketsFrom = (phone: string) => app.db.kysely.selectFrom('tickets').selectAll().where('reporter_phone', '=', phone).execute();

  test('When the secret is wrong or missing, then 401 and nothing is stored', async () => {
    const emp = await createEmployee(app.db);
    const wrong = await app.postWebhook(textMessage(emp.phone, '#request x'), { secret: 'nope' });
    const missing = await app.http.post('/webhooks/fonnte').send(textMessage(emp.phone, '#request y'));
    expect(wrong.status).toBe(401);
    expect(missing.status).toBe(401);
    expect(wrong.body.error.code).toBe('UNAUTHORIZED');
    expect(await inboundFrom(emp.phone)).toHaveLength(0);
  });

  test('When a valid message arrives, then it is stored with its raw payload before the 200', async () => {
    const emp = await createEmployee(app.db);
    const payload = textMessage(emp.phone, '#cek', { name: 'Marta' });
    const res = await app.postWebhook(payload);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'accepted' });
    const [row] = await inboundFrom(emp.phone);
    expect(JSON.parse(row!.raw_payload)).toEqual(payload);
    expect(row).toMatchObject({ chat_id: emp.phone, body: '#cek', sender_name: 'Marta', is_group: 0, device: DEVICE });
    await app.settle();
  });

  test('When Fonnte posts form-encoded data, then it is handled like JSON', async () => {
    const emp = await createEmployee(app.db);
    const { choices: _c, ...flat } = textMessage(emp.phone, '#request kursi patah');
    const form = Object.fromEntries(Object.entries(flat).map(([k, v]) => [k, String(v)]));
    expect((await app.postWebhook(form, { form: true })).status).toBe(200);
    await app.settle();
    expect((await ticketsFrom(emp.phone)).map((t) => t.complaint)).toEqual(['kursi patah']);
  });

  test('When the same delivery arrives 5 times at once, then all get 200 and there is one message, one ticket and one reply', async () => {
    const emp = await createEmployee(app.db);
    const payload = textMessage(emp.phone, '#request genteng bocor');
    const before = app.fonnte.received.length;
    const responses = await Promise.all(Array.from({ length: 5 }, () => app.postWebhook(payload)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(responses.filter((r) => r.body.status === 'accepted')).toHaveLength(1);
    await app.settle();
    expect(await inboundFrom(emp.phone)).toHaveLength(1);
    expect(await ticketsFrom(emp.phone)).toHaveLength(1);
    expect(app.fonnte.received.slice(before).filter((m) => m.target === emp.phone)).toHaveLength(1);
  });

  test('When the Inbox feature gives an inboxid, then redeliveries with it are one message', async () => {
    const emp = await createEmployee(app.db);
    await app.postWebhook(textMessage(emp.phone, '#request a', { inboxid: 98765 }));
    const again = await app.postWebhook(textMessage(emp.phone, '#request a', { inboxid: 98765 }));
    expect(again.body).toEqual({ status: 'duplicate' });
    await app.settle();
    expect(await inboundFrom(emp.phone)).toHaveLength(1);
  });

  test('When a payload has no timestamp, then a redelivery within Fonnte’s retry period is still recognised', async () => {
    const emp = await createEmployee(app.db);
    const payload = { ...textMessage(emp.phone, '#request tanpa waktu'), timestamp: undefined };
    await app.postWebhook(payload);
    app.clock.advance(14 * 60_000);
    expect((await app.postWebhook(payload)).body).toEqual({ status: 'duplicate' });
    await app.settle();
    expect(await ticketsFrom(emp.phone)).toHaveLength(1);
  });

  test('When our own message comes back (sender is the device), then it is stored as ignored and not answered', async () => {
    const before = app.fonnte.received.length;
    const res = await app.postWebhook(textMessage(DEVICE, 'Terima kasih atas infonya...'));
    expect(res.body).toEqual({ status: 'ignored' });
    await app.settle();
    expect(app.fonnte.received.length).toBe(before);
    const row = await app.db.kysely.selectFrom('inbound_messages').selectAll().where('chat_id', '=', DEVICE).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'ignored', error: 'own message' });
  });

  test('When the webhook is for another device, then 403 and nothing is stored', async () => {
    const emp = await createEmployee(app.db);
    const res = await app.postWebhook(textMessage(emp.phone, '#request x', { device: '6289999999999' }));
    expect(res.status).toBe(403);
    expect(await inboundFrom(emp.phone)).toHaveLength(0);
  });

  test('When a member sends a command in a group, then the ticket is theirs and the reply goes to the group; chatter is ignored silently', async () => {
    const emp = await createEmployee(app.db, { name: 'Ibu Grup' });
    const group = '120363025555555555@g.us';
    const before = app.fonnte.received.length;
    await app.postWebhook(groupMessage(group, emp.phone, 'selamat pagi semua'));
    await app.postWebhook(groupMessage(group, emp.phone, '#request wastafel mampet'));
    await app.settle();
    const sent = app.fonnte.received.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.target).toBe(group);
    expect(sent[0]!.message).toContain('Yth. Ibu Grup');
    const [ticket] = await ticketsFrom(emp.phone);
    expect(ticket).toMatchObject({ chat_id: group, reporter_employee_id: emp.id });
    const rows = await inboundFrom(emp.phone);
    expect(rows.map((r) => r.status)).toEqual(['ignored', 'processed']);
  });

  test('When a photo comes with a caption, then the caption is the message and the media link is kept', async () => {
    const emp = await createEmployee(app.db);
    await app.postWebhook(
      textMessage(emp.phone, '#request plafon jebol', {
        type: 'image',
        url: 'https://files.fonnte.com/x/abc.jpg',
        filename: 'abc.jpg',
        extension: 'jpg',
      }),
    );
    await app.settle();
    const [row] = await inboundFrom(emp.phone);
    expect(row).toMatchObject({
      media_url: 'https://files.fonnte.com/x/abc.jpg',
      media_filename: 'abc.jpg',
      media_extension: 'jpg',
      message_type: 'image',
    });
    expect((await ticketsFrom(emp.phone))[0]!.complaint).toBe('plafon jebol');
  });

  test('When a payload is unreadable, then it is kept as ignored with the reason and answered 200, once', async () => {
    const bad = { sender: { nested: true }, message: ['x'] };
    const res = await app.postWebhook(bad);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ignored' });
    expect((await app.postWebhook(bad)).body).toEqual({ status: 'duplicate' });
    const row = await app.db.kysely
      .selectFrom('inbound_messages')
      .selectAll()
      .where('raw_payload', '=', JSON.stringify(bad))
      .executeTakeFirstOrThrow();
    expect(row.error).toMatch(/^invalid payload: sender/);
  });

  test('When the body is malformed JSON or too large, then 400 or 413 with a clear code', async () => {
    const malformed = await app.http.post('/webhooks/fonnte?secret=test-secret').set('content-type', 'application/json').send('{"sender":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('VALIDATION_FAILED');
    const huge = await app.postWebhook(textMessage('6281', 'x'.repeat(300 * 1024)));
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  test('When a message was acknowledged but the process died before handling it, then the next sweep handles it once', async () => {
    const emp = await createEmployee(app.db);
    const now = app.clock.now();
    await storePendingMessage(app.db, { device: DEVICE, phone: emp.phone, body: '#request pintu macet', receivedAt: now });
    expect(await app.services.processor.sweep()).toBe(1);
    await app.settle();
    expect(await ticketsFrom(emp.phone)).toHaveLength(1);
    expect(await app.services.processor.sweep()).toBe(0);
  });
});

describeEachDialect('POST /webhooks/fonnte with the database down', (dialect) => {
  test('When the database is unreachable, then the webhook answers 503 so that Fonnte redelivers', async () => {
    const app = await startTestApp(dialect);
    const { server, fonnte, tdb } = app;
    await tdb.db.destroy();
    const res = await app.postWebhook(textMessage('6281200000001', '#request lampu mati'));
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('DATABASE_UNAVAILABLE');
    expect(res.headers['retry-after']).toBe('60');
    const health = await app.http.get('/health');
    expect(health.status).toBe(503);
    await new Promise((r) => server.close(r));
    await fonnte.close();
    if (dialect === 'mysql') await tdb.close().catch(() => undefined);
  });
});
