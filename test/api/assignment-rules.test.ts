import { describeEachDialect } from '../support/test-db';
import { startTestApp, type TestApp } from '../support/test-app';
import { signedIn, type SignedIn } from '../support/api-client';
import { createStaff } from '../support/factories';
import { fileTicket } from './ticket-fixtures';

/** The rules the assignment and status services keep when the admin API and the chat meet. */
describeEachDialect('assignment and status rules', (dialect) => {
  let app: TestApp;
  let desk: SignedIn;
  beforeAll(async () => {
    app = await startTestApp(dialect);
    desk = await signedIn(app, 'Staf');
  });
  afterAll(() => app.close());

  const ticketRow = (no: string) => app.db.kysely.selectFrom('tickets').selectAll().where('tracking_no', '=', no).executeTakeFirstOrThrow();

  test('When the same technician is assigned twice at once, then one assignment exists and the other request is a 409', async () => {
    const tech = await createStaff(app.db, { level: 'TBO' });
    const { trackingNo, id } = await fileTicket(app);
    const results = await Promise.all([1, 2, 3].map(() => desk.post(`/api/tickets/${trackingNo}/assignments`, { staffId: tech.id })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const rows = await app.db.kysely.selectFrom('assignments').selectAll().where('ticket_id', '=', id).execute();
    expect(rows).toHaveLength(1);
  });

  test('When the last technician is withdrawn, then the ticket waits for an assignment again (baru)', async () => {
    const tech = await createStaff(app.db, { level: 'TBO' });
    const { trackingNo } = await fileTicket(app);
    const created = await desk.post(`/api/tickets/${trackingNo}/assignments`, { staffId: tech.id });
    expect((await ticketRow(trackingNo)).status).toBe('proses');
    expect((await desk.delete(`/api/tickets/${trackingNo}/assignments/${created.body.id}`)).status).toBe(200);
    expect((await ticketRow(trackingNo)).status).toBe('baru');
  });

  test('When a technician is withdrawn and every other technician on the ticket already finished, then the ticket is selesai as after the last #finish and the reporter can confirm', async () => {
    const done = await createStaff(app.db, { level: 'TBO' });
    const idle = await createStaff(app.db, { level: 'TBO' });
    const { trackingNo, id, phone } = await fileTicket(app);
    await desk.post(`/api/tickets/${trackingNo}/assignments`, { staffId: done.id });
    const idleAssignment = await desk.post(`/api/tickets/${trackingNo}/assignments`, { staffId: idle.id });
    await app.say(done.phone!, `#finish ${trackingNo}`);
    expect((await ticketRow(trackingNo)).status).toBe('proses');
    const before = app.fonnte.received.length;

    expect((await desk.delete(`/api/tickets/${trackingNo}/assignments/${idleAssignment.body.id}`)).status).toBe(200);
    await app.settle();

    const row = await ticketRow(trackingNo);
    expect(row.status).toBe('selesai');
    expect(row.finished_at).not.toBeNull();
    const events = await app.db.kysely.selectFrom('ticket_events').selectAll().where('ticket_id', '=', id).orderBy('id').execute();
    expect(events.slice(-2).map((e) => [e.kind, e.status_from, e.status_to])).toEqual([
      ['withdrawn', null, null],
      ['finished', 'proses', 'selesai'],
    ]);
    const told = app.fonnte.received.slice(before);
    expect(told.find((m) => m.target === idle.phone)!.message).toContain('dibatalkan');
    const ask = told.filter((m) => m.target === phone);
    expect(ask).toHaveLength(1);
    expect(ask[0]!.message).toContain(`Jika sudah sesuai, balas *#selesai ${trackingNo}*.`);
    expect(ask[0]!.message).toContain(`Jika belum, balas *#belum ${trackingNo} <alasan>*.`);

    await app.say(phone, `#selesai ${trackingNo}`);
    expect((await ticketRow(trackingNo)).status).toBe('ditutup');
  });

  test('When a technician is withdrawn while another is still working, then the ticket stays proses', async () => {
    const working = await createStaff(app.db, { level: 'TBO' });
    const idle = await createStaff(app.db, { level: 'TBO' });
    const { trackingNo } = await fileTicket(app);
    await desk.post(`/api/tickets/${trackingNo}/assignments`, { staffId: working.id });
    const idleAssignment = await desk.post(`/api/tickets/${trackingNo}/assignments`, { staffId: idle.id });
    expect((await desk.delete(`/api/tickets/${trackingNo}/assignments/${idleAssignment.body.id}`)).status).toBe(200);
    expect((await ticketRow(trackingNo)).status).toBe('proses');
  });

  test('When an admin reopens a finished ticket, then each technician must finish again and hears why', async () => {
    const tech = await createStaff(app.db, { level: 'TBO' });
    const { trackingNo } = await fileTicket(app);
    await desk.post(`/api/tickets/${trackingNo}/assignments`, { staffId: tech.id });
    await app.say(tech.phone!, `#finish ${trackingNo}`);
    expect((await ticketRow(trackingNo)).status).toBe('selesai');
    const before = app.fonnte.received.length;
    const res = await desk.patch(`/api/tickets/${trackingNo}`, { status: 'proses', note: 'cat masih basah' });
    expect(res.status).toBe(200);
    await app.settle();
    const told = app.fonnte.received.slice(before).find((m) => m.target === tech.phone);
    expect(told!.message).toContain('Alasan: cat masih basah');
    await app.say(tech.phone!, `#finish ${trackingNo}`);
    expect((await ticketRow(trackingNo)).status).toBe('selesai');
  });

  test('When two technicians finish at the same moment, then the ticket becomes selesai and the reporter is asked once', async () => {
    const a = await createStaff(app.db, { level: 'TBO' });
    const b = await createStaff(app.db, { level: 'TBO' });
    const { trackingNo, phone } = await fileTicket(app);
    await desk.post(`/api/tickets/${trackingNo}/assignments`, { staffId: a.id });
    await desk.post(`/api/tickets/${trackingNo}/assignments`, { staffId: b.id });
    await app.settle();
    const before = app.fonnte.received.length;
    const { textMessage } = await import('../support/fonnte-payloads');
    await Promise.all([a, b].map((t) => app.postWebhook(textMessage(t.phone!, `#finish ${trackingNo}`))));
    await app.settle();
    expect((await ticketRow(trackingNo)).status).toBe('selesai');
    const asks = app.fonnte.received.slice(before).filter((m) => m.target === phone && m.message.includes(`#selesai ${trackingNo}`));
    expect(asks).toHaveLength(1);
  });

  test('When a technician adds a note through the API, then the reporter hears it from that technician', async () => {
    const techDesk = await signedIn(app, 'TBO', { name: 'Teknisi Budi' });
    const { trackingNo, phone } = await fileTicket(app);
    await desk.post(`/api/tickets/${trackingNo}/assignments`, { staffId: techDesk.staff.id });
    await app.settle();
    const before = app.fonnte.received.length;
    expect((await techDesk.post(`/api/tickets/${trackingNo}/events`, { note: 'pipa sudah dipesan' })).status).toBe(201);
    await app.settle();
    const msg = app.fonnte.received.slice(before).find((m) => m.target === phone)!.message;
    expect(msg).toContain('dari petugas Teknisi Budi');
    expect(msg).toContain('pipa sudah dipesan');
  });
});
