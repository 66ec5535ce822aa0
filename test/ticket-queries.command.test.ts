import { describeEachDialect } from './support/test-db';
import { startTestApp, type TestApp } from './support/test-app';
import { createEmployee, setTicketStatus } from './support/factories';

describeEachDialect('#cek, #track, #riwayat and #selesai', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
  });
  afterAll(() => app.close());

  /** Files a ticket at 18:26:28 WIB on 16 September 2024 and returns its number. */
  async function fileTicket(phone: string, complaint = 'lampu kelas 3.2 mati'): Promise<string> {
    app.clock.set(Date.UTC(2024, 8, 16, 11, 26, 28));
    await app.say(phone, `#request ${complaint}`);
    const t = await app.db.kysely
      .selectFrom('tickets')
      .select('tracking_no')
      .where('reporter_phone', '=', phone)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    return t.tracking_no;
  }

  async function addEvent(trackingNo: string, note: string, at: number) {
    const t = await app.db.kysely.selectFrom('tickets').select('id').where('tracking_no', '=', trackingNo).executeTakeFirstOrThrow();
    await app.db.kysely
      .insertInto('ticket_events')
      .values({
        ticket_id: t.id,
        kind: 'progress',
        note,
        status_from: null,
        status_to: null,
        actor_kind: 'staff',
        actor_id: 'ADM04',
        actor_name: 'Siswanto',
        created_at: at,
      })
      .execute();
  }

  test('When the reporter sends #cek with the number in any case, then the status and the last note are shown with the WIB time', async () => {
    const emp = await createEmployee(app.db, { name: 'R Marta Dinata' });
    const no = await fileTicket(emp.phone);
    await addEvent(no, 'sudah dipasang dan sudah selesai', Date.UTC(2024, 8, 16, 11, 28, 57));
    const [reply] = await app.say(emp.phone, `Cek ${no.toLowerCase()}`);
    expect(reply!.message).toContain(`Laporan *${no}*: lampu kelas 3.2 mati`);
    expect(reply!.message).toContain('Status: *Baru*');
    expect(reply!.message).toContain('Hingga 16 September 2024 Jam 18:28:57 WIB: sudah dipasang dan sudah selesai');
    const inbound = await app.db.kysely
      .selectFrom('inbound_messages')
      .select(['command', 'ticket_id'])
      .where('body', '=', `Cek ${no.toLowerCase()}`)
      .executeTakeFirstOrThrow();
    expect(inbound.command).toBe('cek');
    expect(inbound.ticket_id).not.toBeNull();
  });

  test('When the reporter sends #track, then every history entry is listed, numbered, with WIB times', async () => {
    const emp = await createEmployee(app.db);
    const no = await fileTicket(emp.phone);
    await addEvent(no, 'sudah diarahkan TBO untuk ke lokasi', Date.UTC(2024, 8, 16, 11, 28, 35));
    await addEvent(no, 'Sudah diketahui penyebabnya, harus ganti lampunya', Date.UTC(2024, 8, 16, 11, 28, 48));
    const [reply] = await app.say(emp.phone, `#track ${no}`);
    const lines = reply!.message.split('\n');
    expect(lines).toContain('1. Tanggal 16 September 2024 Jam 18:26:28 WIB, Laporan diterima, menunggu penugasan petugas.');
    expect(lines).toContain('2. Tanggal 16 September 2024 Jam 18:28:35 WIB, sudah diarahkan TBO untuk ke lokasi');
    expect(lines).toContain('3. Tanggal 16 September 2024 Jam 18:28:48 WIB, Sudah diketahui penyebabnya, harus ganti lampunya');
  });

  test('When the number does not exist or belongs to someone else, then both get the same "not found" answer', async () => {
    const owner = await createEmployee(app.db);
    const other = await createEmployee(app.db);
    const no = await fileTicket(owner.phone, 'rahasia pemilik');
    const [foreign] = await app.say(other.phone, `#track ${no}`);
    const [missing] = await app.say(other.phone, '#track BRT2409999');
    expect(foreign!.message).toBe(
      `Maaf, nomor laporan *${no}* tidak ditemukan.\nPeriksa kembali nomornya, atau kirim *#cek* untuk melihat laporan Anda.`,
    );
    expect(missing!.message).toBe(foreign!.message.replace(no, 'BRT2409999'));
    expect(foreign!.message).not.toContain('rahasia');
  });

  test('When #cek is followed by something that is not a tracking number, then the #cek pattern is explained', async () => {
    const emp = await createEmployee(app.db);
    const [reply] = await app.say(emp.phone, '#cek halo semuanya');
    expect(reply!.message).toContain('#cek <nomor>');
    expect(reply!.message).toContain('Contoh: #cek BRT2409001');
  });

  test('When #cek has no number, or #riwayat is sent, then the last five tickets are listed newest first', async () => {
    const emp = await createEmployee(app.db);
    const numbers: string[] = [];
    for (let i = 1; i <= 6; i++) numbers.push(await fileTicket(emp.phone, `keluhan ${i}`));
    const [cek] = await app.say(emp.phone, '#cek');
    const [riwayat] = await app.say(emp.phone, '#riwayat');
    expect(cek!.message).toBe(riwayat!.message);
    expect(cek!.message).toContain('5 laporan terakhir Anda');
    expect(cek!.message.indexOf(numbers[5]!)).toBeLessThan(cek!.message.indexOf(numbers[1]!));
    expect(cek!.message).not.toContain(numbers[0]!);
  });

  test('When someone without tickets sends #riwayat, then they are told how to report', async () => {
    const emp = await createEmployee(app.db);
    const [reply] = await app.say(emp.phone, '#riwayat');
    expect(reply!.message).toContain('Anda belum memiliki laporan');
  });

  test('When #selesai is sent before the technicians finished, then it is explained and the ticket stays open', async () => {
    const emp = await createEmployee(app.db);
    const no = await fileTicket(emp.phone);
    const [reply] = await app.say(emp.phone, `#selesai ${no}`);
    expect(reply!.message).toContain('belum selesai dikerjakan petugas');
    const t = await app.db.kysely
      .selectFrom('tickets')
      .select(['status', 'closed_at'])
      .where('tracking_no', '=', no)
      .executeTakeFirstOrThrow();
    expect(t).toEqual({ status: 'baru', closed_at: null });
  });

  test('When the reporter confirms a finished ticket with #selesai, then it is closed, the history says so, and a repeat is answered calmly', async () => {
    const emp = await createEmployee(app.db);
    const no = await fileTicket(emp.phone);
    await setTicketStatus(app.db, no, 'selesai');
    app.clock.set(Date.UTC(2024, 8, 17, 2, 0, 0));
    const [first] = await app.say(emp.phone, `#selesai ${no}`);
    expect(first!.message).toContain(`laporan *${no}* telah Anda konfirmasi selesai`);
    const t = await app.db.kysely
      .selectFrom('tickets')
      .select(['id', 'status', 'closed_at'])
      .where('tracking_no', '=', no)
      .executeTakeFirstOrThrow();
    expect(t.status).toBe('ditutup');
    expect(Number(t.closed_at)).toBe(Date.UTC(2024, 8, 17, 2, 0, 0));
    const last = await app.db.kysely
      .selectFrom('ticket_events')
      .selectAll()
      .where('ticket_id', '=', t.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(last).toMatchObject({ kind: 'confirmed', status_from: 'selesai', status_to: 'ditutup', actor_kind: 'reporter' });
    const [again] = await app.say(emp.phone, `#selesai ${no}`);
    expect(again!.message).toContain('sudah ditutup pada 17 September 2024 Jam 09:00:00 WIB');
  });

  test('When someone else sends #selesai for a finished ticket, then it is "not found" and stays open', async () => {
    const owner = await createEmployee(app.db);
    const other = await createEmployee(app.db);
    const no = await fileTicket(owner.phone);
    await setTicketStatus(app.db, no, 'selesai');
    const [reply] = await app.say(other.phone, `#selesai ${no}`);
    expect(reply!.message).toContain('tidak ditemukan');
    const t = await app.db.kysely.selectFrom('tickets').select('status').where('tracking_no', '=', no).executeTakeFirstOrThrow();
    expect(t.status).toBe('selesai');
  });

  test('When #help is sent alone, then the menu is generated from the registry', async () => {
    const emp = await createEmployee(app.db);
    const [reply] = await app.say(emp.phone, '#help');
    for (const usage of ['#request <keluhan Anda>', '#cek <nomor>', '#track <nomor>', '#selesai <nomor>', '#riwayat', '#help']) {
      expect(reply!.message).toContain(usage);
    }
    const [bantuan] = await app.say(emp.phone, 'BANTUAN');
    expect(bantuan!.message).toBe(reply!.message);
  });
});
