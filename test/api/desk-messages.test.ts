import type { SignedIn } from '../support/api-client';
import { createEmployee } from '../support/factories';
import { auditRowsOf } from '../support/staff-login';
import { DEVICE, startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';
import { fileTicket, staffMember, wib } from './ticket-fixtures';

describeEachDialect('POST /api/tickets/:trackingNo/messages (the desk writes to the reporter)', (dialect) => {
  let app: TestApp;
  let desk: SignedIn;
  beforeAll(async () => {
    app = await startTestApp(dialect);
    desk = await staffMember(app, 'Staf', { name: 'Dewi Meja' });
  });
  afterAll(() => app.close());
  beforeEach(() => app.fonnte.reset());

  test('When the desk writes to a reporter, then the message is queued as a desk message, reaches the gateway, is audited, is not a history entry, and the ticket detail shows who wrote it and its delivery state', async () => {
    const emp = await createEmployee(app.db, { name: 'R Marta Dinata' });
    const t = await fileTicket(app, { phone: emp.phone, complaint: 'proyektor 3.1 mati', at: wib(2024, 10, 9, 8) });
    app.fonnte.reset();
    app.clock.set(wib(2024, 10, 9, 8, 30));

    const res = await desk.post(`/api/tickets/${t.trackingNo.toLowerCase()}/messages`, {
      text: '  Teknisi datang pukul 10, mohon ruangan dibuka.  ',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'desk_message',
      target: emp.phone,
      ticketTrackingNo: t.trackingNo,
      status: 'queued',
      writtenBy: { id: desk.staff.id, name: 'Dewi Meja' },
    });
    await app.settle();

    expect(app.fonnte.received).toEqual([
      expect.objectContaining({
        target: emp.phone,
        message: `*Pesan dari petugas (Dewi Meja) tentang laporan ${t.trackingNo}:*\nTeknisi datang pukul 10, mohon ruangan dibuka.`,
      }),
    ]);
    const providerId = app.fonnte.received[0]!.providerId!;
    app.clock.set(wib(2024, 10, 9, 8, 45));
    await app.http.post('/webhooks/fonnte/status?secret=test-secret').send({ device: DEVICE, id: providerId, status: 'read' }).expect(200);

    const detail = await desk.get(`/api/tickets/${t.trackingNo}`).expect(200);
    const mine = detail.body.outboundMessages.filter((m: { kind: string }) => m.kind === 'desk_message');
    expect(mine).toEqual([
      expect.objectContaining({
        id: res.body.id,
        status: 'sent',
        providerId,
        deliveryState: 'read',
        deliveryUpdatedAt: new Date(wib(2024, 10, 9, 8, 45)).toISOString(),
        writtenBy: { id: desk.staff.id, name: 'Dewi Meja' },
      }),
    ]);
    // What the service wrote itself names nobody.
    expect(detail.body.outboundMessages.filter((m: { kind: string }) => m.kind !== 'desk_message')).not.toHaveLength(0);
    for (const m of detail.body.outboundMessages.filter((m: { kind: string }) => m.kind !== 'desk_message')) expect(m.writtenBy).toBeNull();
    expect(detail.body.events.map((e: { kind: string }) => e.kind)).toEqual(['created']);
    const row = await app.db.kysely.selectFrom('outbound_messages').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ staff_id: desk.staff.id, ticket_id: t.id, kind: 'desk_message' });
    const audit = (await auditRowsOf(app, 'ticket', t.trackingNo)).filter((a) => a.action === 'ticket.message');
    expect(audit).toEqual([
      expect.objectContaining({
        actor_id: desk.staff.id,
        after: { messageId: res.body.id, target: emp.phone, text: 'Teknisi datang pukul 10, mohon ruangan dibuka.' },
      }),
    ]);
  });

  test('When the ticket has no phone, then the answer is 409 NO_REPORTER_PHONE and nothing is queued', async () => {
    const created = await desk
      .post('/api/tickets', { reporter: { name: 'Pak Harun' }, complaint: 'atap bocor', channel: 'datang_langsung' })
      .expect(201);
    const no = created.body.trackingNo as string;

    const res = await desk.post(`/api/tickets/${no}/messages`, { text: 'halo' });

    expect([res.status, res.body.error.code, res.body.error.details]).toEqual([409, 'CONFLICT', { reason: 'NO_REPORTER_PHONE' }]);
    const detail = await desk.get(`/api/tickets/${no}`).expect(200);
    expect(detail.body.outboundMessages).toEqual([]);
    expect((await auditRowsOf(app, 'ticket', no)).map((a) => a.action)).toEqual(['ticket.create']);
  });

  test('When a technician (TBO) writes, then it is 403; an empty text is 400 naming it; an unknown ticket is 404', async () => {
    const t = await fileTicket(app, { at: wib(2024, 10, 10, 8) });
    const tbo = await staffMember(app, 'TBO');
    expect((await tbo.post(`/api/tickets/${t.trackingNo}/messages`, { text: 'halo' })).status).toBe(403);
    const empty = await desk.post(`/api/tickets/${t.trackingNo}/messages`, { text: '   ' });
    expect([empty.status, empty.body.error.details.field]).toEqual([400, 'text']);
    expect((await desk.post('/api/tickets/BRT2410999/messages', { text: 'halo' })).status).toBe(404);
    const queued = await app.db.kysely
      .selectFrom('outbound_messages')
      .select('id')
      .where('kind', '=', 'desk_message')
      .where('ticket_id', '=', t.id)
      .execute();
    expect(queued).toEqual([]);
  });
});
