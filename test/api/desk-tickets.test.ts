import type { SignedIn } from '../support/api-client';
import { createEmployee, createStaff } from '../support/factories';
import { auditRowsOf } from '../support/staff-login';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';
import { DAY, staffMember, wib } from './ticket-fixtures';

describeEachDialect('POST /api/tickets (the desk opens a ticket)', (dialect) => {
  let app: TestApp;
  let desk: SignedIn;
  beforeAll(async () => {
    app = await startTestApp(dialect);
    desk = await staffMember(app, 'Staf', { name: 'Dewi Meja' });
  });
  afterAll(() => app.close());
  beforeEach(() => app.fonnte.reset());

  /** Opens a desk ticket at `at` and lets the outbox send what it queued. */
  async function open(body: object, at = wib(2024, 10, 7, 9)) {
    app.clock.set(at);
    const res = await desk.post('/api/tickets', body);
    await app.settle();
    return res;
  }
  const sentTo = (phone: string) => app.fonnte.received.filter((r) => r.target === phone);

  test('When the desk opens a ticket for an employee of the directory, then it is a new ticket with the channel and the desk member in its history, the employee gets the #request confirmation and #cek from their phone works', async () => {
    const emp = await createEmployee(app.db, { name: 'R Marta Dinata', department: 'TIF', unit: 'IT' });

    const res = await open({ reporter: { employeeId: emp.id.toLowerCase() }, complaint: 'AC ruang 204 bocor', channel: 'telepon' });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      trackingNo: expect.stringMatching(/^BRT2410\d{3}$/),
      status: 'baru',
      channel: 'telepon',
      complaint: 'AC ruang 204 bocor',
      reporter: { employeeId: emp.id, name: 'R Marta Dinata', phone: emp.phone, unit: 'TIF/IT' },
      createdAt: new Date(wib(2024, 10, 7, 9)).toISOString(),
    });
    const no = res.body.trackingNo as string;
    const [confirmation] = sentTo(emp.phone);
    expect(confirmation!.message).toContain(`Nomor tracking Anda: *${no}*`);
    expect(confirmation!.message).toContain('Yth. R Marta Dinata (TIF/IT),');

    const detail = await desk.get(`/api/tickets/${no}`).expect(200);
    expect(detail.body.events).toEqual([
      expect.objectContaining({
        kind: 'created',
        statusTo: 'baru',
        actorKind: 'staff',
        actorName: 'Dewi Meja',
        note: 'Laporan diterima melalui Telepon, dicatat oleh Dewi Meja; menunggu penugasan petugas.',
      }),
    ]);
    const [audit] = await auditRowsOf(app, 'ticket', no);
    expect(audit).toMatchObject({ action: 'ticket.create', actor_id: desk.staff.id, actor_name: 'Dewi Meja' });
    expect(audit!.after).toMatchObject({ channel: 'telepon', complaint: 'AC ruang 204 bocor', notified: 1 });

    const [cek] = await app.say(emp.phone, `#cek ${no}`);
    expect(cek!.target).toBe(emp.phone);
    expect(cek!.message).toContain(no);
    expect(cek!.message).not.toContain('tidak ditemukan');
  });

  test('When the desk types in a reporter with a phone, then the phone is normalised, the confirmation goes to it and later notifications (an assignment) reach it', async () => {
    const tech = await createStaff(app.db, { name: 'Siswanto', phone: '6281300000311' });

    const res = await open({
      reporter: { name: 'Bu Sari', phone: '0812-3456-0311', unit: 'TU' },
      complaint: 'pintu macet',
      channel: 'datang_langsung',
    });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      channel: 'datang_langsung',
      reporter: { employeeId: null, name: 'Bu Sari', phone: '6281234560311', unit: 'TU' },
    });
    const no = res.body.trackingNo as string;
    expect(sentTo('6281234560311').map((r) => r.message)).toEqual([expect.stringContaining(`Nomor tracking Anda: *${no}*`)]);

    await desk.post(`/api/tickets/${no}/assignments`, { staffId: tech.id }).expect(201);
    await app.settle();
    const toReporter = sentTo('6281234560311');
    expect(toReporter).toHaveLength(2);
    expect(toReporter[1]!.message).toContain('Siswanto');
    expect(sentTo(tech.phone)[0]!.message).toContain('Pelapor: Bu Sari (TU), 6281234560311');
  });

  test('When the desk types in a reporter without a phone, then nothing is sent to them: not at creation, assignment, status change or auto-close, and every step succeeds', async () => {
    const tech = await createStaff(app.db, { name: 'Joko', phone: '6281300000312' });
    const start = wib(2024, 10, 8, 10);

    const res = await open(
      { reporter: { name: 'Pak Harun', phone: '', unit: 'Perpustakaan' }, complaint: 'atap bocor', channel: 'surat_email' },
      start,
    );

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      channel: 'surat_email',
      reporter: { employeeId: null, name: 'Pak Harun', phone: null, unit: 'Perpustakaan' },
    });
    const no = res.body.trackingNo as string;
    expect(app.fonnte.received).toEqual([]);

    await desk.post(`/api/tickets/${no}/assignments`, { staffId: tech.id }).expect(201);
    await desk.patch(`/api/tickets/${no}`, { status: 'selesai', note: 'sudah ditambal' }).expect(200);
    await app.settle();
    app.clock.set(start + (app.config.autoCloseDays + 1) * DAY);
    expect(await app.services.autoClose.runOnce()).toBeGreaterThanOrEqual(1);
    await app.settle();

    // Only the technician heard anything, and the pelapor line has no number.
    expect(app.fonnte.received.map((r) => r.target)).toEqual([tech.phone]);
    expect(app.fonnte.received[0]!.message).toContain('Pelapor: Pak Harun (Perpustakaan)\n');
    const detail = await desk.get(`/api/tickets/${no}`).expect(200);
    expect(detail.body.ticket).toMatchObject({ status: 'ditutup', reporter: { phone: null } });
    expect(detail.body.events.map((e: { kind: string }) => e.kind)).toEqual(['created', 'assigned', 'status', 'auto_closed']);
    expect(detail.body.outboundMessages.map((m: { target: string }) => m.target)).toEqual([tech.phone]);
    const rows = await app.db.kysely.selectFrom('outbound_messages').select('target').where('target', '=', '').execute();
    expect(rows).toEqual([]);
    // Found by the reporter's name; the empty phone matches no phone search.
    expect((await desk.get('/api/tickets?q=Harun').expect(200)).body.items.map((t: { trackingNo: string }) => t.trackingNo)).toEqual([no]);
  });

  test('When tickets came by several channels, then the list filters by channel, a #request is whatsapp and the export has a "Saluran" column', async () => {
    const at = wib(2024, 11, 20, 8);
    const phoned = (await open({ reporter: { name: 'Penelepon' }, complaint: 'lampu lorong mati', channel: 'telepon' }, at)).body;
    const walkIn = (await open({ reporter: { name: 'Tamu' }, complaint: 'kursi patah', channel: 'datang_langsung' }, at + 60_000)).body;
    const emp = await createEmployee(app.db);
    app.clock.set(at + 120_000);
    await app.say(emp.phone, '#request proyektor mati');
    const range = 'from=2024-11-20&to=2024-11-20';

    const byChannel = async (c: string) =>
      (await desk.get(`/api/tickets?${range}&channel=${c}`).expect(200)).body.items.map((t: { trackingNo: string }) => t.trackingNo);
    expect(await byChannel('telepon')).toEqual([phoned.trackingNo]);
    expect(await byChannel('telepon,datang_langsung')).toEqual([walkIn.trackingNo, phoned.trackingNo]);
    const whatsapp = (await desk.get(`/api/tickets?${range}&channel=whatsapp`).expect(200)).body.items;
    expect(whatsapp).toEqual([expect.objectContaining({ channel: 'whatsapp', reporter: expect.objectContaining({ phone: emp.phone }) })]);
    const bad = await desk.get(`/api/tickets?channel=fax`).expect(400);
    expect(bad.body.error.details.field).toBe('channel.0'); // as for status: the first value of the list

    const csv = await desk.get(`/api/tickets/export?${range}&format=csv&sort=createdAt&order=asc`).expect(200);
    const lines = (csv.text as string).trim().split('\r\n');
    const cells = (l: string): string[] => l.match(/"(?:[^"]|"")*"/g) ?? [];
    const saluran = cells(lines[0]!).indexOf('"Saluran"');
    expect(saluran).toBeGreaterThan(0);
    expect(lines.slice(1).map((l) => cells(l)[saluran])).toEqual(['"Telepon"', '"Datang langsung"', '"WhatsApp"']);
    // No phone: an empty Telepon cell.
    expect(lines[1]).toContain('"Penelepon","","",');
  });

  test('When the body is wrong, then the answer is 400 naming the field and no ticket is made', async () => {
    const before = await app.db.kysely
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const inactive = await createEmployee(app.db, { status: 'inactive' });
    const cases: [object, string][] = [
      [{ reporter: { employeeId: 'PGW0000404' }, complaint: 'x', channel: 'telepon' }, 'reporter.employeeId'],
      [{ reporter: { employeeId: inactive.id }, complaint: 'x', channel: 'telepon' }, 'reporter.employeeId'],
      [{ reporter: { name: 'Sari', phone: 'bukan nomor' }, complaint: 'x', channel: 'telepon' }, 'reporter.phone'],
      [{ reporter: { name: 'Sari' }, complaint: '   ', channel: 'telepon' }, 'complaint'],
      [{ reporter: { name: 'Sari' }, complaint: 'x', channel: 'fax' }, 'channel'],
      [{ reporter: { name: 'Sari' }, complaint: 'x' }, 'channel'],
      [{ reporter: {}, complaint: 'x', channel: 'telepon' }, 'reporter.name'],
      [{ reporter: { employeeId: inactive.id, name: 'Sari' }, complaint: 'x', channel: 'telepon' }, 'reporter.employeeId'],
    ];
    for (const [body, field] of cases) {
      const res = await desk.post('/api/tickets', body);
      expect([res.status, res.body.error?.code, res.body.error?.details?.field]).toEqual([400, 'VALIDATION_FAILED', field]);
    }
    const after = await app.db.kysely
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  test('When a technician (TBO) tries to open a ticket, then the answer is 403; an Administrator may', async () => {
    const tbo = await staffMember(app, 'TBO');
    const body = { reporter: { name: 'Sari' }, complaint: 'wastafel mampet', channel: 'telepon' };
    expect((await tbo.post('/api/tickets', body)).status).toBe(403);
    const admin = await staffMember(app, 'Administrator');
    expect((await admin.post('/api/tickets', body)).status).toBe(201);
  });
});
