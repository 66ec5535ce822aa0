import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { signedIn, type SignedIn } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';

/** A code prefix of its own per test: the suite shares one database. */
const prefix = () => `I${randomUUID().slice(0, 6).toUpperCase()}`;

interface Listed {
  id: number;
  code: string;
  name: string;
  parentId: number | null;
  aliases: string[];
  path: string;
}

describeEachDialect('/api/places/import', (dialect) => {
  let app: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    app = await startTestApp(dialect);
    admin = await signedIn(app, 'Staf');
  });
  afterAll(() => app.close());

  const importCsv = (content: string, dryRun = false) =>
    admin.post(`/api/places/import${dryRun ? '?dryRun=true' : ''}`, { format: 'csv', content }).expect(200);
  const placesOf = async (p: string): Promise<Listed[]> =>
    ((await admin.get(`/api/places?q=${p}`).expect(200)).body.items as Listed[]).filter((x) => x.code.startsWith(p));

  test('When a CSV with Indonesian headers is dry-run and then imported, then the preview writes nothing and the import creates the tree with parents from the file', async () => {
    const p = prefix();
    const csv = [
      ' Kode ; NAMA ; Jenis ; Kode Induk ; Alias',
      `${p}-gb;Gedung B;gedung;;gedung biru`,
      `${p}-GB-2;Lantai 2;Lantai;${p}-gb;`,
      `${p}-R-3.2;Ruang 3.2;ruang;${p}-GB-2;"kelas 3.2, ruang 3.2"`,
    ].join('\r\n');

    const preview = await importCsv(csv, true);
    expect(preview.body).toMatchObject({ dryRun: true, applied: false, counts: { created: 3, updated: 0, unchanged: 0, refused: 0 } });
    expect(preview.body.rows.map((r: { row: number }) => r.row)).toEqual([2, 3, 4]);
    expect(await placesOf(p)).toEqual([]);

    const done = await importCsv(csv);
    expect(done.body).toMatchObject({ dryRun: false, applied: true, counts: { created: 3, refused: 0 } });
    const room = (await placesOf(p)).find((x) => x.code === `${p}-R-3.2`)!;
    expect(room).toMatchObject({ path: 'Gedung B › Lantai 2 › Ruang 3.2', aliases: ['kelas 3.2', 'ruang 3.2'] });
    const imports = await app.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'place.import').execute();
    const audit = imports.find((a) => JSON.parse(a.after_json!).created.includes(`${p}-GB`));
    expect(audit).toMatchObject({ entity: 'place', actor_id: admin.staff.id });
    expect(JSON.parse(audit!.after_json!)).toEqual({ created: [`${p}-GB`, `${p}-GB-2`, `${p}-R-3.2`], updated: [] });

    const again = await importCsv(csv);
    expect(again.body).toMatchObject({ applied: false, counts: { created: 0, updated: 0, unchanged: 3, refused: 0 } });
  });

  test('When rows are wrong, then each is refused with its row and an Indonesian reason, and a real import writes nothing at all', async () => {
    const p = prefix();
    const csv = [
      'code,name,kind,parent,aliases',
      `${p}-A,Gedung A,building,,`,
      `${p}-A-1,Lantai 1,floor,${p}-A,`,
      `,Tanpa kode,room,${p}-A,`,
      `${p} X,Spasi,room,${p}-A,`,
      `${p}-A,Gedung A lagi,building,,`,
      `${p}-K,Kamar,kamar,${p}-A,`,
      `${p}-R1,Ruang,room,${p}-NONE,`,
      `${p}-R2,Ruang,room,,`,
      `${p}-F2,Lantai,floor,${p}-A-1,`,
      `${p}-R3,,room,${p}-A,`,
    ].join('\n');

    const res = await importCsv(csv);
    expect(res.body).toMatchObject({ applied: false, counts: { created: 2, refused: 8 } });
    const refused = res.body.rows.filter((r: { outcome: string }) => r.outcome === 'refused');
    expect(refused.map((r: { row: number; reason: string }) => [r.row, r.reason])).toEqual([
      [4, 'Kode kosong.'],
      [5, `Kode "${p} X" tidak sah: hanya huruf, angka, "." dan "-", paling panjang 32.`],
      [6, `Kode ${p}-A sudah ada di baris 2 berkas ini.`],
      [7, 'Jenis "kamar" tidak dikenal (gedung, lantai atau ruang).'],
      [8, `Induk ${p}-NONE tidak ditemukan (belum ada, dan tidak ditulis di baris sebelumnya).`],
      [9, 'Jenis ruang perlu induk (lantai atau gedung).'],
      [10, 'Jenis lantai tidak boleh berada di bawah lantai.'],
      [11, 'Nama kosong.'],
    ]);
    expect(await placesOf(p)).toEqual([]);
  });

  test('When an XLSX made in a spreadsheet changes a name and aliases of places imported before, then those rows are updated and the rest unchanged', async () => {
    const p = prefix();
    await importCsv(`kode,nama,jenis,induk\n${p}-G,Gedung G,gedung,\n${p}-G-1,Lantai 1,lantai,${p}-G\n${p}-L1,Lab 1,ruang,${p}-G-1`);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Data');
    sheet.addRow(['Code', 'Name', 'Kind', 'Parent', 'Aliases']);
    sheet.addRow([`${p}-G`, 'Gedung G', 'Building', '', '']);
    sheet.addRow([`${p}-G-1`, 'Lantai 1', 'floor', `${p}-G`, '']);
    sheet.addRow([`${p}-L1`, 'Lab Komputer 1', 'room', `${p}-G-1`, 'lab 1; labkom']);
    const content = Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');

    const res = await admin.post('/api/places/import', { format: 'xlsx', content }).expect(200);
    expect(res.body).toMatchObject({ applied: true, counts: { created: 0, updated: 1, unchanged: 2, refused: 0 } });
    expect(res.body.rows[2]).toEqual({ row: 4, code: `${p}-L1`, outcome: 'updated', reason: null });
    const lab = (await placesOf(p)).find((x) => x.code === `${p}-L1`)!;
    expect(lab).toMatchObject({ name: 'Lab Komputer 1', aliases: ['lab 1', 'labkom'], path: 'Gedung G › Lantai 1 › Lab Komputer 1' });
  });

  test('When a row names a parent that exists already or tries to change a kind, then the first is created under it and the second refused', async () => {
    const p = prefix();
    const building = (await admin.post('/api/places', { kind: 'building', code: `${p}-H`, name: 'Gedung H' }).expect(201)).body;
    const res = await importCsv(`kode,nama,jenis,induk\n${p}-H-9,Ruang 9,ruang,${p.toLowerCase()}-h\n${p}-H,Gedung H,lantai,`, true);
    expect(res.body.rows).toEqual([
      { row: 2, code: `${p}-H-9`, outcome: 'created', reason: null },
      { row: 3, code: `${p}-H`, outcome: 'refused', reason: `Jenis ${p}-H tidak bisa diubah lewat impor (sekarang gedung).` },
    ]);
    await importCsv(`kode,nama,jenis,induk\n${p}-H-9,Ruang 9,ruang,${p}-H`);
    expect((await placesOf(p)).find((x) => x.code === `${p}-H-9`)).toMatchObject({ parentId: building.id, path: 'Gedung H › Ruang 9' });
  });

  test('When the file has no code column or is not a workbook, then 400 names content; the template is a workbook with the columns and two rows', async () => {
    const none = await admin.post('/api/places/import', { format: 'csv', content: 'nama,jenis\nGedung,gedung' }).expect(400);
    expect(none.body.error.details.field).toBe('content');
    const junk = await admin
      .post('/api/places/import', { format: 'xlsx', content: Buffer.from('bukan excel').toString('base64') })
      .expect(400);
    expect(junk.body.error.details.field).toBe('content');
    await admin.post('/api/places/import', { format: 'pdf', content: 'x' }).expect(400);

    const tpl = await admin
      .get('/api/places/import-template.xlsx')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(tpl.body as ArrayBuffer);
    const rows = workbook.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[0]!.slice(1)).toEqual(['kode', 'nama', 'jenis', 'induk', 'alias']);
    expect(rows).toHaveLength(3);
    const preview = await admin
      .post('/api/places/import?dryRun=true', { format: 'xlsx', content: Buffer.from(tpl.body).toString('base64') })
      .expect(200);
    expect(preview.body.counts.refused).toBe(0);
  });
});
