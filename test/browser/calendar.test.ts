/// <reference lib="dom" />
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, launchBrowser, newPage, screenshot, signIn, waitForText, type PageProblems } from '../support/browser';
import { createStaffWithPassword } from '../support/staff-login';
import { startTestApp, type TestApp } from '../support/test-app';

/** The page shows the holidays of the browser's year and the three after the one before. */
const YEAR = new Date().getFullYear();
const NEXT = YEAR + 1;

const ics = (events: [string, string, string][]) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Google Inc//Google Calendar 70.9054//EN',
    ...events.flatMap(([from, to, name], i) => [
      'BEGIN:VEVENT',
      `DTSTART;VALUE=DATE:${from}`,
      `DTEND;VALUE=DATE:${to}`,
      `UID:holiday-${i}@example`,
      `SUMMARY:${name}`,
      'END:VEVENT',
    ]),
    'END:VCALENDAR',
  ].join('\r\n');

describeBrowser('Kalender & SLA in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let admin: Awaited<ReturnType<typeof createStaffWithPassword>>;
  const pages: { page: Page; problems: PageProblems }[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp('sqlite'), launchBrowser()]);
    admin = await createStaffWithPassword(app, { level: 'Administrator', name: 'Dery Dehaelt' });
  }, 60_000);
  afterEach(() => {
    for (const { problems } of pages) expect(problems).toEqual({ errors: [], dialogs: [] });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function openCalendar(): Promise<Page> {
    const opened = await newPage(browser);
    pages.push(opened);
    await signIn(opened.page, app.baseUrl, admin.username, admin.password);
    await opened.page.goto(`${app.baseUrl}/#/kalender`);
    await opened.page.getByRole('heading', { name: 'Kalender & SLA' }).waitFor();
    return opened.page;
  }
  const holidays = async () =>
    (await app.db.kysely.selectFrom('holidays').select(['day', 'name']).orderBy('day').execute()).map((r) => `${r.day} ${r.name}`);

  test('When the Administrator opens the page, then the working week is shown as read-only WORK_WEEK, and a holiday added in the form appears in its year', async () => {
    const page = await openCalendar();
    const week = page.getByRole('region', { name: 'Jam kerja' });
    await waitForText(week.locator('tr'), /Senin\s*07:30–16:00/);
    await waitForText(week.locator('tr'), /Minggu\s*Libur/);
    await waitForText(week, 'tidak dapat diubah dari dasbor');

    const section = page.getByRole('region', { name: 'Hari libur' });
    await section.getByLabel('Tanggal').fill(`${YEAR}-12-28`);
    await section.getByLabel('Nama hari libur').fill('Cuti bersama <b>akhir tahun</b>');
    await section.getByRole('button', { name: 'Tambah' }).click();
    await waitForText(section.locator('tbody tr'), 'Cuti bersama <b>akhir tahun</b>');
    expect(await section.locator('tbody b').count()).toBe(0);
    expect(await holidays()).toContain(`${YEAR}-12-28 Cuti bersama <b>akhir tahun</b>`);

    await section.getByLabel('Tanggal').fill(`${YEAR}-12-28`);
    await section.getByLabel('Nama hari libur').fill('Lagi');
    await section.getByRole('button', { name: 'Tambah' }).click();
    await waitForText(section.getByRole('alert'), 'Tanggal ini sudah menjadi hari libur.');
  });

  test('When an ICS file is chosen, then a preview lists what would be added without writing, and applying it adds the days to their year', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kalender-'));
    const file = join(dir, 'hari-libur.ics');
    writeFileSync(
      file,
      ics([
        [`${NEXT}0101`, `${NEXT}0102`, 'Tahun Baru Masehi'],
        [`${NEXT}0817`, `${NEXT}0818`, 'Hari Kemerdekaan'],
        [`${NEXT}0401`, `${NEXT}0403`, 'Libur Lebaran'],
      ]),
    );
    const page = await openCalendar();
    const section = page.getByRole('region', { name: 'Hari libur' });
    await section.getByLabel('Berkas CSV atau ICS').setInputFiles(file);
    await section.getByRole('button', { name: 'Pratinjau impor' }).click();
    const preview = section.getByRole('region', { name: 'Pratinjau impor' });
    await waitForText(preview, 'Akan ditambahkan (4)');
    await waitForText(preview.locator('li'), `${NEXT}-04-02 — Libur Lebaran`);
    expect((await holidays()).filter((d) => d.startsWith(String(NEXT)))).toEqual([]);
    await screenshot(page, 'calendar-import-preview');

    await preview.getByRole('button', { name: 'Terapkan impor (4 hari baru)' }).click();
    await waitForText(page.locator('#toast'), '4 hari libur ditambahkan');
    expect((await holidays()).filter((d) => d.startsWith(String(NEXT)))).toEqual([
      `${NEXT}-01-01 Tahun Baru Masehi`,
      `${NEXT}-04-01 Libur Lebaran`,
      `${NEXT}-04-02 Libur Lebaran`,
      `${NEXT}-08-17 Hari Kemerdekaan`,
    ]);
    await section.getByLabel('Tahun', { exact: true }).selectOption(String(NEXT));
    await waitForText(section.locator('tbody tr'), 'Hari Kemerdekaan');
    expect(await section.locator('tbody tr').count()).toBe(4);
  });

  test('When a target is changed in hours and minutes, then the default row of that priority holds the new minutes and the table shows them', async () => {
    const page = await openCalendar();
    const section = page.getByRole('region', { name: 'Target SLA' });
    await waitForText(section, 'jam dinding');
    await section.getByRole('button', { name: 'Ubah target Semua kategori (bawaan) prioritas Tinggi' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Ditugaskan dalam (jam:menit)').fill('1:30');
    await dialog.getByLabel('Mulai dikerjakan dalam (jam:menit)').fill('');
    await dialog.getByRole('button', { name: 'Simpan' }).click();
    await waitForText(page.locator('#toast'), 'Target Semua kategori (bawaan) prioritas Tinggi disimpan.');
    const row = await app.db.kysely
      .selectFrom('sla_targets')
      .selectAll()
      .where('category_id', 'is', null)
      .where('priority', '=', 'tinggi')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ assign_minutes: 90, start_minutes: null, finish_minutes: 960 });
    await waitForText(section.locator('tr[data-category="default"] td'), 'Ditugaskan: 1 j 30 m · Mulai dikerjakan: — · Selesai: 16 j');
  });
});
