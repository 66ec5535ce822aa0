import { randomInt, randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { signedIn, type SignedIn } from '../support/api-client';
import { createEmployee } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';

/** A phone of its own per call (the suite shares one database): as typed (0857…) and as stored (62857…). */
const phone = () => {
  const rest = String(randomInt(10_000_000, 99_999_999));
  return { typed: `0857${rest}`, stored: `62857${rest}` };
};
/** A unit of its own per test, so "unknown unit" does not depend on the order tests run in. */
const unitName = () => `U${randomUUID().slice(0, 6).toUpperCase()}`;

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

async function xlsx(rows: (string | number)[][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Data');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
}

interface Row {
  row: number;
  action: string;
  id: string | null;
  reasons: { code: string; column: string | null; otherRow?: number }[];
  warnings: { code: string }[];
}

describeEachDialect('/api/people/import (employees)', (dialect) => {
  let app: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    app = await startTestApp(dialect);
    admin = await signedIn(app, 'Administrator');
  });
  afterAll(() => app.close());

  const importEmployees = (content: string, o: { dryRun?: boolean; allowNewUnits?: boolean; filename?: string } = {}) =>
    admin.post(`/api/people/import?dryRun=${o.dryRun ?? false}`, {
      kind: 'employees',
      filename: o.filename ?? 'pegawai.csv',
      content,
      ...(o.allowNewUnits === undefined ? {} : { allowNewUnits: o.allowNewUnits }),
    });
  const employeesByPhone = (phones: string[]) =>
    app.db.kysely.selectFrom('employees').selectAll().where('phone', 'in', phones).orderBy('phone').execute();

  test('When a CSV with Indonesian headers is previewed, applied and applied again, then the preview writes nothing, the import creates the people once, audited with counts, and the second import changes nothing', async () => {
    const unit = unitName();
    await createEmployee(app.db, { unit });
    const [a, b, c] = [phone(), phone(), phone()];
    const csv = [
      '\uFEFF Nama Lengkap ; No. HP ; E-mail ; Unit Kerja ; Jurusan ; Kolom Lain',
      `Siti Rahma;${a.typed};siti@kampus.ac.id;${unit.toLowerCase()};Teknik;x`,
      `"Budi; Santoso";+62 ${b.stored.slice(2, 5)}-${b.stored.slice(5)};;${unit};;`,
      '',
      `Rina;${c.stored.slice(2)};;;;`,
    ].join('\r\n');

    const preview = await importEmployees(b64(csv), { dryRun: true }).expect(200);
    expect(preview.body).toMatchObject({
      kind: 'employees',
      dryRun: true,
      applied: false,
      counts: { create: 3, update: 0, unchanged: 0, refused: 0 },
      columns: { found: ['name', 'phone', 'email', 'department', 'unit'], missing: [], ignored: ['Kolom Lain'] },
      links: [],
    });
    expect(preview.body.rows.map((r: Row) => [r.row, r.action])).toEqual([
      [2, 'create'],
      [3, 'create'],
      [5, 'create'],
    ]);
    expect(await employeesByPhone([a.stored, b.stored, c.stored])).toEqual([]);

    const done = await importEmployees(b64(csv)).expect(200);
    expect(done.body).toMatchObject({ dryRun: false, applied: true, counts: { create: 3, refused: 0 } });
    const stored = await employeesByPhone([a.stored, b.stored, c.stored]);
    expect(stored.map((e) => [e.name, e.phone, e.unit, e.email, e.status])).toEqual(
      [
        ['Siti Rahma', a.stored, unit, 'siti@kampus.ac.id', 'active'],
        ['Budi; Santoso', b.stored, unit, null, 'active'],
        ['Rina', c.stored, null, null, 'active'],
      ].sort((x, y) => String(x[1]).localeCompare(String(y[1]))),
    );
    // Numbered like the one-at-a-time form (PGW{YY}{MM}…), and the answer names each new id.
    expect(stored.every((e) => /^PGW2409\d{3,}$/.test(e.id))).toBe(true);
    expect(done.body.rows.map((r: Row) => r.id).sort()).toEqual(stored.map((e) => e.id).sort());
    const audits = await app.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'employee.import').execute();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ entity: 'employee', actor_id: admin.staff.id });
    expect(JSON.parse(audits[0]!.after_json!)).toEqual({
      filename: 'pegawai.csv',
      counts: { create: 3, update: 0, unchanged: 0, refused: 0 },
    });

    const again = await importEmployees(b64(csv)).expect(200);
    expect(again.body).toMatchObject({ applied: false, counts: { create: 0, update: 0, unchanged: 3, refused: 0 } });
    expect(await app.db.kysely.selectFrom('audit_log').select('id').where('action', '=', 'employee.import').execute()).toHaveLength(1);
  });

  test('When rows are wrong, then each is refused with its row and stable reasons, and a real import writes none of the good rows either', async () => {
    const unit = unitName();
    const taken = await createEmployee(app.db, { unit });
    const [good, dup, other] = [phone(), phone(), phone()];
    const csv = [
      'name,phone,unit,email',
      `Baik,${good.typed},${unit},`,
      'Nomor Salah,12ab,,',
      `Pertama,${dup.typed},,`,
      `Kedua,${dup.stored},,`,
      `Sudah Dipakai,${taken.phone},,`,
      `,${other.typed},,`,
      `Unit Asing,${phone().typed},Unit Tak Dikenal,`,
      `Surel,${phone().typed},,bukan-surel`,
    ].join('\n');

    const res = await importEmployees(b64(csv)).expect(200);
    expect(res.body).toMatchObject({ applied: false, counts: { create: 2, update: 1, unchanged: 0, refused: 5 } });
    const refused = (res.body.rows as Row[]).filter((r) => r.action === 'refused');
    expect(refused.map((r) => [r.row, r.reasons])).toEqual([
      [3, [{ code: 'phone_invalid', column: 'phone' }]],
      [5, [{ code: 'phone_duplicate_in_file', column: 'phone', otherRow: 4 }]],
      [7, [{ code: 'name_missing', column: 'name' }]],
      [8, [{ code: 'unit_unknown', column: 'unit' }]],
      [9, [{ code: 'email_invalid', column: 'email' }]],
    ]);
    // The row whose phone an employee already has is that employee: matched by phone and updated, not refused.
    expect((res.body.rows as Row[]).find((r) => r.row === 6)).toMatchObject({ action: 'update', id: taken.id });
    expect(await employeesByPhone([good.stored, dup.stored, other.stored])).toEqual([]);
  });

  test('When a phone belongs to someone else or a person appears twice, then those rows are refused as taken and duplicate', async () => {
    const [x, y] = [await createEmployee(app.db), await createEmployee(app.db)];
    const csv = ['id,nama,hp', `${x.id},${x.name},${y.phone}`, `${y.id.toLowerCase()},Nama Baru,`, `,Lagi,${y.phone}`].join('\n');
    const res = await importEmployees(b64(csv), { dryRun: true }).expect(200);
    expect((res.body.rows as Row[]).map((r) => [r.row, r.action, r.reasons.map((q) => q.code)])).toEqual([
      [2, 'refused', ['phone_taken']],
      [3, 'update', []],
      [4, 'refused', ['phone_duplicate_in_file']],
    ]);
  });

  test('When the phone column is missing, then every row is refused naming it; a file with no known header at all is a 400 naming content', async () => {
    const res = await importEmployees(b64('nama,unit\nTanpa Nomor,IT\n')).expect(200);
    expect(res.body.columns.missing).toEqual(['phone']);
    expect(res.body.rows).toEqual([
      expect.objectContaining({ row: 2, action: 'refused', reasons: [{ code: 'column_missing', column: 'phone' }] }),
    ]);
    const none = await importEmployees(b64('foo,bar\n1,2\n')).expect(400);
    expect(none.body.error.details.field).toBe('content');
    const junk = await importEmployees(b64('bukan excel'), { filename: 'x.xlsx' }).expect(400);
    expect(junk.body.error.details.field).toBe('content');
    const noKind = await admin.post('/api/people/import', { filename: 'a.csv', content: b64('nama,hp') }).expect(400);
    expect(noKind.body.error.details.field).toBe('kind');
  });

  test('When new units are allowed, then they are created with a warning, and a unit already known is written in its stored spelling', async () => {
    const known = unitName();
    await createEmployee(app.db, { unit: known });
    const fresh = `Unit Baru ${randomUUID().slice(0, 4)}`;
    const [p1, p2, p3] = [phone(), phone(), phone()];
    const csv = [
      'nama,no wa,bagian',
      `A,${p1.typed},${fresh}`,
      `B,${p2.typed},${fresh.toUpperCase()}`,
      `C,${p3.typed}, ${known.toLowerCase()} `,
    ].join('\n');
    const res = await importEmployees(b64(csv), { allowNewUnits: true }).expect(200);
    expect(res.body).toMatchObject({ applied: true, counts: { create: 3, refused: 0 } });
    expect((res.body.rows as Row[]).map((r) => r.warnings.map((w) => w.code))).toEqual([['unit_new'], [], []]);
    expect((await employeesByPhone([p1.stored, p2.stored, p3.stored])).map((e) => e.unit).sort()).toEqual([fresh, fresh, known].sort());
  });

  test('When an XLSX changes people found by id and by phone, then they are updated (an empty cell keeps what is stored) and a phone Excel kept as a number reads with its 0', async () => {
    const e1 = await createEmployee(app.db, { name: 'Lama Satu' });
    const e2 = await createEmployee(app.db, { name: 'Lama Dua' });
    const fresh = phone();
    const content = await xlsx([
      ['ID', 'Name', 'Phone', 'Status', 'Notes'],
      [e1.id, 'Baru Satu', '', 'nonaktif', ''],
      ['', 'Lama Dua', e2.phone, '', 'pindah gedung'],
      ['', 'Angka', Number(fresh.typed.slice(1)), 'aktif', ''],
    ]);
    const res = await admin.post('/api/people/import', { kind: 'employees', filename: 'data.xlsx', content }).expect(200);
    expect(res.body).toMatchObject({ applied: true, counts: { create: 1, update: 2, unchanged: 0, refused: 0 } });
    expect(res.body.rows[0]).toMatchObject({ action: 'update', id: e1.id, changes: ['name', 'active'] });
    const [after1] = await employeesByPhone([e1.phone]);
    expect(after1).toMatchObject({ name: 'Baru Satu', status: 'inactive', unit: e1.unit, phone: e1.phone });
    expect((await employeesByPhone([e2.phone]))[0]).toMatchObject({ name: 'Lama Dua', notes: 'pindah gedung' });
    expect(await employeesByPhone([fresh.stored])).toHaveLength(1);
  });

  test('When a raw CSV is posted with kind in the query, then it is read like the JSON form', async () => {
    const p = phone();
    // Not admin.post: that sends a JSON body of its own.
    const raw = (path: string) => app.http.post(path).set('authorization', `Bearer ${admin.token}`);
    const res = await raw('/api/people/import?kind=employees&dryRun=true&filename=x.csv')
      .set('content-type', 'text/csv')
      .send(`nama\tno hp\nMentah\t${p.typed}\n`)
      .expect(200);
    expect(res.body).toMatchObject({ dryRun: true, counts: { create: 1 }, rows: [{ row: 2, name: 'Mentah' }] });
    const noKind = await raw('/api/people/import?dryRun=true').set('content-type', 'text/csv').send('nama,hp\n').expect(400);
    expect(noKind.body.error.details.field).toBe('kind');
  });

  test('When a write fails in the middle of applying, then nothing of the file is left', async () => {
    const victim = await createEmployee(app.db, { name: 'Korban' });
    // A trigger refuses one update, after the inserts of the same import already ran.
    if (dialect === 'sqlite') {
      await sql`create trigger boom before update on employees when new.name = 'Boom' begin select raise(abort, 'boom'); end`.execute(
        app.db.kysely,
      );
    } else {
      await sql`create trigger boom before update on employees for each row begin if new.name = 'Boom' then signal sqlstate '45000' set message_text = 'boom'; end if; end`.execute(
        app.db.kysely,
      );
    }
    try {
      const [p1, p2] = [phone(), phone()];
      const csv = ['id,nama,hp', `,Satu,${p1.typed}`, `,Dua,${p2.typed}`, `${victim.id},Boom,`].join('\n');
      await importEmployees(b64(csv)).expect(500);
      expect(await employeesByPhone([p1.stored, p2.stored])).toEqual([]);
      expect((await employeesByPhone([victim.phone]))[0]!.name).toBe('Korban');
    } finally {
      await sql`drop trigger boom`.execute(app.db.kysely);
    }
  });

  test('When the template is downloaded, then it is a workbook whose example previews as one new employee; Staf may not import', async () => {
    const tpl = await admin
      .get('/api/people/import-template.xlsx?kind=employees')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(tpl.body as ArrayBuffer);
    expect((workbook.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual([
      'id',
      'nama',
      'no hp',
      'email',
      'departemen',
      'unit kerja',
      'status',
      'catatan',
    ]);
    const res = await importEmployees((tpl.body as Buffer).toString('base64'), {
      dryRun: true,
      allowNewUnits: true,
      filename: 'template-pegawai.xlsx',
    }).expect(200);
    expect(res.body.counts).toMatchObject({ create: 1, refused: 0 });
    const staf = await signedIn(app, 'Staf');
    await staf.post('/api/people/import?dryRun=true', { kind: 'employees', content: b64('nama,hp') }).expect(403);
  });
});
