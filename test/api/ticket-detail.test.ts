import type { SignedIn } from '../support/api-client';
import { createEmployee, createStaff } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';
import { fileTicket, staffMember, wib } from './ticket-fixtures';

describeEachDialect('GET /api/tickets/:trackingNo', (dialect) => {
  let app: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    app = await startTestApp(dialect);
    admin = await staffMember(app, 'Administrator', { name: 'Admin Satu' });
  });
  afterAll(() => app.close());

  test('When a ticket was reported, checked, assigned and noted, then the detail holds the ticket, its assignments, the #track history and every message with its delivery state', async () => {
    const tech = await createStaff(app.db, { name: 'Siswanto', phone: '6281300000077' });
    const emp = await createEmployee(app.db, { name: 'R Marta Dinata' });
    const t = await fileTicket(app, { phone: emp.phone, complaint: 'lampu kelas 3.2 mati', at: wib(2024, 9, 16, 18, 26, 28) });
    app.clock.set(wib(2024, 9, 16, 18, 30));
    await app.say(emp.phone, `#cek ${t.trackingNo}`);
    app.clock.set(wib(2024, 9, 16, 19, 0));
    await admin.post(`/api/tickets/${t.trackingNo}/assignments`, { staffId: tech.id, note: 'bawa tangga' }).expect(201);
    app.clock.set(wib(2024, 9, 16, 19, 5));
    await admin.post(`/api/tickets/${t.trackingNo}/events`, { note: 'lampu pengganti sudah dipesan' }).expect(201);
    await app.settle();
    app.clock.set(wib(2024, 9, 16, 19, 10));
    const [track] = await app.say(emp.phone, `#track ${t.trackingNo}`);

    const res = await admin.get(`/api/tickets/${t.trackingNo}`).expect(200);

    expect(Object.keys(res.body)).toEqual([
      'ticket',
      'assignments',
      'events',
      'inboundMessages',
      'outboundMessages',
      'media',
      'followers',
      'mergedInto',
      'merged',
    ]);
    expect(res.body.media).toEqual([]);
    expect(res.body).toMatchObject({ followers: [], mergedInto: null, merged: [] });
    expect(res.body.ticket).toMatchObject({
      trackingNo: t.trackingNo,
      status: 'proses',
      reporter: { employeeId: emp.id, name: 'R Marta Dinata', phone: emp.phone },
      assignees: [{ staffId: tech.id, name: 'Siswanto' }],
      age: 'H+0',
    });
    expect(res.body.assignments).toEqual([
      {
        id: expect.any(Number),
        trackingNo: t.trackingNo,
        staff: { id: tech.id, name: 'Siswanto', phone: '6281300000077' },
        note: 'bawa tangga',
        status: 'active',
        assignedBy: admin.staff.id,
        assignedAt: new Date(wib(2024, 9, 16, 19, 0)).toISOString(),
        startedAt: null,
        finishedAt: null,
        withdrawnAt: null,
      },
    ]);
    const events = res.body.events as { kind: string; note: string; actorName: string | null; actorKind: string }[];
    expect(events.map((e) => e.kind)).toEqual(['created', 'assigned', 'note']);
    expect(events[2]).toMatchObject({ note: 'lampu pengganti sudah dipesan', actorKind: 'staff', actorName: 'Admin Satu' });
    // The same history #track shows, in the same order.
    const lines = track!.message.split('\n').filter((l) => /^\d+\. Tanggal /.test(l));
    expect(lines).toHaveLength(events.length);
    events.forEach((e, i) => expect(lines[i]).toMatch(new RegExp(`^${i + 1}\\. Tanggal .* WIB, ${e.note}$`)));

    expect(
      res.body.inboundMessages.map((m: { body: string; command: string; status: string; ticketTrackingNo: string }) => [
        m.body,
        m.command,
        m.status,
        m.ticketTrackingNo,
      ]),
    ).toEqual([
      ['#request lampu kelas 3.2 mati', 'request', 'processed', t.trackingNo],
      [`#cek ${t.trackingNo}`, 'cek', 'processed', t.trackingNo],
      [`#track ${t.trackingNo}`, 'track', 'processed', t.trackingNo],
    ]);
    const out = res.body.outboundMessages as {
      target: string;
      kind: string;
      status: string;
      providerId: string | null;
      attempts: number;
      sentAt: string | null;
      body: string;
    }[];
    expect(out.map((m) => [m.target, m.kind])).toEqual([
      [emp.phone, 'reply'],
      [emp.phone, 'reply'],
      [tech.phone, 'notification'],
      [emp.phone, 'notification'],
      [emp.phone, 'notification'],
      [emp.phone, 'reply'],
    ]);
    for (const m of out)
      expect(m).toMatchObject({ status: 'sent', attempts: 1, providerId: expect.any(String), sentAt: expect.any(String) });
    expect(out[2]!.body).toContain(`#start ${t.trackingNo}`);
  });

  test('When the number is typed in lower case, then the ticket is found; an unknown number is 404 and a malformed one 400 naming trackingNo', async () => {
    const t = await fileTicket(app, { at: wib(2024, 9, 17, 8) });
    expect((await admin.get(`/api/tickets/${t.trackingNo.toLowerCase()}`).expect(200)).body.ticket.trackingNo).toBe(t.trackingNo);
    const missing = await admin.get('/api/tickets/BRT2409999').expect(404);
    expect(missing.body).toEqual({ error: { code: 'NOT_FOUND', message: 'ticket BRT2409999 not found' } });
    const bad = await admin.get('/api/tickets/lampu-mati').expect(400);
    expect(bad.body.error.message).toMatch(/^trackingNo: /);
  });

  test('When a technician opens tickets, then their own is shown and one not (or no longer) assigned to them is 404 as if it did not exist', async () => {
    const tbo = await staffMember(app, 'TBO');
    const mine = await fileTicket(app, { at: wib(2024, 9, 18, 8) });
    const notMine = await fileTicket(app, { at: wib(2024, 9, 18, 9) });
    const former = await fileTicket(app, { at: wib(2024, 9, 18, 10) });
    await admin.post(`/api/tickets/${mine.trackingNo}/assignments`, { staffId: tbo.staff.id }).expect(201);
    const a = await admin.post(`/api/tickets/${former.trackingNo}/assignments`, { staffId: tbo.staff.id }).expect(201);
    await admin.delete(`/api/tickets/${former.trackingNo}/assignments/${a.body.id}`).expect(200);

    expect((await tbo.get(`/api/tickets/${mine.trackingNo}`).expect(200)).body.ticket.trackingNo).toBe(mine.trackingNo);
    for (const no of [notMine.trackingNo, former.trackingNo]) {
      const res = await tbo.get(`/api/tickets/${no}`).expect(404);
      expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: `ticket ${no} not found` } });
    }
  });
});
