/// <reference lib="dom" />
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, launchBrowser, newPage, signIn, waitForText, type PageProblems } from '../support/browser';
import { createEmployee } from '../support/factories';
import { createStaffWithPassword } from '../support/staff-login';
import { startTestApp, type TestApp } from '../support/test-app';
import { fileTicket } from '../api/ticket-fixtures';
import { closeTicket, storePhoto } from '../api/retention-fixtures';

describeBrowser('Data Pribadi in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  let problems: PageProblems;
  let mediaDir: string;

  beforeAll(async () => {
    mediaDir = mkdtempSync(join(tmpdir(), 'wa-personal-browser-'));
    [app, browser] = await Promise.all([startTestApp('sqlite', { MEDIA_DIR: mediaDir, RETENTION_MEDIA_MONTHS: '6' }), launchBrowser()]);
    const admin = await createStaffWithPassword(app, { level: 'Administrator', name: 'Admin Data' });
    ({ page, problems } = await newPage(browser));
    await signIn(page, app.baseUrl, admin.username, admin.password);
  }, 60_000);
  afterEach(() => expect(problems).toEqual({ errors: [], dialogs: [] }));
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(mediaDir, { recursive: true, force: true });
  });

  async function search(value: string, kind = 'Nomor telepon') {
    await page.goto(`${app.baseUrl}/#/data-pribadi`);
    await page.getByRole('heading', { name: 'Data Pribadi', exact: true }).waitFor();
    await page.getByLabel('Cari menurut').selectOption({ label: kind });
    await page.getByLabel('Nomor atau ID').fill(value);
    await page.getByRole('button', { name: 'Cari' }).click();
  }
  const count = (key: string) => page.locator(`tr[data-count="${key}"] td`);

  test('When a phone is looked up, then the counts show, and the ZIP downloads with the person’s data', async () => {
    const rina = await createEmployee(app.db, { name: 'Rina Kartika' });
    const t = await fileTicket(app, { phone: rina.phone, complaint: 'AC ruang 204 bocor' });
    await storePhoto(app, t.id);
    await search(`0${rina.phone.slice(2)}`);
    await page.getByRole('heading', { name: `Data tentang Rina Kartika (${rina.id})` }).waitFor();
    await waitForText(count('ticketsAsReporter'), '1');
    await waitForText(count('photos'), '1');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Unduh semua data (ZIP)' }).click(),
    ]);
    const zip = await JSZip.loadAsync(await readFile((await download.path())!));
    const data = JSON.parse(await zip.file('data.json')!.async('string'));
    expect(data.tickets[0].complaint).toBe('AC ruang 204 bocor');
    expect(Object.keys(zip.files).some((f) => f.startsWith('photos/'))).toBe(true);
  });

  test('When erasing, then the button stays disabled until the phone is typed again exactly; then the data is gone and the ticket anonymised', async () => {
    const budi = await createEmployee(app.db, { name: 'Budi Hartono' });
    const t = await fileTicket(app, { phone: budi.phone, complaint: 'kran toilet bocor' });
    await closeTicket(app, t.id);
    await search(budi.phone);
    await waitForText(count('inboundMessages'), '1');

    await page.getByRole('button', { name: 'Hapus data orang ini' }).click();
    const dialog = page.getByRole('dialog', { name: 'Hapus data orang ini' });
    const erase = dialog.getByRole('button', { name: 'Hapus permanen' });
    const confirm = dialog.getByLabel(/Ketik ulang nomor telepon/);
    expect(await erase.isDisabled()).toBe(true);
    await confirm.fill(budi.phone.slice(0, -1));
    expect(await erase.isDisabled()).toBe(true);
    await confirm.fill(budi.phone.slice(0, -1) + (budi.phone.endsWith('9') ? '8' : '9'));
    expect(await erase.isDisabled()).toBe(true);
    // The local form of the same number matches.
    await confirm.fill(`0${budi.phone.slice(2)}`);
    expect(await erase.isEnabled()).toBe(true);
    // Cancel leaves everything as it was.
    await dialog.getByRole('button', { name: 'Batal' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await app.db.kysely.selectFrom('employees').select('id').where('id', '=', budi.id).executeTakeFirst()).toBeDefined();

    await page.getByRole('button', { name: 'Hapus data orang ini' }).click();
    await dialog.getByLabel(/Ketik ulang nomor telepon/).fill(budi.phone);
    await dialog.getByRole('button', { name: 'Hapus permanen' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(/Data dihapus\. Nomor referensi audit/).waitFor();
    await waitForText(count('inboundMessages'), '0');
    await page.getByText('Tidak ada data yang tersimpan tentang orang ini.').waitFor();
    const row = await app.db.kysely.selectFrom('tickets').selectAll().where('id', '=', t.id).executeTakeFirstOrThrow();
    expect([row.reporter_name, row.reporter_phone]).toEqual(['Pelapor dihapus', '']);
    expect(await app.db.kysely.selectFrom('employees').select('id').where('id', '=', budi.id).executeTakeFirst()).toBeUndefined();
  });

  test('When the page opens, then the retention rules in force and the runs are shown read-only', async () => {
    await page.goto(`${app.baseUrl}/#/data-pribadi`);
    const section = page.getByRole('region', { name: 'Retensi data' });
    await waitForText(section.locator('tr[data-rule="mediaMonths"]'), '6 bulan setelah ditutup');
    await waitForText(section.locator('tr[data-rule="anonymiseYears"]'), 'Tanpa batas (aturan mati)');
    await section.getByText('Belum pernah dijalankan.').waitFor();
  });
});
