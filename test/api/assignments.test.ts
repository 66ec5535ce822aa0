import type { SignedIn } from '../support/api-client';
import { createEmployee, createStaff } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';
import { auditRows, fileTicket, sentTo, staffMember, wib } from './ticket-fixtures';

describeEachDialect('POST and DELETE /api/tickets/:trackingNo/assignments', (dialect) => {
  let app: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    app = await startTestApp(dialect);
    admin = await staffMember(app, 'Staf', { name: 'Ibu Admin' });
  });
  afterAll(() => app.close());

  const ticketRow = (no: string) => app.db.kysely.selectFrom('tickets').selectAll().where('tracking_no', '=', no).executeTakeFirstOrThrow();

  test('When a technician is assigned, then 201 returns the assignment, the ticket is in proses, and the technician and the reporter each get a WhatsApp message', async () => {
    const tech = await createStaff(app.db, { name: 'Siswanto', phone: '6281300000101' });
    const emp = await createEmployee(app.db, { name: 'R Marta Dinata', department: 'TIF', unit: 'IT' });
    const t = await fileTicket(app, { phone: emp.phone, complaint: 'lampu kelas 3.2 mati', at: wib(2024, 9, 16, 18, 26) });
    app.clock.set(wib(2024, 9, 16, 18, 40));
    const before = app.fonnte.received.length;

    const res = await admin.post(`/api/tickets/${t.trackingNo}/assignments`, { staffId: tech.id, note: 'bawa tangga' }).expect(201);
    await app.settle();

    expect(res.body).toEqual({
      id: expect.any(Number),
      trackingNo: t.trackingNo,
      staff: { id: tech.id, name: 'Siswanto', phone: '6281300000101' },
      note: 'bawa tangga',
      status: 'active',
      assignedBy: admin.staff.id,
      assignedAt: new Date(wib(2024, 9, 16, 18, 40)).toISOString(),
      startedAt: null,
      finishedAt: null,
      withdrawnAt: null,
    });
    expect(await ticketRow(t.trackingNo)).toMatchObject({ status: 'proses', first_assigned_at: wib(2024, 9, 16, 18, 40) });
    const [toTech] = sentTo(app, tech.phone!, before);
    expect(toTech!.message).toContain(t.trackingNo);
    expect(toTech!.message).toContain('Keluhan: lampu kelas 3.2 mati');
    expect(toTech!.message).toContain(`Pelapor: R Marta Dinata (TIF/IT), ${emp.phone}`);
    expect(toTech!.message).toContain('Catatan admin: bawa tangga');
    expect(toTech!.message).toContain(`#start ${t.trackingNo}`);
    const [toReporter] = sentTo(app, emp.phone, before);
    expect(toReporter!.message).toContain(`Laporan *${t.trackingNo}* sudah diteruskan kepada petugas Siswanto untuk ditangani.`);
    expect(app.fonnte.received.length - before).toBe(2);

    const events = await app.db.kysely.selectFrom('ticket_events').selectAll().where('ticket_id', '=', t.id).orderBy('id').execute();
    expect(events.at(-1)).toMatchObject({
      kind: 'assigned',
      status_from: 'baru',
      status_to: 'proses',
      actor_id: admin.staff.id,
      actor_name: 'Ibu Admin',
    });
    const [audit] = await auditRows(app, 'ticket.assign', t.trackingNo);
    expect(audit).toMatchObject({ actor_id: admin.staff.id, actor_name: 'Ibu Admin', entity: 'ticket', request_id: expect.any(String) });
    expect(audit!.before).toEqual({ status: 'baru' });
    expect(audit!.after).toMatchObject({
      status: 'proses',
      assignment: { id: res.body.id, staffId: tech.id, note: 'bawa tangga', status: 'active' },
      notified: 2,
    });
  });

  test('When a second technician is assigned, then both are on the ticket; assigning one of them again is 409', async () => {
    const [a, b] = [await createStaff(app.db, { name: 'Andi' }), await createStaff(app.db, { name: 'Bayu' })];
    const t = await fileTicket(app, { at: wib(2024, 9, 17, 8) });
    await admin.post(`/api/tickets/${t.trackingNo}/assignments`, { staffId: a.id }).expect(201);
    const second = await admin.post(`/api/tickets/${t.trackingNo}/assignments`, { staffId: b.id, note: '' }).expect(201);
    expect(second.body.note).toBeNull();

    const again = await admin.post(`/api/tickets/${t.trackingNo}/assignments`, { staffId: a.id }).expect(409);
    expect(again.body.error).toMatchObject({ code: 'CONFLICT', message: `${a.id} is already assigned to ${t.trackingNo}` });
    const detail = await admin.get(`/api/tickets/${t.trackingNo}`).expect(200);
    expect(detail.body.ticket.assignees.map((x: { name: string }) => x.name)).toEqual(['Andi', 'Bayu']);
    expect(await auditRows(app, 'ticket.assign', t.trackingNo)).toHaveLength(2);
  });

  test.each([
    ['no staffId', {}, 'staffId'],
    ['an empty staffId', { staffId: '' }, 'staffId'],
    ['an unknown staffId', { staffId: 'NOPE' }, 'staffId'],
    ['a note of 1,001 characters', { staffId: 'x', note: 'n'.repeat(1001) }, 'note'],
  ])('When the body has %s, then the answer is 400 naming the field and nothing is sent', async (_label, body, field) => {
    const t = await fileTicket(app, { at: wib(2024, 9, 18, 8) });
    const before = app.fonnte.received.length;
    const res = await admin.post(`/api/tickets/${t.trackingNo}/assignments`, body).expect(400);
    expect(res.body.error.message).toMatch(new RegExp(`^${field}: `));
    await app.settle();
    expect(app.fonnte.received.length).toBe(before);
    expect((await ticketRow(t.trackingNo)).status).toBe('baru');
  });

  test('When the staff member is not a technician, then 400 names staffId', async () => {
    const desk = await createStaff(app.db, { level: 'Staf' });
    const t = await fileTicket(app, { at: wib(2024, 9, 18, 9) });
    const res = await admin.post(`/api/tickets/${t.trackingNo}/assignments`, { staffId: desk.id }).expect(400);
    expect(res.body.error.message).toBe('staffId: must be an active technician (TBO)');
  });

  test('When the ticket is unknown, then 404; when it is finished, then 409 naming its status', async () => {
    const tech = await createStaff(app.db);
    expect((await admin.post('/api/tickets/BRT2409998/assignments', { staffId: tech.id }).expect(404)).body.error.code).toBe('NOT_FOUND');
    const t = await fileTicket(app, { at: wib(2024, 9, 18, 10) });
    await admin.patch(`/api/tickets/${t.trackingNo}`, { status: 'ditutup' }).expect(200);
    const res = await admin.post(`/api/tickets/${t.trackingNo}/assignments`, { staffId: tech.id }).expect(409);
    expect(res.body.error.message).toContain('ticket is ditutup');
    expect(res.body.error.details).toEqual({ status: 'ditutup' });
    expect(await auditRows(app, 'ticket.assign', t.trackingNo)).toHaveLength(0);
  });

  test('When an assignment is withdrawn, then it is marked withdrawn, the technician is told, it is audited, and withdrawing again is 409', async () => {
    const tech = await createStaff(app.db, { name: 'Candra', phone: '6281300000102' });
    const t = await fileTicket(app, { at: wib(2024, 9, 19, 8) });
    const a = await admin.post(`/api/tickets/${t.trackingNo}/assignments`, { staffId: tech.id }).expect(201);
    await app.settle();
    app.clock.set(wib(2024, 9, 19, 9));
    const before = app.fonnte.received.length;

    const res = await admin.delete(`/api/tickets/${t.trackingNo}/assignments/${a.body.id}`).expect(200);
    await app.settle();

    expect(res.body).toMatchObject({ id: a.body.id, status: 'withdrawn', withdrawnAt: new Date(wib(2024, 9, 19, 9)).toISOString() });
    const [told] = sentTo(app, '6281300000102', before);
    expect(told!.message).toContain(`Penugasan Anda untuk *${t.trackingNo}* dibatalkan`);
    const [audit] = await auditRows(app, 'ticket.withdraw', t.trackingNo);
    expect(audit!.before).toMatchObject({ assignment: { id: a.body.id, status: 'active' } });
    expect(audit!.after).toMatchObject({ assignment: { id: a.body.id, status: 'withdrawn' } });
    expect((await admin.get(`/api/tickets/${t.trackingNo}`)).body.ticket.assignees).toEqual([]);

    const again = await admin.delete(`/api/tickets/${t.trackingNo}/assignments/${a.body.id}`).expect(409);
    expect(again.body.error.message).toBe('assignment already withdrawn');
  });

  test('When the assignment belongs to another ticket, does not exist, or the id is not a number, then 404, 404 and 400', async () => {
    const tech = await createStaff(app.db);
    const t1 = await fileTicket(app, { at: wib(2024, 9, 20, 8) });
    const t2 = await fileTicket(app, { at: wib(2024, 9, 20, 9) });
    const a = await admin.post(`/api/tickets/${t1.trackingNo}/assignments`, { staffId: tech.id }).expect(201);
    await admin.delete(`/api/tickets/${t2.trackingNo}/assignments/${a.body.id}`).expect(404);
    await admin.delete(`/api/tickets/${t1.trackingNo}/assignments/999999`).expect(404);
    const bad = await admin.delete(`/api/tickets/${t1.trackingNo}/assignments/abc`).expect(400);
    expect(bad.body.error.message).toMatch(/^id: /);
  });

  test('When a technician tries to assign or withdraw, then the answer is 403', async () => {
    const tbo = await staffMember(app, 'TBO');
    const t = await fileTicket(app, { at: wib(2024, 9, 21, 8) });
    const res = await tbo.post(`/api/tickets/${t.trackingNo}/assignments`, { staffId: tbo.staff.id }).expect(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    const a = await admin.post(`/api/tickets/${t.trackingNo}/assignments`, { staffId: tbo.staff.id }).expect(201);
    await tbo.delete(`/api/tickets/${t.trackingNo}/assignments/${a.body.id}`).expect(403);
  });
});
