import { signedIn, type SignedIn } from '../support/api-client';
import { auditRowsOf } from '../support/staff-login';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';
import { loadCalendar } from '../../src/features/sla/working-calendar';

const START = Date.UTC(2026, 11, 3, 1, 0, 0);

/** Two of Google Calendar's "Hari Libur di Indonesia" days off (one of them over two days), an observance, and a repeating event. */
const ICS = [
  'BEGIN:VCALENDAR',
  'PRODID:-//Google Inc//Google Calendar 70.9054//EN',
  'VERSION:2.0',
  'CALSCALE:GREGORIAN',
  'X-WR-CALNAME:Hari Libur di Indonesia',
  'X-WR-TIMEZONE:UTC',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20310320',
  'DTEND;VALUE=DATE:20310322',
  'DTSTAMP:20301201T000000Z',
  'UID:20310320_idulfitri@google.com',
  'SUMMARY:Hari Raya Idul Fitri',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20310817',
  'DTEND;VALUE=DATE:20310818',
  'DTSTAMP:20301201T000000Z',
  'UID:20310817_kemerdekaan@google.com',
  'SUMMARY:Hari Kemerdekaan Republik Indonesia',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20311222',
  'DTEND;VALUE=DATE:20311223',
  'UID:20311222_hariibu@google.com',
  'SUMMARY:Hari Ibu',
  'DESCRIPTION:Perayaan\\nUntuk menyembunyikan perayaan\\, buka Setelan Google Kalender',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20310101',
  'DTEND;VALUE=DATE:20310102',
  'RRULE:FREQ=YEARLY',
  'UID:every-new-year@example',
  'SUMMARY:Tahun Baru',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

describeEachDialect('/api/holidays', (dialect) => {
  let app: TestApp;
  let admin: SignedIn;
  let staf: SignedIn;
  let tbo: SignedIn;
  beforeAll(async () => {
    app = await startTestApp(dialect);
    app.clock.set(START);
    admin = await signedIn(app, 'Administrator');
    staf = await signedIn(app, 'Staf');
    tbo = await signedIn(app, 'TBO');
  });
  afterAll(() => app.close());
  beforeEach(() => app.clock.set(START));

  const stored = async (year: number) =>
    (await app.db.kysely.selectFrom('holidays').select(['day', 'name']).where('day', 'like', `${year}-%`).orderBy('day').execute()).map(
      (r) => `${r.day} ${r.name}`,
    );

  test('When the Administrator adds a holiday, then Staf lists it for its year, the creation is audited and the calendar skips it at once', async () => {
    const before = await loadCalendar(app.db.kysely, app.config);
    expect(before.isWorking(Date.UTC(2027, 0, 4, 3, 0))).toBe(true); // Monday 4 January 2027, 10:00 WIB

    const res = await admin.post('/api/holidays', { day: '2027-01-04', name: 'Cuti bersama' }).set('x-request-id', 'req-holiday-1');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ day: '2027-01-04', name: 'Cuti bersama', createdAt: new Date(START).toISOString() });

    const list = await staf.get('/api/holidays?year=2027');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([res.body]);
    expect((await staf.get('/api/holidays?year=2026')).body.items).not.toContainEqual(res.body);

    expect(await auditRowsOf(app, 'holiday', '2027-01-04')).toEqual([
      expect.objectContaining({
        action: 'holiday.create',
        actor_id: admin.staff.id,
        request_id: 'req-holiday-1',
        after: { day: '2027-01-04', name: 'Cuti bersama' },
      }),
    ]);
    const after = await loadCalendar(app.db.kysely, app.config);
    expect(after.isWorking(Date.UTC(2027, 0, 4, 3, 0))).toBe(false);
  });

  test('When a day is already a holiday, then adding it again is 409 naming the day', async () => {
    expect((await admin.post('/api/holidays', { day: '2028-05-01', name: 'Hari Buruh' })).status).toBe(201);
    const dup = await admin.post('/api/holidays', { day: '2028-05-01', name: 'Lagi' });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'CONFLICT', details: { field: 'day' } });
    expect(await stored(2028)).toEqual(['2028-05-01 Hari Buruh']);
  });

  test.each([
    [{ day: '2028-02-30', name: 'Tidak ada' }, 'day'],
    [{ day: '1/5/2028', name: 'Salah format' }, 'day'],
    [{ day: '2028-06-01' }, 'name'],
    [{ day: '2028-06-01', name: '  ' }, 'name'],
    [{ day: '2028-06-01', name: 'Pancasila', extra: 1 }, 'body'],
  ])('When the body is %j, then it is a 400 naming %s', async (body, field) => {
    const res = await admin.post('/api/holidays', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    if (field !== 'body') expect(res.body.error.message).toMatch(new RegExp(`^${field}: `));
  });

  test('When the Administrator deletes a holiday, then it is gone and audited, and a second delete is 404', async () => {
    await admin.post('/api/holidays', { day: '2029-06-01', name: 'Hari Lahir Pancasila' });
    const res = await admin.delete('/api/holidays/2029-06-01');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ day: '2029-06-01', name: 'Hari Lahir Pancasila' });
    expect(await stored(2029)).toEqual([]);
    expect((await auditRowsOf(app, 'holiday', '2029-06-01')).map((a) => a.action)).toEqual(['holiday.create', 'holiday.delete']);
    expect((await admin.delete('/api/holidays/2029-06-01')).status).toBe(404);
    expect((await admin.delete('/api/holidays/kemarin')).status).toBe(400);
  });

  test('When Staf or a technician tries to change holidays, then it is 403, and a technician cannot read them either', async () => {
    expect((await staf.post('/api/holidays', { day: '2030-01-01', name: 'Tahun Baru' })).status).toBe(403);
    expect((await staf.delete('/api/holidays/2030-01-01')).status).toBe(403);
    expect((await staf.post('/api/holidays/import', { format: 'csv', text: '2030-01-01,Tahun Baru' })).status).toBe(403);
    expect((await tbo.get('/api/holidays')).status).toBe(403);
    expect(await stored(2030)).toEqual([]);
  });

  test('When a CSV is previewed and then imported, then the preview names what is new, what exists and each refused line, the import writes exactly the new days once, and a re-import adds nothing', async () => {
    await admin.post('/api/holidays', { day: '2032-01-01', name: 'Tahun Baru Masehi' });
    const text = [
      'tanggal;nama',
      '2032-01-01;Tahun Baru',
      '10/02/2032;"Tahun Baru Imlek, 2583"',
      '',
      '2032-02-30;Tidak ada',
      '2032-03-11;',
      '2032-02-10;Imlek lagi',
      '2032-08-17;Hari Kemerdekaan',
    ].join('\n');

    const preview = await admin.post('/api/holidays/import?dryRun=true', { format: 'csv', text });
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({
      dryRun: true,
      added: [
        { line: 3, day: '2032-02-10', name: 'Tahun Baru Imlek, 2583' },
        { line: 8, day: '2032-08-17', name: 'Hari Kemerdekaan' },
      ],
      existing: [{ line: 2, day: '2032-01-01', name: 'Tahun Baru', storedName: 'Tahun Baru Masehi' }],
      refused: [
        { line: 5, text: '2032-02-30;Tidak ada', reason: 'bad-date' },
        { line: 6, text: '2032-03-11;', reason: 'no-name' },
        { line: 7, text: '2032-02-10 Imlek lagi', reason: 'duplicate-in-file' },
      ],
    });
    expect(await stored(2032)).toEqual(['2032-01-01 Tahun Baru Masehi']);
    expect((await auditRowsOf(app, 'holiday', '2032-02-10')).length).toBe(0);

    const real = await admin.post('/api/holidays/import', { format: 'csv', text });
    expect(real.body).toEqual({ ...preview.body, dryRun: false });
    expect(await stored(2032)).toEqual([
      '2032-01-01 Tahun Baru Masehi',
      '2032-02-10 Tahun Baru Imlek, 2583',
      '2032-08-17 Hari Kemerdekaan',
    ]);
    const imports = await app.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'holiday.import').orderBy('id').execute();
    expect(JSON.parse(imports.at(-1)!.after_json!)).toEqual({
      format: 'csv',
      added: 2,
      existing: 1,
      refused: 3,
      days: ['2032-02-10', '2032-08-17'],
    });

    const again = await admin.post('/api/holidays/import', { format: 'csv', text });
    expect(again.body.added).toEqual([]);
    expect(again.body.existing.map((e: { day: string }) => e.day)).toEqual(['2032-01-01', '2032-02-10', '2032-08-17']);
    expect((await stored(2032)).length).toBe(3);
  });

  test('When an iCalendar file is previewed and imported, then a two-day event gives two days, an observance and a repeating event are refused by their lines, and a re-import adds nothing', async () => {
    const preview = await admin.post('/api/holidays/import?dryRun=true', { format: 'ics', text: ICS });
    expect(preview.status).toBe(200);
    expect(preview.body.added).toEqual([
      { line: 7, day: '2031-03-20', name: 'Hari Raya Idul Fitri' },
      { line: 7, day: '2031-03-21', name: 'Hari Raya Idul Fitri' },
      { line: 14, day: '2031-08-17', name: 'Hari Kemerdekaan Republik Indonesia' },
    ]);
    expect(preview.body.refused).toEqual([
      { line: 21, text: expect.stringContaining('Hari Ibu'), reason: 'observance' },
      { line: 28, text: expect.stringContaining('Tahun Baru'), reason: 'recurring' },
    ]);
    expect(await stored(2031)).toEqual([]);

    const real = await admin.post('/api/holidays/import', { format: 'ics', text: ICS });
    expect(real.body.added).toHaveLength(3);
    expect(await stored(2031)).toEqual([
      '2031-03-20 Hari Raya Idul Fitri',
      '2031-03-21 Hari Raya Idul Fitri',
      '2031-08-17 Hari Kemerdekaan Republik Indonesia',
    ]);
    const again = await admin.post('/api/holidays/import', { format: 'ics', text: ICS });
    expect(again.body).toMatchObject({ added: [], existing: [expect.anything(), expect.anything(), expect.anything()] });
  });

  test.each([
    [{ format: 'ics', text: 'this is not a calendar' }, 'text'],
    [{ format: 'xls', text: '2033-01-01,Tahun Baru' }, 'format'],
    [{ format: 'csv', text: '' }, 'text'],
  ])('When the import body is %j, then it is a 400 naming %s and nothing is written', async (body, field) => {
    const res = await admin.post('/api/holidays/import', body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(new RegExp(`^${field}: `));
    expect(await stored(2033)).toEqual([]);
  });
});
