/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { createEmployee } from '../support/factories';
import { describeBrowser, launchBrowser, newPage, signIn, waitForCount, waitForText, type PageProblems } from '../support/browser';
import { createStaffWithPassword } from '../support/staff-login';
import { startTestApp, type TestApp } from '../support/test-app';
import { wib } from '../api/ticket-fixtures';

describeBrowser("A ticket's place in the browser", () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  let problems: PageProblems;
  const ids: Record<string, number> = {};
  const no: Record<string, string> = {};

  async function place(code: string, kind: 'building' | 'floor' | 'room', name: string, parent: string | null) {
    const now = app.clock.now();
    const r = await app.db.kysely
      .insertInto('places')
      .values({ kind, code, name, parent_id: parent ? ids[parent]! : null, aliases: '', active: 1, created_at: now, updated_at: now })
      .executeTakeFirstOrThrow();
    ids[code] = Number(r.insertId);
  }

  async function file(key: string, phone: string, complaint: string) {
    await app.say(phone, `#request ${complaint}`);
    no[key] = (
      await app.db.kysely.selectFrom('tickets').select('tracking_no').where('complaint', '=', complaint).executeTakeFirstOrThrow()
    ).tracking_no;
  }

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp('sqlite'), launchBrowser()]);
    app.clock.set(wib(2026, 12, 1, 9, 0));
    const admin = await createStaffWithPassword(app, { level: 'Administrator', name: 'Dery Dehaelt', id: 'ADM01' });
    const marta = await createEmployee(app.db, { name: 'R Marta Dinata', phone: '6282111476069' });
    await place('GA', 'building', 'Gedung A', null);
    await place('R-3.2', 'room', 'Kelas 3.2', 'GA');
    await place('GB', 'building', 'Gedung B', null);
    await place('B-204', 'room', 'Ruang 204', 'GB');
    await file('lampu', marta.phone, 'lampu kelas 3.2 mati');
    await file('ac', marta.phone, 'AC ruang 204 bocor');
    await file('kran', marta.phone, 'kran wastafel bocor');
    ({ page, problems } = await newPage(browser));
    await signIn(page, app.baseUrl, admin.username, admin.password);
  }, 60_000);
  afterEach(() => expect(problems).toEqual({ errors: [], dialogs: [] }));
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const placeCell = (trackingNo: string) => page.locator(`tr[data-tracking-no="${trackingNo}"] td[data-label="Tempat"]`);

  test('When Monitoring lists tickets, then each shows its place, and the place filter keeps a building with its rooms', async () => {
    await page.goto(`${app.baseUrl}/#/monitoring`);
    await waitForText(placeCell(no.lampu!), 'R-3.2');
    await waitForText(placeCell(no.ac!), 'B-204');
    await waitForText(placeCell(no.kran!), '—');

    await page.getByLabel('Tempat', { exact: true }).selectOption(String(ids.GB));
    await waitForCount(page, 'tbody tr[data-tracking-no]', 1);
    await waitForText(placeCell(no.ac!), 'B-204');
    expect(page.url()).toContain(`place=${ids.GB}`);
  });

  test('When the desk changes the place on the ticket page, then it is saved and shown in the facts and the history', async () => {
    await page.goto(`${app.baseUrl}/#/tiket/${no.kran}`);
    const form = page.getByRole('form', { name: 'Tempat' });
    await form.getByLabel('Tempat').selectOption(String(ids['B-204']));
    await form.getByRole('button', { name: 'Simpan' }).click();
    await waitForText(page.locator('dd'), 'Gedung B › Ruang 204 (B-204)');
    await waitForText(page.locator('body'), 'Tempat laporan diubah menjadi Gedung B › Ruang 204 (B-204).');
    const row = await app.db.kysely.selectFrom('tickets').select('place_id').where('tracking_no', '=', no.kran!).executeTakeFirstOrThrow();
    expect(row.place_id).toBe(ids['B-204']);
  });
});
