import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Kysely } from 'kysely';
import type request from 'supertest';
import type { Database } from '../../src/db/database';
import type { SignedIn } from '../support/api-client';
import { createEmployee, createStaff } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';
import { csvLine, formatDuration, neutralise } from '../../src/features/tickets/ticket-export';
import { sheetRowXml } from '../../src/features/tickets/ticket-export-xlsx';
import { countQueries, fileTicket, insertTickets, staffMember, wib } from './ticket-fixtures';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = [
  'No. Tracking',
  'Dibuat (WIB)',
  'Pelapor',
  'Unit',
  'Telepon',
  'Keluhan',
  'Status',
  'Teknisi',
  'Umur',
  'Selesai (WIB)',
  'Durasi',
  'Saluran',
  'Kategori',
  'Tempat',
  'Prioritas',
  'Batas waktu (WIB)',
  'Tepat waktu',
  'Nilai',
];

/** `2024-11-08 10:05` in WIB (UTC+7), as the export writes times; empty for none. */
const wibText = (ms: number | null) =>
  ms === null ? '' : new Date(Number(ms) + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/** Reads the whole response body as bytes, whatever its type. */
const binary = (req: request.Test) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

/** The rows of the first sheet as text, header first. */
async function readXlsx(body: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    rows.push(Array.from({ length: HEADERS.length }, (_, i) => String(row.getCell(i + 1).value ?? '')));
  });
  return rows;
}

/** RFC 4180 by hand: quoted fields may hold commas, quotes and line breaks; records end with CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}

describeEachDialect('GET /api/tickets/export', (dialect) => {
  let app: TestApp;
  let admin: SignedIn;
  const nov = 'from=2024-11-01&to=2024-11-30&sort=createdAt&order=asc';
  let expected: string[][];

  /** November 2024: a finished ticket with two technicians, and tickets whose text would be formulas. */
  beforeAll(async () => {
    app = await startTestApp(dialect);
    admin = await staffMember(app, 'Staf');
    const [sis, joko] = [await createStaff(app.db, { name: 'Siswanto' }), await createStaff(app.db, { name: 'Joko' })];
    const marta = await createEmployee(app.db, { name: 'R Marta Dinata', department: 'TIF', unit: 'IT' });
    const t1 = await fileTicket(app, {
      phone: marta.phone,
      complaint: '=HYPERLINK("http://evil.example","klik, ya")',
      at: wib(2024, 11, 1, 8, 5),
    });
    for (const s of [sis, joko]) await admin.post(`/api/tickets/${t1.trackingNo}/assignments`, { staffId: s.id }).expect(201);
    app.clock.set(wib(2024, 11, 3, 10, 35));
    await admin.patch(`/api/tickets/${t1.trackingNo}`, { status: 'selesai' }).expect(200);

    app.clock.set(wib(2024, 11, 4, 9));
    await app.say('6289900000301', '#request +62 812 hubungi saya', { name: '@admin' });
    const t2 = await app.db.kysely
      .selectFrom('tickets')
      .selectAll()
      .where('reporter_phone', '=', '6289900000301')
      .executeTakeFirstOrThrow();
    const t3 = await fileTicket(app, { complaint: '-1+2 lampu', at: wib(2024, 11, 5, 9) });
    const t4 = await fileTicket(app, { complaint: 'placeholder', at: wib(2024, 11, 6, 9) });
    // The webhook trims, so tab and CR at the start are put in directly.
    await app.db.kysely
      .updateTable('tickets')
      .set({ complaint: '\tcmd /c calc', reporter_name: '\rEvil "quoted"' })
      .where('id', '=', t4.id)
      .execute();
    // t1's reporter rated the work 4 (the rating flow itself is tested with the ratings).
    await app.db.kysely.deleteFrom('ratings').where('ticket_id', '=', t1.id).execute();
    await app.db.kysely
      .insertInto('ratings')
      .values({
        ticket_id: t1.id,
        chat_id: marta.phone,
        asked_at: wib(2024, 11, 3, 11),
        score: 4,
        comment: null,
        rated_at: wib(2024, 11, 3, 12),
      })
      .execute();
    const dueOf = async (id: number) =>
      wibText(
        (await app.db.kysely.selectFrom('tickets').select('due_finish_at').where('id', '=', id).executeTakeFirstOrThrow()).due_finish_at,
      );
    app.clock.set(wib(2024, 11, 11, 1, 0)); // 11 November in Jakarta, still the 10th in UTC

    expected = [
      HEADERS,
      [
        t1.trackingNo,
        '2024-11-01 08:05',
        'R Marta Dinata',
        'TIF/IT',
        marta.phone,
        `'=HYPERLINK("http://evil.example","klik, ya")`,
        'selesai',
        'Siswanto, Joko',
        'H+2',
        '2024-11-03 10:35',
        '2 hari 2 jam 30 menit',
        'WhatsApp',
        '',
        '',
        'Normal',
        await dueOf(t1.id),
        'Ya',
        '4',
      ],
      [
        t2.tracking_no,
        '2024-11-04 09:00',
        "'@admin",
        '',
        '6289900000301',
        "'+62 812 hubungi saya",
        'baru',
        '',
        'H+7',
        '',
        '',
        'WhatsApp',
        '',
        '',
        'Normal',
        await dueOf(t2.id),
        '',
        '',
      ],
      [
        t3.trackingNo,
        '2024-11-05 09:00',
        t3.row.reporter_name,
        'TIF/IT',
        t3.phone,
        "'-1+2 lampu",
        'baru',
        '',
        'H+6',
        '',
        '',
        'WhatsApp',
        'Listrik',
        '',
        'Normal',
        await dueOf(t3.id),
        '',
        '',
      ],
      [
        t4.trackingNo,
        '2024-11-06 09:00',
        `'\rEvil "quoted"`,
        'TIF/IT',
        t4.phone,
        "'\tcmd /c calc",
        'baru',
        '',
        'H+5',
        '',
        '',
        'WhatsApp',
        '',
        '',
        'Normal',
        await dueOf(t4.id),
        '',
        '',
      ],
    ];
    // The finish dues are real times (the clocks ran), a week of working time after each report.
    for (const row of expected.slice(1)) expect(row[15]).toMatch(/^2024-11-\d\d \d\d:\d\d$/);
  });
  afterAll(() => app.close());

  test('When tickets are exported as XLSX, then the file opens with the columns, WIB times, H+n, technicians and duration, and formula-like cells neutralised', async () => {
    const res = await binary(admin.get(`/api/tickets/export?format=xlsx&${nov}`)).expect(200);

    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    expect(res.headers['content-disposition']).toBe('attachment; filename="tickets-2024-11-11.xlsx"');
    expect(res.headers['cache-control']).toBe('no-store');
    const rows = await readXlsx(res.body as Buffer);
    // XML turns a raw carriage return into a line feed when read (exceljs writes it unescaped); the quote still leads.
    expect(rows).toEqual(expected.map((row) => row.map((cell) => cell.replace(/\r/g, '\n'))));
    for (const row of rows.slice(1)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  test('When tickets are exported as CSV, then it is UTF-8 with a BOM, quoted RFC 4180, and holds the same neutralised cells', async () => {
    const res = await binary(admin.get(`/api/tickets/export?format=csv&${nov}`)).expect(200);

    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="tickets-2024-11-11.csv"');
    const text = (res.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFF"No. Tracking","Dibuat (WIB)"')).toBe(true);
    expect(parseCsv(text.slice(1))).toEqual(expected);
  });

  test('When the export is filtered and sorted like the list, then only those rows come, in that order', async () => {
    const finished = await binary(admin.get(`/api/tickets/export?format=csv&${nov}&status=selesai`)).expect(200);
    expect(
      parseCsv((finished.body as Buffer).toString('utf8').slice(1))
        .slice(1)
        .map((r) => r[0]),
    ).toEqual([expected[1]![0]]);

    const searched = await binary(admin.get(`/api/tickets/export?format=xlsx&${nov}&q=lampu`)).expect(200);
    expect((await readXlsx(searched.body as Buffer)).slice(1).map((r) => r[0])).toEqual([expected[3]![0]]);

    const none = await binary(admin.get(`/api/tickets/export?format=csv&${nov}&q=tidak-ada`)).expect(200);
    expect(parseCsv((none.body as Buffer).toString('utf8').slice(1))).toEqual([HEADERS]);

    const reversed = await binary(
      admin.get('/api/tickets/export?format=csv&from=2024-11-01&to=2024-11-30&sort=trackingNo&order=desc'),
    ).expect(200);
    const numbers = expected.slice(1).map((r) => r[0]!);
    expect(
      parseCsv((reversed.body as Buffer).toString('utf8').slice(1))
        .slice(1)
        .map((r) => r[0]),
    ).toEqual([...numbers].sort().reverse());
  });

  test('When 1,234 tickets are exported, then they are read 500 at a time (two queries a batch), every row once, in order, even across equal sort keys', async () => {
    await insertTickets(app, 1234, 'BRT1901', (i) => ({ status: (['baru', 'proses', 'pending', 'selesai', 'ditutup'] as const)[i % 5] }));
    const range = 'from=2019-01-01&to=2019-12-31';

    const { result, queries } = await countQueries(app, () =>
      binary(admin.get(`/api/tickets/export?format=csv&${range}&sort=createdAt&order=asc`)).expect(200),
    );
    const rows = parseCsv((result.body as Buffer).toString('utf8').slice(1)).slice(1);
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: 1234 }, (_, i) => `BRT1901${String(i + 1).padStart(5, '0')}`));
    expect(queries).toBe(1 + 3 * 2);

    // Sorting by status puts ~247 rows on each key: the batches must continue by id within a key.
    const byStatus = await binary(admin.get(`/api/tickets/export?format=xlsx&${range}&sort=status&order=desc`)).expect(200);
    const xrows = (await readXlsx(byStatus.body as Buffer)).slice(1);
    expect(xrows).toHaveLength(1234);
    expect(new Set(xrows.map((r) => r[0])).size).toBe(1234);
    const rank = ['baru', 'proses', 'pending', 'selesai', 'ditutup'];
    const keys = xrows.map((r) => [rank.indexOf(r[6]!), r[0]!] as const);
    const sorted = [...keys].sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? 1 : -1));
    expect(keys).toEqual(sorted);
  });

  test('When the database fails in the middle of an export, then the download is cut off instead of ending as a short file; before the first row it is a JSON 500', async () => {
    await insertTickets(app, 600, 'BRT1801', () => ({ created_at: wib(2018, 1, 2), updated_at: wib(2018, 1, 2) }));
    const holder = app.db as { kysely: Kysely<Database> };
    const original = holder.kysely;
    for (const format of ['csv', 'xlsx']) {
      let queries = 0;
      // Sign-in check, first batch (page and technicians), then the second batch's page fails.
      holder.kysely = original.withPlugin({
        transformQuery: (args) => {
          if (++queries === 4) throw new Error('connection lost');
          return args.node;
        },
        transformResult: async (args) => args.result,
      });
      try {
        await expect(binary(admin.get(`/api/tickets/export?format=${format}&from=2018-01-01&to=2018-12-31`))).rejects.toThrow();
      } finally {
        holder.kysely = original;
      }
    }
    await admin.get('/api/tickets?from=2018-01-01&to=2018-12-31&pageSize=1').expect(200);

    // A failure before the first row is still an ordinary JSON error, not a download.
    holder.kysely = original.withPlugin({
      transformQuery: (args) => {
        if (args.node.kind === 'SelectQueryNode' && JSON.stringify(args.node).includes('"tickets"')) throw new Error('connection lost');
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    try {
      const res = await admin.get('/api/tickets/export?format=xlsx&from=2018-01-01&to=2018-12-31').expect(500);
      expect(res.headers['content-disposition']).toBeUndefined();
      expect(res.body).toEqual({ error: { code: 'INTERNAL', message: 'internal error' } });
    } finally {
      holder.kysely = original;
    }
  });

  test('When the format or a filter is wrong, then 400 names it as JSON, not as a download', async () => {
    const res = await admin.get('/api/tickets/export?format=pdf').expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(res.body.error.message).toMatch(/^format: /);
    expect((await admin.get('/api/tickets/export?status=hilang').expect(400)).body.error.message).toMatch(/^status/);
  });

  test('When a technician asks for an export, then the answer is 403', async () => {
    const tbo = await staffMember(app, 'TBO');
    await tbo.get('/api/tickets/export?format=csv').expect(403);
  });
});

describe('export cell formatting', () => {
  test.each([
    ['=1+1', "'=1+1"],
    ['+628123', "'+628123"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['lampu = mati', 'lampu = mati'],
    ['', ''],
  ])('When a cell is %j, then it is written as %j', (input, output) => {
    expect(neutralise(input)).toBe(output);
  });

  test('When a CSV line and durations are formatted, then quotes are doubled and durations read in days, hours and minutes', () => {
    expect(csvLine(['a', 'b "c", d', 'e\nf'])).toBe('"a","b ""c"", d","e\nf"\r\n');
    expect(formatDuration(0)).toBe('0 menit');
    expect(formatDuration(59_000)).toBe('0 menit');
    expect(formatDuration(3 * 3_600_000)).toBe('3 jam');
    expect(formatDuration(26 * 3_600_000 + 5 * 60_000)).toBe('1 hari 2 jam 5 menit');
  });

  test('When the export writes a sheet row itself, then it is the XML exceljs writes for the same cells, escapes and dropped control characters included', async () => {
    const cells = [
      'BRT2411001',
      "'=1+1",
      'a & b <c> "d" \'e\'',
      '',
      'baris\nbaru\r\tx',
      '\u0001\u0008\u000b\u001f\u007f',
      'Gedung A › Lantai 2',
      '😀 ñ',
    ];
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet('Tiket');
    sheet.getRow(1).getCell(1).value = 'header';
    sheet.getRow(1).commit();
    sheet.addRow(cells).commit();
    sheet.commit();
    await workbook.commit();
    const xml = await (await JSZip.loadAsync(Buffer.concat(chunks))).file('xl/worksheets/sheet1.xml')!.async('string');

    expect(xml).toContain(`</row>${sheetRowXml(2, cells)}</sheetData>`);
  });
});
