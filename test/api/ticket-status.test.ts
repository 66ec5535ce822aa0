import type { SignedIn } from '../support/api-client';
import { createEmployee } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';
import { auditRows, DAY, fileTicket, HOUR, sentTo, staffMember, wib } from './ticket-fixtures';

describeEachDialect('PATCH /api/tickets/:trackingNo (status)', (dialect) => {
  let app: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    app = await startTestApp(dialect);
    admin = await staffMember(app, 'Administrator', { name: 'Pak Admin' });
  });
  afterAll(() => app.close());

  const ticketRow = (no: string) => app.db.kysely.selectFrom('tickets').selectAll().where('tracking_no', '=', no).executeTakeFirstOrThrow();

  test('When an admin moves a ticket along the workflow, then it is stored, put in the history, told to the reporter and audited', async () => {
    const emp = await createEmployee(app.db, { name: 'R Marta Dinata' });
    const t = await fileTicket(app, { phone: emp.phone, at: wib(2024, 9, 16, 8) });
    app.clock.set(wib(2024, 9, 16, 9));
    await admin.patch(`/api/tickets/${t.trackingNo}`, { status: 'proses' }).expect(200);
    await app.settle();
    app.clock.set(wib(2024, 9, 18, 10));
    const before = app.fonnte.received.length;

    const res = await admin.patch(`/api/tickets/${t.trackingNo}`, { status: 'selesai', note: 'lampu sudah diganti' }).expect(200);
    await app.settle();

    expect(res.body).toMatchObject({
      trackingNo: t.trackingNo,
      status: 'selesai',
      finishedAt: new Date(wib(2024, 9, 18, 10)).toISOString(),
      age: 'H+2',
      durationMs: 2 * DAY + 2 * HOUR,
    });
    expect(await ticketRow(t.trackingNo)).toMatchObject({
      status: 'selesai',
      finished_at: wib(2024, 9, 18, 10),
      updated_at: wib(2024, 9, 18, 10),
    });
    const events = await app.db.kysely.selectFrom('ticket_events').selectAll().where('ticket_id', '=', t.id).orderBy('id').execute();
    expect(events.at(-1)).toMatchObject({
      kind: 'status',
      status_from: 'proses',
      status_to: 'selesai',
      actor_id: admin.staff.id,
      actor_name: 'Pak Admin',
    });
    const [told] = sentTo(app, emp.phone, before);
    expect(told!.message).toContain(`Status laporan *${t.trackingNo}* kini: *Selesai dikerjakan, menunggu konfirmasi pelapor*.`);
    expect(told!.message).toContain('Catatan: lampu sudah diganti');
    expect(told!.message).toContain(`#selesai ${t.trackingNo}`);
    const audits = await auditRows(app, 'ticket.status', t.trackingNo);
    expect(audits.map((a) => [a.before?.status, a.after?.status])).toEqual([
      ['baru', 'proses'],
      ['proses', 'selesai'],
    ]);
    expect(audits[1]!.after).toMatchObject({ finishedAt: wib(2024, 9, 18, 10), note: 'lampu sudah diganti' });
    expect(audits[1]).toMatchObject({ actor_id: admin.staff.id, entity: 'ticket' });

    app.clock.set(wib(2024, 9, 19, 8));
    const reopened = await admin.patch(`/api/tickets/${t.trackingNo}`, { status: 'proses', note: 'masih berkedip' }).expect(200);
    expect(reopened.body).toMatchObject({ status: 'proses', finishedAt: null, durationMs: null, age: 'H+3' });
  });

  test('When the move is not allowed, then 409 names the current status and nothing changes or is sent', async () => {
    const t = await fileTicket(app, { at: wib(2024, 9, 17, 8) });
    await app.settle();
    const before = app.fonnte.received.length;

    const res = await admin.patch(`/api/tickets/${t.trackingNo}`, { status: 'selesai' }).expect(409);
    await app.settle();

    expect(res.body.error).toEqual({
      code: 'CONFLICT',
      message: 'cannot move a ticket from baru to selesai',
      details: { status: 'baru', allowed: ['proses', 'pending', 'ditutup'] },
    });
    expect((await ticketRow(t.trackingNo)).status).toBe('baru');
    expect(app.fonnte.received.length).toBe(before);
    expect(await auditRows(app, 'ticket.status', t.trackingNo)).toEqual([]);
    const same = await admin.patch(`/api/tickets/${t.trackingNo}`, { status: 'baru' }).expect(409);
    expect(same.body.error.message).toBe('cannot move a ticket from baru to baru');
  });

  test.each([
    ['no status', {}, 'status'],
    ['an unknown status', { status: 'beres' }, 'status'],
    ['a note that is not text', { status: 'pending', note: 42 }, 'note'],
  ])('When the body has %s, then 400 names the field', async (_label, body, field) => {
    const t = await fileTicket(app, { at: wib(2024, 9, 17, 9) });
    const res = await admin.patch(`/api/tickets/${t.trackingNo}`, body).expect(400);
    expect(res.body.error.message).toMatch(new RegExp(`^${field}: `));
  });

  test('When the ticket is unknown, then 404; when a technician tries, then 403', async () => {
    await admin.patch('/api/tickets/BRT2409997', { status: 'proses' }).expect(404);
    const tbo = await staffMember(app, 'TBO');
    const t = await fileTicket(app, { at: wib(2024, 9, 17, 10) });
    await admin.post(`/api/tickets/${t.trackingNo}/assignments`, { staffId: tbo.staff.id }).expect(201);
    const res = await tbo.patch(`/api/tickets/${t.trackingNo}`, { status: 'pending' }).expect(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });
});

describeEachDialect('POST /api/tickets/:trackingNo/events (progress notes)', (dialect) => {
  let app: TestApp;
  let staf: SignedIn;
  beforeAll(async () => {
    app = await startTestApp(dialect);
    staf = await staffMember(app, 'Staf', { name: 'Ibu Staf' });
  });
  afterAll(() => app.close());

  test('When staff add a note, then 201 returns the history entry, the reporter gets it by WhatsApp and it is audited', async () => {
    const emp = await createEmployee(app.db, { name: 'R Marta Dinata', department: 'TIF', unit: 'IT' });
    const t = await fileTicket(app, { phone: emp.phone, at: wib(2024, 9, 16, 18, 26) });
    app.clock.set(wib(2024, 9, 16, 18, 28, 35));
    const before = app.fonnte.received.length;

    const res = await staf.post(`/api/tickets/${t.trackingNo}/events`, { note: '  sudah diarahkan TBO untuk ke lokasi  ' }).expect(201);
    await app.settle();

    expect(res.body).toEqual({
      id: expect.any(Number),
      kind: 'note',
      note: 'sudah diarahkan TBO untuk ke lokasi',
      statusFrom: null,
      statusTo: null,
      actorKind: 'staff',
      actorName: 'Ibu Staf',
      createdAt: new Date(wib(2024, 9, 16, 18, 28, 35)).toISOString(),
    });
    const [told] = sentTo(app, emp.phone, before);
    expect(told!.message).toBe(
      [
        'Yth. R Marta Dinata (TIF/IT),',
        `Perkembangan laporan *${t.trackingNo}*:`,
        'sudah diarahkan TBO untuk ke lokasi',
        '',
        `Cek status: #cek ${t.trackingNo}`,
      ].join('\n'),
    );
    const [audit] = await auditRows(app, 'ticket.note', t.trackingNo);
    expect(audit).toMatchObject({ actor_id: staf.staff.id, actor_name: 'Ibu Staf', entity: 'ticket' });
    expect(audit!.after).toMatchObject({ eventId: res.body.id, note: 'sudah diarahkan TBO untuk ke lokasi' });
    const [cek] = await app.say(emp.phone, `#cek ${t.trackingNo}`);
    expect(cek!.message).toContain('Hingga 16 September 2024 Jam 18:28:35 WIB: sudah diarahkan TBO untuk ke lokasi');
  });

  test('When a technician adds progress to a ticket assigned to them, then it is recorded with them as the actor; on another ticket it is 404', async () => {
    const tbo = await staffMember(app, 'TBO', { name: 'Siswanto' });
    const mine = await fileTicket(app, { at: wib(2024, 9, 17, 8) });
    const other = await fileTicket(app, { at: wib(2024, 9, 17, 9) });
    await staf.post(`/api/tickets/${mine.trackingNo}/assignments`, { staffId: tbo.staff.id }).expect(201);

    const res = await tbo
      .post(`/api/tickets/${mine.trackingNo}/events`, { note: 'Sudah diketahui penyebabnya, harus ganti lampunya' })
      .expect(201);
    expect(res.body).toMatchObject({ actorKind: 'staff', actorName: 'Siswanto' });
    const row = await app.db.kysely.selectFrom('ticket_events').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ actor_id: tbo.staff.id, actor_name: 'Siswanto' });
    expect((await auditRows(app, 'ticket.note', mine.trackingNo))[0]).toMatchObject({ actor_id: tbo.staff.id });

    const denied = await tbo.post(`/api/tickets/${other.trackingNo}/events`, { note: 'bukan tugas saya' }).expect(404);
    expect(denied.body.error).toEqual({ code: 'NOT_FOUND', message: `ticket ${other.trackingNo} not found` });
    expect(
      await app.db.kysely.selectFrom('ticket_events').select('id').where('ticket_id', '=', other.id).where('kind', '=', 'note').execute(),
    ).toEqual([]);
  });

  test('When the note is missing or blank, then 400 names note; when the ticket is unknown, then 404', async () => {
    const t = await fileTicket(app, { at: wib(2024, 9, 18, 8) });
    for (const body of [{}, { note: '   ' }, { note: 'x'.repeat(2001) }]) {
      const res = await staf.post(`/api/tickets/${t.trackingNo}/events`, body).expect(400);
      expect(res.body.error.message).toMatch(/^note: /);
    }
    await staf.post('/api/tickets/BRT2409996/events', { note: 'halo' }).expect(404);
  });
});
