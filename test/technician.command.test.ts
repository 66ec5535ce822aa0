import { describeEachDialect } from './support/test-db';
import { startTestApp, type TestApp } from './support/test-app';
import { assignDirectly, createEmployee, createStaff } from './support/factories';

describeEachDialect('technician commands', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
  });
  afterAll(() => app.close());

  async function newTicket(complaint = 'lampu kelas 3.2 mati') {
    const reporter = await createEmployee(app.db);
    await app.say(reporter.phone, `#request ${complaint}`);
    const t = await app.db.kysely.selectFrom('tickets').selectAll().where('reporter_phone', '=', reporter.phone).executeTakeFirstOrThrow();
    return { reporter, trackingNo: t.tracking_no, id: t.id };
  }
  const ticketRow = (no: string) => app.db.kysely.selectFrom('tickets').selectAll().where('tracking_no', '=', no).executeTakeFirstOrThrow();
  const events = async (id: number) =>
    (await app.db.kysely.selectFrom('ticket_events').selectAll().where('ticket_id', '=', id).orderBy('id').execute()).map((e) => e.kind);

  test('When a technician sends #job, then their open jobs are listed; with none, a clear answer', async () => {
    const tech = await createStaff(app.db, { level: 'TBO', name: 'Siswanto' });
    const [none] = await app.say(tech.phone!, '#job');
    expect(none!.message).toContain('tidak ada tugas');
    const { trackingNo } = await newTicket('atap aula bocor');
    await assignDirectly(app.db, trackingNo, tech.id, 'bawa tangga');
    const [list] = await app.say(tech.phone!, '#JOB');
    expect(list!.message).toContain(`*${trackingNo}* atap aula bocor`);
    expect(list!.message).toContain('Belum dimulai');
    const [detail] = await app.say(tech.phone!, `#job ${trackingNo.toLowerCase()}`);
    expect(detail!.message).toContain('Catatan admin: bawa tangga');
  });

  test('When a technician starts, reports and finishes, then the history grows, the reporter hears each step, and the ticket waits for confirmation', async () => {
    const tech = await createStaff(app.db, { level: 'TBO', name: 'Siswanto' });
    const { reporter, trackingNo, id } = await newTicket();
    await assignDirectly(app.db, trackingNo, tech.id);
    await app.settle();

    const start = await app.say(tech.phone!, `#start ${trackingNo} menuju lokasi`);
    expect(start.find((m) => m.target === tech.phone)!.message).toContain('mulai menangani');
    expect(start.find((m) => m.target === reporter.phone)!.message).toContain('Petugas Siswanto mulai menangani');

    const report = await app.say(tech.phone!, `#report ${trackingNo} sudah diketahui penyebabnya, harus ganti lampu`);
    expect(report.find((m) => m.target === reporter.phone)!.message).toContain('harus ganti lampu');

    const finish = await app.say(tech.phone!, `#finish ${trackingNo} lampu sudah diganti`);
    expect(finish.find((m) => m.target === tech.phone)!.message).toContain('selesai dikerjakan');
    const ask = finish.find((m) => m.target === reporter.phone)!.message;
    expect(ask).toContain(`#selesai ${trackingNo}`);
    expect(ask).toContain(`#belum ${trackingNo} <alasan>`);

    const t = await ticketRow(trackingNo);
    expect(t.status).toBe('selesai');
    expect(Number(t.finished_at)).toBeGreaterThan(0);
    expect(await events(id)).toEqual(['created', 'assigned', 'started', 'progress', 'finished']);
  });

  test('When a technician uses a number that is not theirs, then it is "tidak valid" and nothing of the other job leaks', async () => {
    const mine = await createStaff(app.db, { level: 'TBO' });
    const other = await createStaff(app.db, { level: 'TBO' });
    const { trackingNo } = await newTicket('rahasia tugas lain');
    await assignDirectly(app.db, trackingNo, other.id);
    for (const text of [`#start ${trackingNo}`, `#report ${trackingNo} x`, `#job ${trackingNo}`, '#finish BRT2409999']) {
      const [reply] = await app.say(mine.phone!, text);
      expect(reply!.message).toContain('tidak valid');
      expect(reply!.message).not.toContain('rahasia');
    }
    expect((await ticketRow(trackingNo)).status).toBe('proses');
  });

  test('When two technicians share a ticket, then it is selesai only after both finish', async () => {
    const a = await createStaff(app.db, { level: 'TBO', name: 'Teknisi A' });
    const b = await createStaff(app.db, { level: 'TBO', name: 'Teknisi B' });
    const { reporter, trackingNo } = await newTicket('genset mati');
    await assignDirectly(app.db, trackingNo, a.id);
    await assignDirectly(app.db, trackingNo, b.id);
    const first = await app.say(a.phone!, `#finish ${trackingNo}`);
    expect(first.find((m) => m.target === reporter.phone)!.message).toContain('petugas lain masih bekerja');
    expect((await ticketRow(trackingNo)).status).toBe('proses');
    const again = await app.say(a.phone!, `#finish ${trackingNo}`);
    expect(again[0]!.message).toContain('sudah tercatat selesai');
    await app.say(b.phone!, `#finish ${trackingNo}`);
    expect((await ticketRow(trackingNo)).status).toBe('selesai');
  });

  test('When the reporter answers #belum with a reason, then the ticket reopens and every technician hears why', async () => {
    const a = await createStaff(app.db, { level: 'TBO' });
    const b = await createStaff(app.db, { level: 'TBO' });
    const { reporter, trackingNo } = await newTicket('wastafel mampet');
    await assignDirectly(app.db, trackingNo, a.id);
    await assignDirectly(app.db, trackingNo, b.id);
    await app.say(a.phone!, `#finish ${trackingNo}`);
    await app.say(b.phone!, `#finish ${trackingNo}`);
    const sent = await app.say(reporter.phone, `#belum ${trackingNo} air masih menggenang`);
    expect(sent.find((m) => m.target === reporter.phone)!.message).toContain('kami buka kembali');
    for (const tech of [a, b]) expect(sent.find((m) => m.target === tech.phone)!.message).toContain('Alasan: air masih menggenang');
    expect(await ticketRow(trackingNo)).toMatchObject({ status: 'proses', finished_at: null });
    // Each technician must finish again before it is selesai.
    await app.say(a.phone!, `#finish ${trackingNo}`);
    expect((await ticketRow(trackingNo)).status).toBe('proses');
  });

  test('When a reporter sends a technician command, then it is refused politely; a technician gets the technician menu from #help', async () => {
    const emp = await createEmployee(app.db);
    const [refused] = await app.say(emp.phone, '#job');
    expect(refused!.message).toContain('tidak tersedia untuk nomor Anda');
    const tech = await createStaff(app.db, { level: 'TBO' });
    const [menu] = await app.say(tech.phone!, '#help');
    const [menu2] = await app.say(tech.phone!, '#help2');
    expect(menu!.message).toContain('*Menu petugas:*');
    expect(menu!.message.indexOf('#job')).toBeLessThan(menu!.message.indexOf('#request'));
    expect(menu2!.message).toContain('#finish <nomor> [catatan]');
  });

  test('When a finished ticket is not confirmed within AUTO_CLOSE_DAYS, then it is closed and the reporter told', async () => {
    const tech = await createStaff(app.db, { level: 'TBO' });
    const { reporter, trackingNo, id } = await newTicket('keran bocor');
    await assignDirectly(app.db, trackingNo, tech.id, null, app.clock.now());
    await app.say(tech.phone!, `#finish ${trackingNo}`);
    app.clock.advance(2 * 24 * 3600_000);
    await app.services.autoClose.runOnce();
    expect((await ticketRow(trackingNo)).status).toBe('selesai');
    app.clock.advance(1 * 24 * 3600_000 + 1000);
    const before = app.fonnte.received.length;
    expect(await app.services.autoClose.runOnce()).toBeGreaterThanOrEqual(1);
    await app.settle();
    expect(app.fonnte.received.slice(before).find((m) => m.target === reporter.phone)!.message).toContain('tutup otomatis');
    expect(await ticketRow(trackingNo)).toMatchObject({ status: 'ditutup' });
    expect((await events(id)).at(-1)).toBe('auto_closed');
  });
});
