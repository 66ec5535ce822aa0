import { describeEachDialect } from './support/test-db';
import { startTestApp, type TestApp } from './support/test-app';
import { seedDemoData } from '../seeds/demo';

const MARTA = '6282111476069'; // R Marta Dinata, PGW2402001, TIF/IT
const SISWANTO = '6282124603757'; // ADM04, TBO
const ADRASHA = '628998848947'; // ADM05, TBO

/** The book's appendix ("Alur Request"), end to end through the webhook and the admin API. */
describeEachDialect('the book’s request flow', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
    await seedDemoData(app.db, app.clock.now());
  });
  afterAll(() => app.close());

  const at = (iso: string) => app.clock.set(Date.parse(iso));

  test('When a complaint is assigned to Siswanto and worked through by chat, then the reporter can follow and close it', async () => {
    at('2024-09-17T00:31:23Z'); // 07:31:23 WIB
    const [accepted] = await app.say(MARTA, 'REQUEST toilet lantai 2 kotor dan bau, mohon dibersihkan');
    expect(accepted!.message).toContain('Yth. R Marta Dinata (TIF/IT)');
    expect(accepted!.message).toContain('*BRT2409001*');

    at('2024-09-17T00:36:10Z'); // the admin assigns at 07:36:10 WIB
    const { token } = await app.services.tokens.sign({ staffId: 'ADM03', version: 0, level: 'Staf' });
    const assigned = await app.http
      .post('/api/tickets/BRT2409001/assignments')
      .set('authorization', `Bearer ${token}`)
      .send({ staffId: 'ADM04', note: 'segera lakukan bersih-bersih sesuai yang diarahkan pimpinan' });
    expect(assigned.status).toBe(201);
    const before = app.fonnte.received.length;
    await app.settle();
    const pushed = app.fonnte.received.slice(before);
    expect(pushed.find((m) => m.target === SISWANTO)!.message).toContain('#start BRT2409001');
    expect(pushed.find((m) => m.target === MARTA)!.message).toContain('petugas Siswanto');

    at('2024-09-17T00:40:00Z');
    const [jobs] = await app.say(SISWANTO, '#job');
    expect(jobs!.message).toContain('*BRT2409001* toilet lantai 2 kotor');
    const [wrong] = await app.say(SISWANTO, '#start BRT2409009');
    expect(wrong!.message).toContain('tidak valid');
    const [notHis] = await app.say(ADRASHA, '#start BRT2409001');
    expect(notHis!.message).toContain('tidak valid');

    at('2024-09-17T00:47:52Z');
    await app.say(SISWANTO, '#start BRT2409001 sudah ditentukan PJ untuk merapikan');
    at('2024-09-17T00:48:11Z');
    await app.say(SISWANTO, '#report BRT2409001 Sebagian alat sedang dibelanjakan', {
      type: 'image',
      url: 'https://files.fonnte.com/media/bukti-1.jpg',
      filename: 'bukti-1.jpg',
      extension: 'jpg',
    });
    at('2024-09-17T00:48:36Z');
    const finished = await app.say(SISWANTO, '#finish BRT2409001 Proses finishing, pemberian wangi-wangian');
    expect(finished.find((m) => m.target === MARTA)!.message).toContain('#selesai BRT2409001');

    at('2024-09-17T01:00:00Z');
    const [cek] = await app.say(MARTA, '#cek BRT2409001');
    expect(cek!.message).toContain(
      'Hingga 17 September 2024 Jam 07:48:36 WIB: Petugas Siswanto menyelesaikan pekerjaan: Proses finishing, pemberian wangi-wangian',
    );
    const [track] = await app.say(MARTA, '#track brt2409001');
    const lines = track!.message.split('\n');
    expect(lines.slice(2)).toEqual([
      '1. Tanggal 17 September 2024 Jam 07:31:23 WIB, Laporan diterima, menunggu penugasan petugas.',
      '2. Tanggal 17 September 2024 Jam 07:36:10 WIB, Laporan diteruskan kepada petugas Siswanto untuk ditangani.',
      '3. Tanggal 17 September 2024 Jam 07:47:52 WIB, Petugas Siswanto mulai menangani: sudah ditentukan PJ untuk merapikan',
      '4. Tanggal 17 September 2024 Jam 07:48:11 WIB, Sebagian alat sedang dibelanjakan (foto terlampir)',
      '5. Tanggal 17 September 2024 Jam 07:48:36 WIB, Petugas Siswanto menyelesaikan pekerjaan: Proses finishing, pemberian wangi-wangian',
    ]);

    const [closed] = await app.say(MARTA, '#selesai BRT2409001');
    expect(closed!.message).toContain('telah Anda konfirmasi selesai');
    const ticket = await app.db.kysely.selectFrom('tickets').selectAll().where('tracking_no', '=', 'BRT2409001').executeTakeFirstOrThrow();
    expect(ticket).toMatchObject({
      status: 'ditutup',
      first_assigned_at: Date.parse('2024-09-17T00:36:10Z'),
      finished_at: Date.parse('2024-09-17T00:48:36Z'),
    });
    const photo = await app.db.kysely.selectFrom('media').selectAll().where('ticket_id', '=', ticket.id).executeTakeFirstOrThrow();
    expect(photo).toMatchObject({ source_url: 'https://files.fonnte.com/media/bukti-1.jpg', original_filename: 'bukti-1.jpg' });
    expect(photo.ticket_event_id).not.toBeNull();
    const detail = await app.http.get('/api/tickets/BRT2409001').set('authorization', `Bearer ${token}`);
    expect(detail.body.media).toEqual([expect.objectContaining({ id: photo.id, ticketEventId: photo.ticket_event_id, status: 'pending' })]);

    // Every notification is an outbox row linked to the ticket, with its delivery state.
    const outbox = await app.db.kysely
      .selectFrom('outbound_messages')
      .select(['target', 'kind', 'status'])
      .where('ticket_id', '=', ticket.id)
      .execute();
    expect(outbox.every((m) => m.status === 'sent')).toBe(true);
    expect(
      outbox
        .filter((m) => m.kind === 'notification')
        .map((m) => m.target)
        .sort(),
    ).toEqual([MARTA, MARTA, MARTA, MARTA, SISWANTO].sort());
  });
});
