import { importLegacy } from '../../src/features/legacy/legacy-import.service';
import { readLegacyDatabase } from '../../src/features/legacy/legacy-source.repository';
import { signedIn } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';
import { createLegacyFixture, realRun, type LegacyFixture } from './legacy-fixture';

/* Imported numbers through the chat (#cek and #track of the old numbers, the next #request's number) and the desk's ticket page. */
const declare = process.env.TEST_MYSQL_SKIP
  ? (name: string, fn: (d: 'sqlite') => void) => describe.skip(name, () => fn('sqlite'))
  : describeEachDialect;

declare('legacy numbers in the chat', (dialect) => {
  let fixture: LegacyFixture;
  let app: TestApp;
  const marta = '6282111476069';
  beforeAll(async () => {
    fixture = await createLegacyFixture();
    // TICKET_PREFIX stays BRT: the old MON numbers must work beside it.
    app = await startTestApp(dialect, { TICKET_PREFIX: 'BRT' });
    await importLegacy(app.db, await readLegacyDatabase(fixture.url), 'fixture', realRun());
  });
  afterAll(async () => {
    await app.close();
    await fixture.drop();
  });

  test('When the reporter sends #cek with an old MON number, then the imported ticket answers with its status and latest entry in WIB', async () => {
    const [reply] = await app.say(marta, '#cek MON2403002');
    expect(reply!.target).toBe(marta);
    expect(reply!.message).toContain('Yth. R Marta Dinata');
    expect(reply!.message).toContain('Laporan *MON2403002*: rumput sudah tinggi di aula');
    expect(reply!.message).toContain('Hingga 1 Maret 2024 Jam 18:27:43 WIB: sedang di cek oleh tukang 1');
  });

  test('When the reporter sends #track with an old number in any case, then the whole imported history is listed in order', async () => {
    const [reply] = await app.say(marta, '#track *brt2409002*');
    const lines = reply!.message.split('\n');
    expect(lines[1]).toMatch(/^Riwayat laporan \*BRT2409002\* \(status: /);
    expect(lines.slice(2)).toEqual([
      '1. Tanggal 17 September 2024 Jam 07:31:23 WIB, Laporan diterima, menunggu penugasan petugas.',
      '2. Tanggal 17 September 2024 Jam 07:36:10 WIB, Laporan diteruskan kepada petugas Siswanto untuk ditangani.',
      '3. Tanggal 17 September 2024 Jam 07:40:00 WIB, Petugas Siswanto mulai menangani.',
      '4. Tanggal 17 September 2024 Jam 07:47:52 WIB, sudah ditentukan Pj nya untuk merapikan akan laporan Anda',
      '5. Tanggal 17 September 2024 Jam 07:48:11 WIB, Sebagian Alat sedang dibelanjakan',
      '6. Tanggal 17 September 2024 Jam 07:48:11 WIB, Sebagian alat sedang dibelanjakan',
      '7. Tanggal 17 September 2024 Jam 07:48:36 WIB, Proses Finising sedang dilakukan, berupa pemberian wangi-wangian',
      '8. Tanggal 17 September 2024 Jam 07:55:00 WIB, Petugas Siswanto menyelesaikan pekerjaan: sudah bersih dan wangi',
    ]);
  });

  test('When someone else asks about an imported number, then it is not found, as for any ticket not theirs', async () => {
    const [reply] = await app.say('6285825335908', '#cek MON2403002');
    expect(reply!.message).toContain('nomor laporan *MON2403002* tidak ditemukan');
  });

  test('When the desk opens an imported MON ticket through the API, then the number is accepted and its assignment and history are served', async () => {
    const desk = await signedIn(app, 'Staf');
    const res = await desk.get('/api/tickets/MON2403002').expect(200);
    expect(res.body.ticket).toMatchObject({ trackingNo: 'MON2403002', status: 'proses' });
    expect(res.body.assignments).toEqual([
      expect.objectContaining({ staff: expect.objectContaining({ id: 'ADM03' }), note: 'potong rumput segera' }),
    ]);
    expect(res.body.events.map((e: { kind: string }) => e.kind)).toEqual(['created', 'assigned', 'progress']);
  });

  test('When a new #request arrives in a month the import filled, then its number comes after the highest imported one', async () => {
    // The test clock stands on 16 September 2024; the fixture's highest BRT number of that month is BRT2409004.
    const [reply] = await app.say(marta, '#request lampu lorong lantai 2 mati');
    expect(reply!.message).toContain('Nomor tracking Anda: *BRT2409005*');
    const seq = await app.db.kysely.selectFrom('ticket_sequences').selectAll().where('period', '=', 'BRT2409').executeTakeFirstOrThrow();
    expect(Number(seq.last_value)).toBe(5);
  });
});
