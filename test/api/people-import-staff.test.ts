import { createHash, randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { signedIn, type SignedIn } from '../support/api-client';
import { createStaff } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';

const HOUR = 3600_000;
const tag = () => randomUUID().slice(0, 6).toLowerCase();

async function xlsx(rows: string[][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Staf');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
}

interface Link {
  staffId: string;
  username: string;
  url: string;
  expiresAt: string;
}

const tokenOf = (url: string) => url.split('#/sandi/')[1]!;

describeEachDialect('staff import and set-password links', (dialect) => {
  let app: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    app = await startTestApp(dialect, { PUBLIC_URL: 'https://helpdesk.kampus.test', SET_PASSWORD_LINK_HOURS: '48' });
    admin = await signedIn(app, 'Administrator');
  });
  afterAll(() => app.close());

  const importStaffAs = async (as: SignedIn, rows: string[][]) =>
    as.post('/api/people/import', { kind: 'staff', filename: 'staf.xlsx', content: await xlsx(rows) }).expect(200);
  const importStaff = async (rows: string[][], dryRun = false) =>
    admin.post(`/api/people/import?dryRun=${dryRun}`, { kind: 'staff', filename: 'staf.xlsx', content: await xlsx(rows) }).expect(200);
  const login = (username: string, password: string) => app.http.post('/api/auth/login').send({ username, password });
  const linkInfo = (token: string) => app.http.get(`/api/auth/set-password/${token}`);
  const setPassword = (token: string, password: string) => app.http.post('/api/auth/set-password').send({ token, password });

  test('When staff are imported from an XLSX, then levels are read in Indonesian, nobody gets a password, each gets a one-time link shown once, and the same file again changes nothing', async () => {
    const t = tag();
    const rows = [
      ['Nama', 'Peran', 'Nama Pengguna', 'No WA', 'Jabatan'],
      [`Teknisi ${t}`, 'teknisi', `tek-${t}`, '', 'Listrik'],
      [`Admin ${t}`, 'admin', `ADM-${t}`, '', ''],
      [`Meja ${t}`, 'Staf', `meja-${t}`, '', ''],
    ];
    const preview = await importStaff(rows, true);
    expect(preview.body).toMatchObject({ counts: { create: 3, refused: 0 }, links: [] });

    const done = await importStaff(rows);
    expect(done.body).toMatchObject({ applied: true, counts: { create: 3, refused: 0 } });
    const links = done.body.links as Link[];
    expect(links.map((l) => l.username)).toEqual([`tek-${t}`, `adm-${t}`, `meja-${t}`]);
    for (const l of links) {
      expect(l.url).toMatch(/^https:\/\/helpdesk\.kampus\.test\/#\/sandi\/[A-Za-z0-9_-]{43}$/);
      expect(Date.parse(l.expiresAt)).toBe(app.clock.now() + 48 * HOUR);
    }
    const staff = await app.db.kysely.selectFrom('staff').selectAll().where('username', 'like', `%-${t}`).orderBy('username').execute();
    expect(staff.map((s) => [s.username, s.level, s.password_hash, s.description])).toEqual([
      [`adm-${t}`, 'Administrator', null, null],
      [`meja-${t}`, 'Staf', null, null],
      [`tek-${t}`, 'TBO', null, 'Listrik'],
    ]);
    // Only a hash of each token is stored.
    const stored = await app.db.kysely
      .selectFrom('set_password_links')
      .selectAll()
      .where(
        'staff_id',
        'in',
        links.map((l) => l.staffId),
      )
      .execute();
    expect(stored.map((s) => s.token_hash).sort()).toEqual(
      links.map((l) => createHash('sha256').update(tokenOf(l.url)).digest('hex')).sort(),
    );
    expect(stored.every((s) => s.created_by === admin.staff.id)).toBe(true);
    const audit = await app.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'staff.import').execute();
    expect(JSON.parse(audit.at(-1)!.after_json!)).toMatchObject({ counts: { create: 3 }, created: links.map((l) => l.staffId) });
    // Without a password, signing in fails like a wrong password.
    await login(`tek-${t}`, 'apa-saja-1234').expect(401);

    const again = await importStaff(rows);
    expect(again.body).toMatchObject({ applied: false, counts: { create: 0, update: 0, unchanged: 3 }, links: [] });
  });

  test('When staff rows are wrong, then unknown and missing levels, bad and taken usernames are refused, and the last Administrator is not demoted by a sheet', async () => {
    const t = tag();
    const existing = await createStaff(app.db, { level: 'TBO' });
    const res = await importStaff(
      [
        ['name', 'level', 'username'],
        [`A ${t}`, 'kepala', `a-${t}`],
        [`B ${t}`, '', `b-${t}`],
        [`C ${t}`, 'TBO', 'x'],
        [`D ${t}`, 'TBO', existing.username.toUpperCase()],
        [`E ${t}`, 'TBO', `e-${t}`],
        [`F ${t}`, 'TBO', `e-${t}`],
        [admin.staff.name, 'Staf', admin.staff.username],
      ],
      true,
    );
    expect(
      res.body.rows.map((r: { row: number; action: string; reasons: { code: string }[] }) => [
        r.row,
        r.action,
        r.reasons.map((x) => x.code),
      ]),
    ).toEqual([
      [2, 'refused', ['level_unknown']],
      [3, 'refused', ['level_missing']],
      [4, 'refused', ['username_invalid']],
      // Matched by username (no id, no phone): an update of that person, not a clash.
      [5, 'update', []],
      [6, 'create', []],
      [7, 'refused', ['username_duplicate_in_file']],
      [8, 'refused', ['administrator_protected']],
    ]);
    const noLevel = await importStaff(
      [
        ['nama', 'username'],
        ['X', `x-${t}`],
      ],
      true,
    );
    expect(noLevel.body.columns.missing).toEqual(['level']);
  });

  test('When a link is used, then the password is set once, the person signs in, and the link cannot be used again', async () => {
    const t = tag();
    const done = await importStaff([
      ['nama', 'level', 'username'],
      [`Satu ${t}`, 'TBO', `satu-${t}`],
    ]);
    const [link] = done.body.links as Link[];
    const token = tokenOf(link!.url);

    const info = await linkInfo(token).expect(200);
    expect(info.body).toEqual({ name: `Satu ${t}`, username: `satu-${t}`, expiresAt: link!.expiresAt });
    const short = await setPassword(token, 'pendek').expect(400);
    expect(short.body.error.details.field).toBe('password');
    const noToken = await app.http.post('/api/auth/set-password').send({ password: 'sandi-baru-yang-panjang' }).expect(400);
    expect(noToken.body.error.details.field).toBe('token');

    await setPassword(token, 'sandi-baru-yang-panjang').expect(200, { username: `satu-${t}` });
    await login(`satu-${t}`, 'sandi-baru-yang-panjang').expect(200);
    const reused = await setPassword(token, 'sandi-lain-yang-panjang').expect(409);
    expect(reused.body.error.details.reason).toBe('link_used');
    expect((await linkInfo(token).expect(409)).body.error.details.reason).toBe('link_used');
    await linkInfo('x'.repeat(43)).expect(404);
    const audit = await app.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'auth.password_set_by_link').execute();
    expect(audit.some((a) => a.entity_id === link!.staffId)).toBe(true);
  });

  test('When a link is past its time or replaced by a fresh one, then it is refused with its reason and only the newest works', async () => {
    const t = tag();
    const done = await importStaff([
      ['nama', 'level', 'username'],
      [`Dua ${t}`, 'Staf', `dua-${t}`],
    ]);
    const [first] = done.body.links as Link[];

    app.clock.advance(48 * HOUR);
    // Signed in afresh: the first Administrator's token has expired by now.
    const later = await signedIn(app, 'Administrator');
    const expired = await setPassword(tokenOf(first!.url), 'sandi-baru-yang-panjang').expect(409);
    expect(expired.body.error.details.reason).toBe('link_expired');

    const fresh = await later.post(`/api/staff/${first!.staffId}/set-password-link`).expect(201);
    expect(fresh.body).toMatchObject({ staffId: first!.staffId, expiresAt: new Date(app.clock.now() + 48 * HOUR).toISOString() });
    const newer = await later.post(`/api/staff/${first!.staffId}/set-password-link`).expect(201);
    expect((await linkInfo(tokenOf(fresh.body.url)).expect(409)).body.error.details.reason).toBe('link_replaced');
    await setPassword(tokenOf(newer.body.url), 'sandi-baru-yang-panjang').expect(200);
    const audits = await app.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'staff.set_password_link')
      .where('entity_id', '=', first!.staffId)
      .execute();
    expect(audits).toHaveLength(2);
    expect(audits[0]).toMatchObject({ actor_id: later.staff.id });

    await later.post('/api/staff/NOPE99/set-password-link').expect(404);
    const staf = await signedIn(app, 'Staf');
    await staf.post(`/api/staff/${first!.staffId}/set-password-link`).expect(403);
  });

  test('When the staff member is deactivated before using the link, then the link is refused naming that', async () => {
    const t = tag();
    // Signed in afresh: an earlier test moved the clock past the first Administrator's token.
    const admin = await signedIn(app, 'Administrator');
    const done = await importStaffAs(admin, [
      ['nama', 'level', 'username'],
      [`Tiga ${t}`, 'TBO', `tiga-${t}`],
    ]);
    const [link] = done.body.links as Link[];
    await admin.patch(`/api/staff/${link!.staffId}`, { status: 'inactive' }).expect(200);
    expect((await linkInfo(tokenOf(link!.url)).expect(409)).body.error.details.reason).toBe('staff_inactive');
    expect((await setPassword(tokenOf(link!.url), 'sandi-baru-yang-panjang').expect(409)).body.error.details.reason).toBe('staff_inactive');
    expect((await admin.post(`/api/staff/${link!.staffId}/set-password-link`).expect(409)).body.error.details.reason).toBe(
      'staff_inactive',
    );
  });
});
