/// <reference lib="dom" />
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, launchBrowser, newPage, signIn, waitForText, type PageProblems } from '../support/browser';
import { createEmployee } from '../support/factories';
import { createStaffWithPassword } from '../support/staff-login';
import { startTestApp, type TestApp } from '../support/test-app';

describeBrowser('Impor Data and the set-password link in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let admin: Awaited<ReturnType<typeof createStaffWithPassword>>;
  const pages: { page: Page; problems: PageProblems }[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'impor-'));

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp('sqlite'), launchBrowser()]);
    admin = await createStaffWithPassword(app, { level: 'Administrator', name: 'Admin Impor' });
  }, 60_000);
  afterEach(() => {
    for (const { problems } of pages) expect(problems).toEqual({ errors: [], dialogs: [] });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function opened(): Promise<Page> {
    const o = await newPage(browser);
    pages.push(o);
    return o.page;
  }

  async function openImport(): Promise<Page> {
    const page = await opened();
    await signIn(page, app.baseUrl, admin.username, admin.password);
    await page.goto(`${app.baseUrl}/#/impor`);
    await page.getByRole('heading', { name: 'Impor Pegawai & Petugas' }).waitFor();
    return page;
  }

  const csv = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  test('When employees are previewed with bad rows, then each refused row shows its reason in Indonesian and nothing can be applied; once fixed and with new units allowed, applying adds them', async () => {
    await createEmployee(app.db, { phone: '6285700000001', unit: 'TIF' });
    const page = await openImport();
    await page
      .getByLabel('Berkas CSV atau XLSX')
      .setInputFiles(
        csv('pegawai.csv', 'Nama;No HP;Unit Kerja\nAni;085711112222;tif\nBadu;12ab;TIF\nCici;085700000001;TIF\nDodi;085733334444;Gudang\n'),
      );
    await page.getByRole('button', { name: 'Pratinjau' }).click();
    const preview = page.getByRole('region', { name: 'Pratinjau impor' });
    await waitForText(preview.locator('[data-action="refused"]'), '2 Ditolak');
    await waitForText(preview.locator('tr[data-row="3"]'), 'nomor HP tidak sah');
    await waitForText(preview.locator('tr[data-row="5"]'), 'unit belum dikenal');
    // Cici's number is an employee already: the row updates that person.
    await waitForText(preview.locator('tr[data-row="4"]'), 'Diubah');
    expect(await preview.getByRole('button', { name: /^Terapkan/ }).isDisabled()).toBe(true);

    await page
      .getByLabel('Berkas CSV atau XLSX')
      .setInputFiles(csv('pegawai2.csv', 'Nama;No HP;Unit Kerja\nAni;085711112222;tif\nDodi;085733334444;Gudang\n'));
    await page.getByLabel(/Izinkan unit baru/).check();
    await page.getByRole('button', { name: 'Pratinjau' }).click();
    await waitForText(preview.locator('[data-action="create"]'), '2 Baru');
    await waitForText(preview.locator('tr[data-row="3"]'), 'unit baru, akan ditambahkan');
    await preview.getByRole('button', { name: 'Terapkan (2 perubahan)' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Terapkan' }).click();
    await waitForText(page.locator('#toast'), 'Impor selesai: 2 baru');
    const stored = await app.db.kysely
      .selectFrom('employees')
      .select(['name', 'unit'])
      .where('phone', 'in', ['6285711112222', '6285733334444'])
      .orderBy('name')
      .execute();
    expect(stored).toEqual([
      { name: 'Ani', unit: 'TIF' },
      { name: 'Dodi', unit: 'Gudang' },
    ]);
  });

  test('When staff are imported, then the Administrator sees a one-time link, and whoever opens it without a session sets a password and signs in with it', async () => {
    const page = await openImport();
    await page.getByLabel('Jenis data').selectOption('staff');
    await page
      .getByLabel('Berkas CSV atau XLSX')
      .setInputFiles(csv('staf.csv', 'nama,level,username\nTeknisi Baru,teknisi,teknisi.baru\n'));
    await page.getByRole('button', { name: 'Pratinjau' }).click();
    const preview = page.getByRole('region', { name: 'Pratinjau impor' });
    await preview.getByRole('button', { name: 'Terapkan (1 perubahan)' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Terapkan' }).click();
    const result = page.getByRole('region', { name: 'Hasil impor' });
    const box = result.getByRole('textbox', { name: 'Tautan teknisi.baru' });
    await box.waitFor();
    const url = await box.inputValue();
    expect(url).toMatch(/#\/sandi\/[A-Za-z0-9_-]{43}$/);
    expect(await result.getByRole('button', { name: 'Salin tautan teknisi.baru' }).count()).toBe(1);

    const stranger = await opened();
    await stranger.goto(`${app.baseUrl}/#/sandi/${url.split('#/sandi/')[1]}`);
    await waitForText(stranger.locator('main'), 'Halo, Teknisi Baru. Nama pengguna Anda: teknisi.baru.');
    await stranger.getByLabel('Kata sandi baru', { exact: true }).fill('sandi-teknisi-baru');
    await stranger.getByLabel('Ulangi kata sandi baru').fill('sandi-lain-sekali');
    await stranger.getByRole('button', { name: 'Simpan kata sandi' }).click();
    await waitForText(stranger.locator('.form-error'), 'Kedua kata sandi tidak sama.');
    await stranger.getByLabel('Ulangi kata sandi baru').fill('sandi-teknisi-baru');
    await stranger.getByRole('button', { name: 'Simpan kata sandi' }).click();
    await waitForText(stranger.getByRole('status'), 'Kata sandi tersimpan');
    await stranger.getByRole('link', { name: 'Masuk' }).click();
    await signIn(stranger, app.baseUrl, 'teknisi.baru', 'sandi-teknisi-baru');

    // The same link again: used up, said in Indonesian.
    const again = await opened();
    await again.goto(`${app.baseUrl}/#/sandi/${url.split('#/sandi/')[1]}`);
    await waitForText(again.locator('.form-error'), 'sudah dipakai');
  });

  test('When the Administrator makes a new set-password link on the Petugas page, then it is shown once, the older link stops working and the new one sets the password', async () => {
    const tbo = await createStaffWithPassword(app, { level: 'TBO', name: 'Siswanto Lupa' });
    const page = await opened();
    await signIn(page, app.baseUrl, admin.username, admin.password);
    await page.goto(`${app.baseUrl}/#/petugas`);
    const make = async () => {
      await page.getByRole('button', { name: 'Tautan sandi Siswanto Lupa' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Buat tautan' }).click();
      const dialog = page.getByRole('dialog', { name: 'Tautan atur kata sandi' });
      const url = await dialog.getByRole('textbox', { name: `Tautan ${tbo.username}` }).inputValue();
      await dialog.getByRole('button', { name: 'Tutup' }).click();
      return url.split('#/sandi/')[1]!;
    };
    const first = await make();
    const second = await make();
    expect(second).not.toBe(first);

    const stranger = await opened();
    await stranger.goto(`${app.baseUrl}/#/sandi/${first}`);
    await waitForText(stranger.locator('.form-error'), 'sudah diganti dengan tautan yang lebih baru');
    await stranger.goto(`${app.baseUrl}/#/sandi/${second}`);
    await stranger.reload();
    await stranger.getByLabel('Kata sandi baru', { exact: true }).fill('sandi-baru-siswanto');
    await stranger.getByLabel('Ulangi kata sandi baru').fill('sandi-baru-siswanto');
    await stranger.getByRole('button', { name: 'Simpan kata sandi' }).click();
    await waitForText(stranger.getByRole('status'), 'Kata sandi tersimpan');
    await stranger.getByRole('link', { name: 'Masuk' }).click();
    await signIn(stranger, app.baseUrl, tbo.username, 'sandi-baru-siswanto');
  });
});
