/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { createEmployee } from '../support/factories';
import { describeBrowser, launchBrowser, newPage, signIn, waitForText, type PageProblems } from '../support/browser';
import { createStaffWithPassword } from '../support/staff-login';
import { startTestApp, type TestApp } from '../support/test-app';
import { wib } from '../api/ticket-fixtures';

describeBrowser('Merging a ticket on the ticket page', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  let problems: PageProblems;
  const no: Record<string, string> = {};

  async function file(key: string, name: string, complaint: string) {
    const reporter = await createEmployee(app.db, { name });
    await app.say(reporter.phone, `#request ${complaint}`);
    no[key] = (
      await app.db.kysely.selectFrom('tickets').select('tracking_no').where('complaint', '=', complaint).executeTakeFirstOrThrow()
    ).tracking_no;
  }

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp('sqlite'), launchBrowser()]);
    app.clock.set(wib(2026, 12, 1, 9, 0));
    const admin = await createStaffWithPassword(app, { level: 'Administrator', name: 'Dery Dehaelt', id: 'ADM01' });
    await file('main', 'Siti Aminah', 'lampu aula mati');
    await file('second', 'Budi Santoso', 'aula gelap, lampu mati semua');
    ({ page, problems } = await newPage(browser));
    await signIn(page, app.baseUrl, admin.username, admin.password);
  }, 60_000);
  afterEach(() => expect(problems).toEqual({ errors: [], dialogs: [] }));
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  test('When the desk merges a ticket into the main one, then it shows a banner to it, and the main ticket lists its new follower and the merged ticket', async () => {
    await page.goto(`${app.baseUrl}/#/tiket/${no.second}`);
    const form = page.getByRole('form', { name: 'Gabungkan ke…' });
    await form.getByLabel('Nomor tiket utama').fill(no.main!.toLowerCase());
    await form.getByRole('button', { name: 'Gabungkan' }).click();
    const dialog = page.getByRole('dialog');
    await waitForText(dialog, `Gabungkan tiket ${no.second} ke ${no.main}?`);
    await dialog.getByRole('button', { name: 'Gabungkan' }).click();

    const banner = page.locator('.merged-banner');
    await waitForText(banner, `Tiket ini digabungkan ke ${no.main}`);
    expect(await form.isHidden()).toBe(true);
    await waitForText(page.locator('body'), `Digabungkan ke laporan ${no.main} oleh Dery Dehaelt.`);

    await banner.getByRole('link', { name: no.main }).click();
    const followers = page.getByRole('region', { name: 'Pengikut dan tiket yang digabungkan' });
    await waitForText(followers, 'Budi Santoso');
    await waitForText(followers.locator('.merged-list'), no.second!);
    expect(await page.locator('.merged-banner').isHidden()).toBe(true);
    const merges = await app.db.kysely.selectFrom('ticket_merges').selectAll().execute();
    expect(merges).toHaveLength(1);
  });

  test('When the main ticket is named as its own target, then the refusal is said in Indonesian and nothing is merged', async () => {
    await page.goto(`${app.baseUrl}/#/tiket/${no.main}`);
    const form = page.getByRole('form', { name: 'Gabungkan ke…' });
    await form.getByLabel('Nomor tiket utama').fill(no.main!);
    await form.getByRole('button', { name: 'Gabungkan' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Gabungkan' }).click();
    await waitForText(form.locator('.form-error'), 'Tiket tidak dapat digabungkan ke dirinya sendiri.');
    expect(await app.db.kysely.selectFrom('ticket_merges').selectAll().execute()).toHaveLength(1);
  });
});
