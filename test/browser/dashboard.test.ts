/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { assignDirectly, createEmployee, createStaff } from '../support/factories';
import {
  describeBrowser,
  launchBrowser,
  newPage,
  screenshot,
  signIn,
  waitForCount,
  waitForText,
  type PageProblems,
} from '../support/browser';
import { createStaffWithPassword } from '../support/staff-login';
import { startTestApp, type TestApp } from '../support/test-app';

/** Every module the dashboard loads, following static and dynamic imports from /js/app.js. */
async function moduleGraph(baseUrl: string): Promise<Map<string, { status: number; type: string }>> {
  const seen = new Map<string, { status: number; type: string }>();
  const visit = async (url: string) => {
    if (seen.has(url)) return;
    const res = await fetch(url);
    const text = await res.text();
    seen.set(url, { status: res.status, type: res.headers.get('content-type') ?? '' });
    for (const [, spec] of text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.{1,2}\/[^']+)'/g)) await visit(new URL(spec!, url).href);
  };
  await visit(`${baseUrl}/js/app.js`);
  return seen;
}

describe('Dashboard files (no browser needed)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('sqlite');
  });
  afterAll(() => app?.close());

  test('When / is opened, then the shell is served under a CSP without inline scripts, and every module it imports exists', async () => {
    const res = await app.http.get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("script-src-attr 'none'");
    for (const [, attrs, body] of res.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
      expect(attrs).toMatch(/src="\/js\/app\.js"/);
      expect(body!.trim()).toBe('');
    }
    expect(res.text).not.toMatch(/\son[a-z]+\s*=/i);
    expect(res.text).not.toMatch(/https?:\/\//);
    const graph = await moduleGraph(app.baseUrl);
    expect(graph.size).toBeGreaterThan(20);
    for (const [url, r] of graph) expect({ url, ...r }).toEqual({ url, status: 200, type: expect.stringMatching(/javascript/) });
  });
});

describeBrowser('Dashboard in a browser: sign-in, roles, people, untrusted text', () => {
  let app: TestApp;
  let browser: Browser;
  let admin: Awaited<ReturnType<typeof createStaffWithPassword>>;
  let staf: Awaited<ReturnType<typeof createStaffWithPassword>>;
  let tbo: Awaited<ReturnType<typeof createStaffWithPassword>>;
  const pages: { page: Page; problems: PageProblems }[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp('sqlite'), launchBrowser()]);
    admin = await createStaffWithPassword(app, { level: 'Administrator', name: 'Dery Dehaelt' });
    staf = await createStaffWithPassword(app, { level: 'Staf', name: 'Nikolai Gordyer' });
    tbo = await createStaffWithPassword(app, { level: 'TBO', name: 'Siswanto', phone: '6282124603757' });
  }, 60_000);
  afterEach(() => {
    // No page may have thrown, broken the CSP or opened a browser dialog.
    for (const { problems } of pages) expect(problems).toEqual({ errors: [], dialogs: [] });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function open(o: { width?: number } = {}) {
    const opened = await newPage(browser, o);
    pages.push(opened);
    return opened.page;
  }

  test('When a wrong password is typed, then an Indonesian error shows; the right one opens Monitoring with the name and role; Keluar ends the session', async () => {
    const page = await open();
    await page.goto(`${app.baseUrl}/`);
    await page.getByRole('heading', { name: 'Masuk ke Dasbor' }).waitFor();
    await screenshot(page, 'login');
    await page.getByLabel('Nama pengguna').fill(admin.username);
    await page.getByLabel('Kata sandi').fill('salah sekali');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('alert').filter({ hasText: 'Nama pengguna atau kata sandi salah.' }).waitFor();

    await page.getByLabel('Kata sandi').fill(admin.password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('heading', { name: 'Data Monitoring' }).waitFor();
    expect(await page.locator('#user-name').textContent()).toBe('Dery Dehaelt');
    expect(await page.locator('#user-level').textContent()).toBe('Administrator');
    expect(await page.locator('#nav a').allTextContents()).toEqual([
      'Monitoring',
      'Kotak Masuk',
      'Tiket Baru',
      'Statistik',
      'Pegawai',
      'Petugas',
      'Tempat',
      'Berulang',
      'Kategori',
      'Kalender & SLA',
      'Impor Data',
      'Data Pribadi',
      'Pesan Keluar',
    ]);

    await page.reload();
    await page.getByRole('heading', { name: 'Data Monitoring' }).waitFor();
    const token = (await page.context().cookies()).find((c) => c.name === 'wa_ticketing_session')?.value;
    const elsewhere = await open();
    await signIn(elsewhere, app.baseUrl, admin.username, admin.password);

    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.getByRole('heading', { name: 'Masuk ke Dasbor' }).waitFor();
    expect(await page.locator('#who').isHidden()).toBe(true);
    expect((await page.context().cookies()).find((c) => c.name === 'wa_ticketing_session')).toBeUndefined();
    expect((await app.http.get('/api/auth/me').set('authorization', `Bearer ${token}`)).status).toBe(401);
    // Logout ends every session: the other tab's next refresh finds out and asks to sign in again.
    await elsewhere.getByRole('heading', { name: 'Masuk ke Dasbor' }).waitFor();
    await waitForText(elsewhere.locator('#toast'), 'Sesi berakhir. Silakan masuk lagi.');
  });

  test('When a complaint and a display name hold HTML, then they are shown as text in Monitoring and the ticket, and no element or dialog comes of it', async () => {
    const emp = await createEmployee(app.db, { name: 'R Marta Dinata', unit: 'IT' });
    await app.say(emp.phone, '#request <img src=x onerror=alert(1)>');
    await app.say('6289911112222', '#request AC bocor <script>alert(3)</script>', { name: '<b onmouseover=alert(2)>Tamu</b>' });
    const page = await open();
    await signIn(page, app.baseUrl, admin.username, admin.password);

    const evil = page.locator('tbody tr', { hasText: '<img src=x onerror=alert(1)>' });
    await evil.waitFor();
    await page.locator('tbody tr', { hasText: '<b onmouseover=alert(2)>Tamu</b>' }).waitFor();
    expect(await page.locator('main img, main b, main script').count()).toBe(0);
    await evil.getByRole('link').click();
    await waitForText(page.locator('.complaint-full'), '<img src=x onerror=alert(1)>');
    expect(await page.locator('.complaint-full').textContent()).toBe('<img src=x onerror=alert(1)>');
    await page.locator('.msg-in .msg-body', { hasText: '#request <img src=x onerror=alert(1)>' }).waitFor();
    expect(await page.locator('main img, main b, main script').count()).toBe(0);
    await screenshot(page, 'ticket-untrusted-text');
  });

  test('When a Staf signs in, then staff management is neither in the menu nor openable, and employees can be listed, created, edited and deactivated', async () => {
    const page = await open();
    await signIn(page, app.baseUrl, staf.username, staf.password);
    expect(await page.locator('#user-level').textContent()).toBe('Staf');
    expect(await page.locator('#nav a').allTextContents()).toEqual([
      'Monitoring',
      'Kotak Masuk',
      'Tiket Baru',
      'Statistik',
      'Pegawai',
      'Tempat',
      'Berulang',
      'Pesan Keluar',
    ]);
    await page.goto(`${app.baseUrl}/#/petugas`);
    await page.getByRole('heading', { name: 'Akses ditolak' }).waitFor();
    await waitForText(page.getByRole('alert'), 'hanya untuk Administrator');
    expect(await page.locator('table').count()).toBe(0);
    await screenshot(page, 'staf-forbidden');

    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Pegawai' }).click();
    await page.getByRole('heading', { name: 'Data Pegawai' }).waitFor();
    await page.getByRole('button', { name: 'Tambah pegawai' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Nama *').fill('Febriansyah Uji');
    await dialog.getByLabel('Nomor WhatsApp *').fill('bukan nomor');
    await dialog.getByRole('button', { name: 'Simpan' }).click();
    await waitForText(dialog.getByRole('alert'), 'Data tidak valid: nomor telepon tidak valid');
    await dialog.getByLabel('Nomor WhatsApp *').fill('0812 9440 3603');
    await dialog.getByLabel('Unit').fill('Humas');
    await dialog.getByRole('button', { name: 'Simpan' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByLabel('Cari', { exact: true }).fill('febriansyah uji');
    const row = page.locator('tbody tr', { hasText: 'Febriansyah Uji' });
    await waitForText(row, '6281294403603');
    await waitForCount(page, 'tbody tr', 1);
    await screenshot(page, 'employees');

    await row.getByRole('button', { name: 'Ubah Febriansyah Uji' }).click();
    await page.getByRole('dialog').getByLabel('Jurusan / Bagian').fill('Sarpras');
    await page.getByRole('dialog').getByRole('button', { name: 'Simpan' }).click();
    await waitForText(row, 'Sarpras / Humas');

    await row.getByRole('button', { name: 'Nonaktifkan Febriansyah Uji' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Nonaktifkan' }).click();
    await page.locator('td.empty', { hasText: 'Tidak ada pegawai yang cocok.' }).waitFor();
    await page.getByLabel('Status', { exact: true }).selectOption('inactive');
    await waitForText(page.locator('tbody tr', { hasText: 'Febriansyah Uji' }), 'Tidak aktif');
  });

  test('When a Staf assigns a technician, then the choice lists every other active technician with their open jobs (GET /api/technicians), and no longer the one assigned', async () => {
    const emp = await createEmployee(app.db, { name: 'Dosen Tamu' });
    await app.say(emp.phone, '#request stop kontak ruang 2.3 rusak');
    await app.say(emp.phone, '#request papan tulis ruang 2.4 lepas');
    const [earlier, trackingNo] = (
      await app.db.kysely.selectFrom('tickets').select('tracking_no').where('reporter_phone', '=', emp.phone).orderBy('id').execute()
    ).map((r) => r.tracking_no);
    const helper = await createStaff(app.db, { level: 'TBO', name: 'Teknisi Bantu' });
    await assignDirectly(app.db, earlier!, helper.id, null, app.clock.now());
    const page = await open();
    await signIn(page, app.baseUrl, staf.username, staf.password);
    await page.goto(`${app.baseUrl}/#/tiket/${trackingNo}`);
    const form = page.getByRole('form', { name: 'Penugasan / PJ' });
    const picker = form.getByLabel('Teknisi', { exact: true });
    await picker.waitFor();
    const options = await picker.locator('option').allTextContents();
    expect(options).toEqual(expect.arrayContaining([`Teknisi Bantu (${helper.id}) · 1 tugas terbuka`, `Siswanto (${tbo.id})`]));
    await picker.selectOption(helper.id);
    await form.getByRole('button', { name: 'Tugaskan' }).click();
    await waitForText(page.locator('table.assignments tbody tr'), `Teknisi Bantu (${helper.id})`);
    // Already on this ticket: offered no more (a second assignment would only be refused).
    await picker.locator('option', { hasText: 'Teknisi Bantu' }).waitFor({ state: 'detached' });
    await waitForText(picker.locator('option'), `Siswanto (${tbo.id})`, 'attached');
    expect(await picker.inputValue()).toBe('');
  });

  test('When an Administrator opens Petugas, then a technician is created with a password, found, edited and deactivated', async () => {
    const page = await open();
    await signIn(page, app.baseUrl, admin.username, admin.password);
    await page.getByRole('link', { name: 'Petugas' }).click();
    await page.getByRole('heading', { name: 'Data Admin / Petugas' }).waitFor();
    await page.getByRole('button', { name: 'Tambah petugas' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Nama *').fill('Adrasha Baru');
    await dialog.getByLabel('Level *').selectOption('TBO');
    await dialog.getByLabel('Nama pengguna *').fill('adrasha.baru');
    await dialog.getByLabel('Kata sandi *').fill('rahasia-panjang-1');
    await dialog.getByLabel('Nomor WhatsApp').fill('08998848947');
    await dialog.getByRole('button', { name: 'Simpan' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByLabel('Level', { exact: true }).selectOption('TBO');
    await page.getByLabel('Cari', { exact: true }).fill('adrasha');
    const row = page.locator('tbody tr', { hasText: 'Adrasha Baru' });
    await waitForText(row, 'Teknisi (TBO)');
    await waitForText(row, '628998848947');
    await screenshot(page, 'staff');
    await row.getByRole('button', { name: 'Ubah Adrasha Baru' }).click();
    await page.getByRole('dialog').getByLabel('Keterangan').fill('Teknisi IT');
    await page.getByRole('dialog').getByRole('button', { name: 'Simpan' }).click();
    await waitForText(row, 'Teknisi IT');
    await row.getByRole('button', { name: 'Nonaktifkan Adrasha Baru' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Nonaktifkan' }).click();
    await page.locator('td.empty').waitFor();
    const stored = await app.db.kysely
      .selectFrom('staff')
      .select(['status', 'description', 'password_hash'])
      .where('username', '=', 'adrasha.baru')
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'inactive', description: 'Teknisi IT' });
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
  });

  test('When a technician signs in, then only their own jobs are listed and another ticket is not found; they can add a progress note', async () => {
    const mine = await createEmployee(app.db, { name: 'Sari Lab' });
    const other = await createEmployee(app.db, { name: 'Budi Aula' });
    await app.say(mine.phone, '#request proyektor lab 2 mati');
    await app.say(other.phone, '#request kursi aula patah');
    const no = async (phone: string) =>
      (await app.db.kysely.selectFrom('tickets').select('tracking_no').where('reporter_phone', '=', phone).executeTakeFirstOrThrow())
        .tracking_no;
    const [myNo, otherNo] = [await no(mine.phone), await no(other.phone)];
    await assignDirectly(app.db, myNo, tbo.id, 'Cek kabel HDMI', app.clock.now());
    await app.settle();

    // A link to the job opened before signing in leads to the job once signed in.
    const page = await open();
    await page.goto(`${app.baseUrl}/#/tiket/${myNo}`);
    await page.getByLabel('Nama pengguna').fill(tbo.username);
    await page.getByLabel('Kata sandi').fill(tbo.password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await waitForText(page.locator('.complaint-full'), 'proyektor lab 2 mati');
    await page.getByRole('link', { name: 'Tugas Saya', exact: true }).click();
    await page.getByRole('heading', { name: 'Tugas Saya' }).waitFor();
    expect(await page.locator('#user-level').textContent()).toBe('Teknisi (TBO)');
    expect(await page.locator('#nav a').allTextContents()).toEqual(['Tugas Saya']);
    await waitForText(page.locator('tbody tr'), myNo);
    await waitForCount(page, 'tbody tr[data-tracking-no]', 1);
    expect(await page.getByRole('button', { name: 'Unduh Excel' }).count()).toBe(0);
    expect(await page.getByLabel('Teknisi').count()).toBe(0);
    await screenshot(page, 'tbo-jobs');

    await page.goto(`${app.baseUrl}/#/tiket/${otherNo}`);
    await page.getByRole('alert').filter({ hasText: 'Tiket tidak ditemukan' }).waitFor();
    await page.goto(`${app.baseUrl}/#/statistik`);
    await page.getByRole('heading', { name: 'Akses ditolak' }).waitFor();

    await page.goto(`${app.baseUrl}/#/tiket/${myNo}`);
    await page.locator('.timeline').waitFor();
    expect(await page.getByRole('form', { name: 'Penugasan / PJ' }).count()).toBe(0);
    expect(await page.getByRole('form', { name: 'Ubah status' }).count()).toBe(0);
    await page.getByLabel('Catatan (dikirim ke pelapor lewat WhatsApp)').fill('Kabel HDMI diganti, menunggu uji');
    await page.getByRole('button', { name: 'Tambah catatan' }).click();
    await page.locator('.timeline li', { hasText: 'Kabel HDMI diganti, menunggu uji' }).waitFor();
    await screenshot(page, 'tbo-ticket');
  });

  test('When the dashboard is used on a phone with the keyboard only, then it signs in and nothing is wider than the screen', async () => {
    const page = await open({ width: 390 });
    await page.goto(`${app.baseUrl}/`);
    await page.getByLabel('Nama pengguna').focus();
    await page.keyboard.type(admin.username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(admin.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Data Monitoring' }).waitFor();
    await page.locator('tbody tr[data-tracking-no]').first().waitFor();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'monitoring-phone');
    await page.locator('tbody tr[data-tracking-no] a').first().click();
    await page.locator('.timeline').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'ticket-phone');
  });
});
