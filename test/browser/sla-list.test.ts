/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { createEmployee } from '../support/factories';
import { describeBrowser, launchBrowser, newPage, signIn, waitForText, type PageProblems } from '../support/browser';
import { createStaffWithPassword } from '../support/staff-login';
import { startTestApp, type TestApp } from '../support/test-app';
import { HOUR, wib } from '../api/ticket-fixtures';

const NOW = wib(2026, 12, 1, 10, 0); // a Tuesday morning, inside working hours
const MINUTE = 60_000;

describeBrowser('Categories, priorities and due times in the dashboard', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  let problems: PageProblems;
  const no: Record<string, string> = {};

  /** Files a ticket by WhatsApp and remembers its number under `key`. */
  async function file(key: string, phone: string, complaint: string) {
    await app.say(phone, `#request ${complaint}`);
    no[key] = (
      await app.db.kysely.selectFrom('tickets').select('tracking_no').where('complaint', '=', complaint).executeTakeFirstOrThrow()
    ).tracking_no;
  }

  /** The running clock is "assign", due at `dueAt` (set directly: this suite tests the display, not the clock code). */
  async function dueAt(key: string, at: number) {
    await app.db.kysely
      .updateTable('tickets')
      .set({ due_assign_at: at, sla_due_at: at, next_alert_at: null })
      .where('tracking_no', '=', no[key]!)
      .execute();
  }

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp('sqlite'), launchBrowser()]);
    const admin = await createStaffWithPassword(app, { level: 'Administrator', name: 'Dery Dehaelt' });
    const marta = await createEmployee(app.db, { name: 'R Marta Dinata', phone: '6282111476069' });
    const febri = await createEmployee(app.db, { name: 'Febriansyah', phone: '6281294403603' });
    app.clock.set(NOW - 2 * HOUR);
    await file('asap', marta.phone, 'stop kontak di lab 2 korslet, keluar asap');
    await file('ac', febri.phone, 'AC ruang rapat bocor, air menetes ke lantai');
    await file('wifi', marta.phone, 'wifi perpustakaan lemot');
    app.clock.set(NOW);
    await dueAt('asap', NOW - 35 * MINUTE);
    await dueAt('ac', NOW + 40 * MINUTE);
    await dueAt('wifi', NOW + 5 * HOUR);
    // The reminder of the AC ticket's running clock went out: it is "hampir terlambat".
    const ac = await app.db.kysely.selectFrom('tickets').select('id').where('tracking_no', '=', no.ac!).executeTakeFirstOrThrow();
    await app.db.kysely
      .insertInto('sla_alerts')
      .values({ ticket_id: ac.id, clock: 'assign', level: 'reminder', target: null, sent_at: NOW - 20 * MINUTE })
      .execute();

    ({ page, problems } = await newPage(browser));
    await signIn(page, app.baseUrl, admin.username, admin.password);
  }, 60_000);
  afterEach(() => expect(problems).toEqual({ errors: [], dialogs: [] }));
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const rowOf = (key: string) => page.locator(`tbody tr[data-tracking-no="${no[key]}"]`);
  const shownNumbers = () =>
    page.locator('tbody tr[data-tracking-no]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.trackingNo));

  test('When the Monitoring is opened, then each row shows its category, priority and due, with "terlambat" and "hampir terlambat" in words', async () => {
    await page.goto(`${app.baseUrl}/#/monitoring`);
    await rowOf('wifi').waitFor();

    const asap = rowOf('asap');
    await waitForText(asap.locator('td[data-label="Kategori"]'), 'Listrik');
    await waitForText(asap.locator('td[data-label="Prioritas"] .priority-darurat'), 'Darurat');
    await waitForText(asap.locator('td[data-label="Batas"] .due-late'), 'terlambat');
    await waitForText(rowOf('ac').locator('td[data-label="Batas"] .due-soon'), 'hampir terlambat');
    await waitForText(rowOf('ac').locator('td[data-label="Kategori"]'), 'AC/Pendingin');
    await waitForText(rowOf('ac').locator('td[data-label="Prioritas"] .priority-tinggi'), 'Tinggi');
    // On time: the due time alone, no marker.
    expect(await rowOf('wifi').locator('.due-mark').count()).toBe(0);
    await waitForText(rowOf('wifi').locator('td[data-label="Kategori"]'), 'Jaringan & IT');
  });

  test('When the due filter is set to "Terlambat" or the list is sorted by due, then only the late ticket or the nearest due first', async () => {
    await page.goto(`${app.baseUrl}/#/monitoring`);
    await rowOf('wifi').waitFor();
    await page.getByLabel('Batas waktu').selectOption('late');
    await page.waitForFunction(() => document.querySelectorAll('tbody tr[data-tracking-no]').length === 1);
    expect(await shownNumbers()).toEqual([no.asap]);
    expect(page.url()).toContain('due=late');

    await page.getByLabel('Batas waktu').selectOption('soon');
    await page.waitForFunction((n) => {
      const rows = document.querySelectorAll<HTMLElement>('tbody tr[data-tracking-no]');
      return rows.length === 1 && rows[0]!.dataset.trackingNo === n;
    }, no.ac!);

    await page.getByLabel('Batas waktu').selectOption('');
    await page.getByRole('button', { name: /^Batas/ }).click(); // first press: descending
    await page.getByRole('button', { name: /^Batas/ }).click(); // then ascending: the nearest due first
    await page.waitForFunction(
      (expected) =>
        JSON.stringify(Array.from(document.querySelectorAll<HTMLElement>('tbody tr[data-tracking-no]'), (r) => r.dataset.trackingNo)) ===
        JSON.stringify(expected),
      [no.asap, no.ac, no.wifi],
    );
  });

  test("When the desk changes a ticket's priority on its page, then the page shows it, its due and what is left, and the history says so", async () => {
    await page.goto(`${app.baseUrl}/#/tiket/${no.wifi}`);
    const sla = page.getByRole('region', { name: 'Batas waktu (SLA)' });
    await waitForText(sla, /sisa 5 jam kerja/);
    await waitForText(page.locator('.facts .priority-normal'), 'Normal');

    const form = page.getByRole('form', { name: 'Kategori dan prioritas' });
    await form.getByLabel('Prioritas').selectOption('darurat');
    await form.getByRole('button', { name: 'Simpan' }).click();

    await waitForText(page.locator('.facts .priority-darurat'), 'Darurat');
    await waitForText(page.locator('.timeline li[data-kind="classification"]'), 'Prioritas: Darurat.');
    // Darurat runs on the wall clock: its dues are computed again from the report, 2 hours ago.
    await waitForText(sla, '24 jam (darurat)');
    const row = await app.db.kysely
      .selectFrom('tickets')
      .select(['priority', 'due_finish_at'])
      .where('tracking_no', '=', no.wifi!)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ priority: 'darurat', due_finish_at: NOW - 2 * HOUR + 240 * MINUTE });
  });

  test('When an Administrator adds, edits and deactivates a category on the Kategori page, then the table follows and the Monitoring filter offers it', async () => {
    await page.goto(`${app.baseUrl}/#/kategori`);
    await page.getByRole('heading', { name: 'Kategori' }).waitFor();
    await waitForText(page.locator('tbody tr[data-code="listrik"]'), 'stop kontak');

    await page.getByRole('button', { name: 'Tambah kategori' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Kode *').fill('lift');
    await dialog.getByLabel('Nama *').fill('Lift');
    await dialog.getByLabel('Kata kunci').fill('lift, elevator , lift macet');
    await dialog.getByLabel('Penanggung jawab (WhatsApp)').fill('bukan nomor');
    await dialog.getByRole('button', { name: 'Simpan' }).click();
    await dialog.getByRole('alert').filter({ hasText: /\S/ }).waitFor();
    await dialog.getByLabel('Penanggung jawab (WhatsApp)').fill('0812 3456 7890');
    await dialog.getByRole('button', { name: 'Simpan' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.locator('tbody tr[data-code="lift"]');
    await waitForText(row, 'lift, elevator, lift macet');
    await waitForText(row, '6281234567890');

    await row.getByRole('button', { name: 'Ubah Lift' }).click();
    await page.getByRole('dialog').getByLabel('Prioritas bawaan').selectOption('tinggi');
    await page.getByRole('dialog').getByRole('button', { name: 'Simpan' }).click();
    await waitForText(row.locator('.priority-tinggi'), 'Tinggi');

    await page.goto(`${app.baseUrl}/#/monitoring`);
    await waitForText(page.getByLabel('Kategori').locator('option'), 'Lift', 'attached');

    await page.goto(`${app.baseUrl}/#/kategori`);
    await row.getByRole('button', { name: 'Nonaktifkan Lift' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Nonaktifkan' }).click();
    await waitForText(row, 'Tidak aktif');
    const stored = await app.db.kysely.selectFrom('categories').selectAll().where('code', '=', 'lift').executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ active: 0, default_priority: 'tinggi', keywords: 'lift,elevator,lift macet' });
  });
});
