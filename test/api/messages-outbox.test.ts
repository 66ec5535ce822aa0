import type { SignedIn } from '../support/api-client';
import { createEmployee } from '../support/factories';
import { groupMessage } from '../support/fonnte-payloads';
import { DEVICE, startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';
import { auditRows, fileTicket, staffMember, wib } from './ticket-fixtures';

describeEachDialect('GET /api/messages', (dialect) => {
  let app: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    app = await startTestApp(dialect);
    admin = await staffMember(app, 'Administrator');
  });
  afterAll(() => app.close());

  const bodies = (res: { body: { items: { body: string }[] } }) => res.body.items.map((m) => m.body);

  test('When the incoming log is filtered by sender, status, command, ticket, WIB dates and body text, then only matching messages come back, newest first', async () => {
    const sari = await createEmployee(app.db, { phone: '6281234500101' });
    const budi = await createEmployee(app.db);
    const t = await fileTicket(app, { phone: sari.phone, complaint: 'AC ruang 3.2 bocor', at: wib(2024, 10, 1, 8) });
    app.clock.set(wib(2024, 10, 1, 9));
    await app.say(sari.phone, `#cek ${t.trackingNo}`);
    app.clock.set(wib(2024, 10, 2, 10));
    await app.say(budi.phone, 'halo min');
    app.clock.set(wib(2024, 10, 2, 11));
    await app.postWebhook(groupMessage('120363000000000001@g.us', budi.phone, 'siang semua'));
    await app.settle();
    await fileTicket(app, { phone: budi.phone, complaint: 'proyektor mati', at: wib(2024, 10, 3, 23, 59) });
    app.clock.set(wib(2024, 10, 4, 0, 0));
    await app.say(sari.phone, '#cek');
    const oct = 'from=2024-10-01&to=2024-10-03';

    const all = await admin.get(`/api/messages?${oct}`).expect(200);
    expect(bodies(all)).toEqual([
      '#request proyektor mati',
      'siang semua',
      'halo min',
      `#cek ${t.trackingNo}`,
      '#request AC ruang 3.2 bocor',
    ]);
    expect(all.body).toMatchObject({ total: 5, page: 1, pageSize: 20 });
    const request = all.body.items[4];
    expect(request).toMatchObject({
      senderPhone: sari.phone,
      isGroup: false,
      status: 'processed',
      command: 'request',
      ticketTrackingNo: t.trackingNo,
      receivedAt: new Date(wib(2024, 10, 1, 8)).toISOString(),
    });
    expect(request).not.toHaveProperty('rawPayload');
    expect(all.body.items[1]).toMatchObject({
      isGroup: true,
      status: 'ignored',
      senderPhone: budi.phone,
      chatId: '120363000000000001@g.us',
    });

    expect(bodies(await admin.get(`/api/messages?${oct}&sender=081234500101`))).toEqual([
      `#cek ${t.trackingNo}`,
      '#request AC ruang 3.2 bocor',
    ]);
    expect(bodies(await admin.get(`/api/messages?${oct}&status=ignored`))).toEqual(['siang semua']);
    expect(bodies(await admin.get(`/api/messages?${oct}&status=ignored,processed`))).toHaveLength(5);
    expect(bodies(await admin.get(`/api/messages?${oct}&command=request`))).toEqual([
      '#request proyektor mati',
      '#request AC ruang 3.2 bocor',
    ]);
    expect(bodies(await admin.get(`/api/messages?${oct}&command=%23CEK`))).toEqual([`#cek ${t.trackingNo}`]);
    expect(bodies(await admin.get(`/api/messages?ticket=${t.trackingNo.toLowerCase()}`))).toEqual([
      `#cek ${t.trackingNo}`,
      '#request AC ruang 3.2 bocor',
    ]);
    expect(bodies(await admin.get(`/api/messages?${oct}&q=BOCOR`))).toEqual(['#request AC ruang 3.2 bocor']);
    expect(bodies(await admin.get('/api/messages?from=2024-10-04&to=2024-10-04'))).toEqual(['#cek']);
    const page2 = await admin.get(`/api/messages?${oct}&pageSize=2&page=2`).expect(200);
    expect(bodies(page2)).toEqual(['halo min', `#cek ${t.trackingNo}`]);
    expect(page2.body.total).toBe(5);
  });

  test.each([
    ['status=done', 'status'],
    ['from=2024-13-01', 'from'],
    ['ticket=lampu', 'ticket'],
    ['pageSize=0', 'pageSize'],
  ])('When the query has %s, then 400 names %s', async (query, field) => {
    const res = await admin.get(`/api/messages?${query}`).expect(400);
    expect(res.body.error.message).toMatch(new RegExp(`^${field}(\\.\\d+)?: `));
  });

  test('When a technician asks for the message log, then the answer is 403', async () => {
    const tbo = await staffMember(app, 'TBO');
    await tbo.get('/api/messages').expect(403);
  });
});

describeEachDialect('GET /api/outbox and POST /api/outbox/:id/retry', (dialect) => {
  let app: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    app = await startTestApp(dialect);
    admin = await staffMember(app, 'Staf', { name: 'Ibu Staf' });
  });
  afterAll(() => app.close());

  const outbox = (query: string) => admin.get(`/api/outbox?${query}`).expect(200);

  test('When the outbox is filtered by ticket, status, kind and target, then the matching messages come back newest first with their delivery state', async () => {
    const emp = await createEmployee(app.db, { phone: '6281234500201' });
    const tech = await staffMember(app, 'TBO', { phone: '6281300000201' });
    const t = await fileTicket(app, { phone: emp.phone, at: wib(2024, 10, 5, 8) });
    await admin.post(`/api/tickets/${t.trackingNo}/assignments`, { staffId: tech.staff.id }).expect(201);
    await app.settle();
    await app.say(emp.phone, '#tes tes');

    const ofTicket = await outbox(`ticket=${t.trackingNo}`);
    expect(ofTicket.body.items.map((m: { target: string; kind: string }) => [m.target, m.kind])).toEqual([
      [emp.phone, 'notification'],
      ['6281300000201', 'notification'],
      [emp.phone, 'reply'],
    ]);
    expect(ofTicket.body.items[2]).toMatchObject({
      status: 'sent',
      attempts: 1,
      ticketTrackingNo: t.trackingNo,
      inboundMessageId: expect.any(Number),
      providerId: expect.any(String),
      lastError: null,
      dueAt: null,
      deliveryState: null,
    });
    expect((await outbox(`ticket=${t.trackingNo}&kind=reply`)).body.total).toBe(1);
    expect((await outbox(`ticket=${t.trackingNo}&status=sent`)).body.total).toBe(3);
    expect((await outbox(`ticket=${t.trackingNo}&status=dead,retry`)).body.total).toBe(0);
    // Fonnte's status webhook reports the reply read: the outbox shows it with the time of the report.
    app.clock.set(wib(2024, 10, 5, 8, 30));
    const reply = ofTicket.body.items[2];
    await app.http
      .post('/webhooks/fonnte/status?secret=test-secret')
      .send({ device: DEVICE, id: reply.providerId, status: 'read' })
      .expect(200);
    expect((await outbox(`ticket=${t.trackingNo}&kind=reply`)).body.items[0]).toMatchObject({
      deliveryState: 'read',
      deliveryUpdatedAt: new Date(wib(2024, 10, 5, 8, 30)).toISOString(),
    });

    const toHer = await outbox('target=081234500201');
    expect(toHer.body.items.map((m: { kind: string }) => m.kind)).toEqual(['usage_hint', 'notification', 'reply']);
    expect((await outbox('target=081234500201&kind=usage_hint,reply')).body.total).toBe(2);
  });

  test('When a dead message is retried, then it is queued with a fresh attempt budget, the sender is woken, it is delivered and the retry is audited', async () => {
    const emp = await createEmployee(app.db, { phone: '6281234500202' });
    app.fonnte.script({ kind: 'statusFalse', reason: 'target invalid' });
    await fileTicket(app, { phone: emp.phone, at: wib(2024, 10, 6, 8) });
    const dead = (await outbox('status=dead&target=6281234500202')).body.items;
    expect(dead).toEqual([expect.objectContaining({ status: 'dead', attempts: 1, lastError: 'target invalid', kind: 'reply' })]);
    const id = dead[0].id as number;
    const wake = jest.spyOn(app.services.outbox, 'notify');
    app.clock.set(wib(2024, 10, 6, 9));
    const before = app.fonnte.received.length;

    const res = await admin.post(`/api/outbox/${id}/retry`).expect(200);

    expect(res.body).toMatchObject({
      id,
      status: 'queued',
      attempts: 0,
      lastError: 'target invalid',
      dueAt: new Date(wib(2024, 10, 6, 9)).toISOString(),
    });
    expect(wake).toHaveBeenCalled();
    wake.mockRestore();
    await app.settle();
    expect(app.fonnte.received.slice(before).map((m) => m.target)).toEqual(['6281234500202']);
    expect((await outbox(`status=sent&target=6281234500202`)).body.items[0]).toMatchObject({ id, attempts: 1 });
    const [audit] = await auditRows(app, 'outbox.retry', String(id));
    expect(audit).toMatchObject({ entity: 'outbound_message', actor_id: admin.staff.id, actor_name: 'Ibu Staf' });
    expect(audit!.before).toEqual({ status: 'dead', attempts: 1, lastError: 'target invalid' });
    expect(audit!.after).toEqual({ status: 'queued', attempts: 0 });
  });

  test('When the message is not dead, then 409 names its status; unknown is 404, a bad id 400', async () => {
    const emp = await createEmployee(app.db);
    await fileTicket(app, { phone: emp.phone, at: wib(2024, 10, 7, 8) });
    const [sent] = (await outbox(`target=${emp.phone}`)).body.items;
    const res = await admin.post(`/api/outbox/${sent.id}/retry`).expect(409);
    expect(res.body.error).toEqual({
      code: 'CONFLICT',
      message: `message ${sent.id} is sent; only a dead message can be retried`,
      details: { status: 'sent' },
    });
    expect(await auditRows(app, 'outbox.retry', String(sent.id))).toEqual([]);
    await admin.post('/api/outbox/99999999/retry').expect(404);
    expect((await admin.post('/api/outbox/abc/retry').expect(400)).body.error.message).toMatch(/^id: /);
    expect((await admin.get('/api/outbox?status=lost').expect(400)).body.error.message).toMatch(/^status/);
  });

  test('When a technician asks for the outbox or a retry, then the answer is 403', async () => {
    const tbo = await staffMember(app, 'TBO');
    await tbo.get('/api/outbox').expect(403);
    await tbo.post('/api/outbox/1/retry').expect(403);
  });
});
