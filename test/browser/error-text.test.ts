/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { createEmployee, createStaff } from '../support/factories';
import { describeBrowser, launchBrowser, newPage } from '../support/browser';
import { loggedIn, type LoggedIn } from '../support/staff-login';
import { startTestApp, type TestApp } from '../support/test-app';
import { fileTicket } from '../api/ticket-fixtures';

interface ErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

describeBrowser('API errors in the dashboard, in Indonesian only (public/js/error-text.js)', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  let admin: LoggedIn;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp('sqlite'), launchBrowser()]);
    admin = await loggedIn(app, 'Administrator');
    ({ page } = await newPage(browser));
    await page.goto(`${app.baseUrl}/#/login`);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** What the dashboard shows for a real error answer of the server. */
  async function shown(status: number, error: ErrorBody): Promise<string> {
    return describeIn({ status, code: error.code, message: error.message, details: error.details });
  }

  /**
   * describeError(value) run in the page. The expression is a string: ts-jest would turn a dynamic
   * import() inside a function into a require() the browser does not have.
   */
  function describeIn(value: unknown, asError = false): Promise<string> {
    const arg = asError ? `new TypeError(${JSON.stringify(value)})` : JSON.stringify(value);
    return page.evaluate(`import('/js/error-text.js').then((m) => m.describeError(${arg}))`);
  }

  /** The server's answer to a failing request, and the sentence shown for it, which must not hold the English text. */
  async function sentenceFor(res: { status: number; body: { error: ErrorBody } }): Promise<string> {
    const text = await shown(res.status, res.body.error);
    expect(text).not.toContain(res.body.error.message);
    expect(text).not.toMatch(/\b(is|already|cannot|must|not found|the)\b/);
    return text;
  }

  test('When a technician already on the ticket is assigned again, then the sentence names them and the ticket', async () => {
    const tech = await createStaff(app.db, { name: 'Siswanto' });
    const t = await fileTicket(app);
    await admin.post(`/api/tickets/${t.trackingNo}/assignments`, { staffId: tech.id }).expect(201);
    const again = await admin.post(`/api/tickets/${t.trackingNo}/assignments`, { staffId: tech.id }).expect(409);
    expect(await sentenceFor(again)).toBe(`Teknisi ${tech.id} sudah ditugaskan pada tiket ${t.trackingNo}; pilih teknisi lain.`);
  });

  test('When someone who is not a technician is assigned, then the sentence says a TBO is needed', async () => {
    const staf = await createStaff(app.db, { level: 'Staf' });
    const t = await fileTicket(app);
    const res = await admin.post(`/api/tickets/${t.trackingNo}/assignments`, { staffId: staf.id }).expect(400);
    expect(await sentenceFor(res)).toBe('Data tidak valid: teknisi tidak dikenal atau bukan teknisi (TBO) yang aktif.');
  });

  test('When a closed ticket is moved to pending, then the sentence gives its current status and where it may go', async () => {
    const t = await fileTicket(app);
    await admin.patch(`/api/tickets/${t.trackingNo}`, { status: 'ditutup', note: 'duplikat' }).expect(200);
    const res = await admin.patch(`/api/tickets/${t.trackingNo}`, { status: 'pending' }).expect(409);
    expect(await sentenceFor(res)).toBe('Status tiket sekarang Ditutup; dari status ini hanya dapat diubah ke Proses.');
  });

  test('When the last Administrator would be demoted, then the sentence says so', async () => {
    const lone = await startTestApp('sqlite');
    try {
      const only = await loggedIn(lone, 'Administrator');
      const res = await only.patch(`/api/staff/${only.staff.id}`, { level: 'Staf' }).expect(409);
      expect(await sentenceFor(res)).toBe('Administrator aktif terakhir tidak dapat dinonaktifkan atau diturunkan levelnya.');
    } finally {
      await lone.close();
    }
  });

  test('When a phone already registered or a malformed one is sent, then the sentences name the field in Indonesian', async () => {
    const emp = await createEmployee(app.db, {});
    const body = { name: 'R Marta Dinata', department: 'TIF', unit: 'IT' };
    const dup = await admin.post('/api/employees', { ...body, phone: emp.phone }).expect(409);
    expect(await sentenceFor(dup)).toBe('Sudah terdaftar: nomor telepon ini sudah dipakai orang lain.');
    const bad = await admin.post('/api/employees', { ...body, phone: 'abc' }).expect(400);
    expect(await sentenceFor(bad)).toBe('Data tidak valid: nomor telepon tidak valid (mis. 0812… atau 62812…).');
    const noName = await admin.post('/api/employees', { ...body, name: '', phone: '081234000111' }).expect(400);
    expect(await sentenceFor(noName)).toBe('Data tidak valid: periksa isian nama.');
  });

  test('When a code the dashboard does not know arrives, or a script error is thrown, then a generic Indonesian sentence shows, never the English text', async () => {
    expect(await shown(418, { code: 'TEAPOT', message: 'I am a teapot' })).toBe('Permintaan gagal (kode TEAPOT, HTTP 418).');
    const thrown = await describeIn('Cannot read properties of undefined', true);
    expect(thrown).toBe('Terjadi kesalahan di halaman ini; muat ulang lalu coba lagi.');
  });
});
