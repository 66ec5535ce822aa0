/// <reference lib="dom" />
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, launchBrowser, newPage, signIn, waitForText, type PageProblems } from '../support/browser';
import { createStaffWithPassword } from '../support/staff-login';
import { startTestApp, type TestApp } from '../support/test-app';

describeBrowser('Tempat in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let staf: Awaited<ReturnType<typeof createStaffWithPassword>>;
  const pages: { page: Page; problems: PageProblems }[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp('sqlite'), launchBrowser()]);
    staf = await createStaffWithPassword(app, { level: 'Staf', name: 'Desk Tempat' });
  }, 60_000);
  afterEach(() => {
    for (const { problems } of pages) expect(problems).toEqual({ errors: [], dialogs: [] });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function openPlaces(): Promise<Page> {
    const opened = await newPage(browser);
    pages.push(opened);
    await signIn(opened.page, app.baseUrl, staf.username, staf.password);
    await opened.page.goto(`${app.baseUrl}/#/tempat`);
    await opened.page.getByRole('heading', { name: 'Tempat', exact: true }).waitFor();
    return opened.page;
  }
  const stored = async () => (await app.db.kysely.selectFrom('places').select('code').orderBy('id').execute()).map((r) => r.code);

  async function addPlace(page: Page, kind: string, code: string, name: string, parent?: string) {
    await page.getByRole('button', { name: 'Tambah tempat' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Jenis *').selectOption(kind);
    await dialog.getByLabel('Kode *').fill(code);
    await dialog.getByLabel('Nama *').fill(name);
    if (parent) await dialog.getByLabel('Induk').selectOption({ label: parent });
    await dialog.getByRole('button', { name: 'Simpan' }).click();
    await waitForText(page.locator('#toast'), `${code.toUpperCase()} ditambahkan.`);
  }

  test('When Staf adds a building, a floor in it and a room on the floor, then the tree shows them nested and search finds the room', async () => {
    const page = await openPlaces();
    await addPlace(page, 'building', 'gk', 'Gedung Kuliah');
    await addPlace(page, 'floor', 'GK-3', 'Lantai 3', 'Gedung: Gedung Kuliah');
    await addPlace(page, 'room', 'R-3.2', 'Ruang 3.2 <b>', 'Lantai: Gedung Kuliah › Lantai 3');

    const room = page.locator('li li li .place-row[data-code="R-3.2"]');
    await waitForText(room, 'Ruang 3.2 <b>');
    expect(await page.locator('.place-row b').count()).toBe(0);
    expect(await stored()).toEqual(['GK', 'GK-3', 'R-3.2']);

    await page.getByLabel('Cari').fill('3.2');
    await waitForText(page.getByLabel('Pohon tempat'), 'R-3.2');
    expect(await page.locator('.place-row').count()).toBe(1);
  });

  test('When a CSV is chosen, then the preview lists every row without writing, and applying it adds the places', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tempat-'));
    const file = join(dir, 'tempat.csv');
    writeFileSync(
      file,
      'kode;nama;jenis;induk;alias\nGL;Gedung Lab;gedung;;\nLAB-1;Lab Komputer 1;ruang;GL;labkom 1\nX 1;Salah;ruang;GL;\n',
    );
    const page = await openPlaces();
    const section = page.getByRole('region', { name: 'Impor tempat' });
    await section.getByLabel('Berkas CSV atau XLSX').setInputFiles(file);
    await section.getByRole('button', { name: 'Pratinjau impor' }).click();
    const preview = section.getByRole('region', { name: 'Pratinjau impor' });
    await waitForText(preview, '2 baru, 0 diubah, 0 tetap, 1 ditolak');
    await waitForText(preview.locator('li').nth(2), 'Baris 4 X 1: Ditolak — Kode "X 1" tidak sah');
    expect(await preview.getByRole('button', { name: /Terapkan impor/ }).isDisabled()).toBe(true);
    expect(await stored()).not.toContain('GL');

    writeFileSync(file, 'kode;nama;jenis;induk;alias\nGL;Gedung Lab;gedung;;\nLAB-1;Lab Komputer 1;ruang;GL;labkom 1\n');
    await section.getByLabel('Berkas CSV atau XLSX').setInputFiles(file);
    await section.getByRole('button', { name: 'Pratinjau impor' }).click();
    await waitForText(preview, '2 baru, 0 diubah, 0 tetap, 0 ditolak');
    await preview.getByRole('button', { name: 'Terapkan impor (2 perubahan)' }).click();
    await waitForText(page.locator('#toast'), 'Impor selesai: 2 baru');
    await waitForText(page.locator('li li .place-row[data-code="LAB-1"]'), 'Lab Komputer 1');
    expect(await stored()).toEqual(expect.arrayContaining(['GL', 'LAB-1']));
  });
});
