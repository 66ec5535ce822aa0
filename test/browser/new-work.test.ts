/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { assignDirectly, createEmployee } from '../support/factories';
import { describeBrowser, launchBrowser, newPage, screenshot, signIn, waitForText, type PageProblems } from '../support/browser';
import { sayToInbox } from '../support/inbox-seed';
import { createStaffWithPassword } from '../support/staff-login';
import { startTestApp, type TestApp } from '../support/test-app';

describeBrowser('New work in the dashboard without a reload: title count, menu badges, marked rows', () => {
  let app: TestApp;
  let browser: Browser;
  const opened: { context: { close(): Promise<void> }; problems: PageProblems }[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp('sqlite'), launchBrowser()]);
  });
  afterAll(async () => {
    for (const o of opened) await o.context.close();
    await browser?.close();
    await app?.close();
  });
  // Each context is closed before the next step: a close left running would be cut short by
  // afterAll's browser.close() and reject into whichever test jest was on.
  afterEach(async () => {
    for (const o of opened.splice(0)) {
      await o.context.close();
      expect(o.problems).toEqual({ errors: [], dialogs: [] });
    }
  });

  async function open(): Promise<Page> {
    const o = await newPage(browser);
    opened.push(o);
    return o.page;
  }

  /** Waits until the new-work loop has taken its first look, so what comes after counts as new. */
  async function primed(page: Page, staffId: string) {
    await page.waitForFunction((id) => JSON.parse(localStorage.getItem(`wa-ticketing.newWork.${id}`) ?? '{}').primed === true, staffId);
  }

  async function trackingNoOf(phone: string): Promise<string> {
    const row = await app.db.kysely
      .selectFrom('tickets')
      .select('tracking_no')
      .where('reporter_phone', '=', phone)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    return row.tracking_no;
  }

  const marked = (row: ReturnType<Page['locator']>) => row.evaluate((el) => el.classList.contains('row-new'));
  const badge = (page: Page, href: string) => page.locator(`#nav a[href="${href}"] .nav-badge`);

  test('When a ticket arrives by WhatsApp while the desk is on another page, then the title and the Monitoring badge count it; Monitoring clears the count and marks the row until the ticket is opened', async () => {
    const staf = await createStaffWithPassword(app, { level: 'Staf' });
    const marta = await createEmployee(app.db, { name: 'R Marta Dinata' });
    await app.say(marta.phone, '#request kran toilet lantai 2 bocor');
    const older = await trackingNoOf(marta.phone);
    const page = await open();
    await signIn(page, app.baseUrl, staf.username, staf.password);
    await primed(page, staf.id);
    await page.locator('#nav a[href="#/pegawai"]').click();
    await page
      .getByRole('heading', { name: /Pegawai/ })
      .first()
      .waitFor();
    expect(await page.title()).not.toMatch(/^\(/);

    const shemin = await createEmployee(app.db, { name: 'She Min Ah' });
    await app.say(shemin.phone, '#request AC ruang rapat bocor');
    const fresh = await trackingNoOf(shemin.phone);
    await page.waitForFunction(() => document.title.startsWith('(1) '));
    expect(await page.title()).toBe('(1) Data Pegawai — wa-ticketing');
    expect(await badge(page, '#/monitoring').textContent()).toBe('1');
    await screenshot(page, 'new-work-badge', { fullPage: false });

    await page.locator('#nav a[href="#/monitoring"]').click();
    const row = page.locator(`tbody tr[data-tracking-no="${fresh}"]`);
    await row.waitFor();
    await page.waitForFunction(() => !document.title.startsWith('('));
    expect(await badge(page, '#/monitoring').count()).toBe(0);
    expect(await marked(row)).toBe(true);
    expect(await row.locator('.new-tag').textContent()).toBe('baru');
    expect(await marked(page.locator(`tbody tr[data-tracking-no="${older}"]`))).toBe(false);

    // A reload keeps the mark: it is remembered until the ticket is opened.
    await page.reload();
    await waitForText(page.locator('tbody tr.row-new'), fresh);
    await row.getByRole('link', { name: fresh }).click();
    await waitForText(page.locator('main'), 'AC ruang rapat bocor');
    await page.goBack();
    await row.waitFor();
    expect(await marked(row)).toBe(false);
    expect(await row.locator('.new-tag').count()).toBe(0);
  });

  test('When the desk turns on notifications and the sound, then permission is asked only on the click, both are remembered, and a new ticket makes a desktop notification', async () => {
    const staf = await createStaffWithPassword(app, { level: 'Staf' });
    const page = await open();
    // A stand-in for the Notification API that records what the page does with it, in a window without focus.
    await page.addInitScript(() => {
      const w = window as unknown as { asked: number; shown: string[] };
      w.asked = 0;
      w.shown = [];
      class FakeNotification {
        static permission = localStorage.getItem('fake.permission') ?? 'default';
        static requestPermission() {
          w.asked += 1;
          FakeNotification.permission = 'granted';
          localStorage.setItem('fake.permission', 'granted');
          return Promise.resolve('granted');
        }
        onclick: (() => void) | null = null;
        constructor(_title: string, o: { body: string }) {
          w.shown.push(o.body);
        }
        close() {}
      }
      Object.assign(window, { Notification: FakeNotification });
      document.hasFocus = () => false;
    });
    await signIn(page, app.baseUrl, staf.username, staf.password);
    await primed(page, staf.id);
    const ask = page.getByRole('button', { name: 'Aktifkan notifikasi' });
    await ask.waitFor();
    expect(await page.evaluate(() => (window as unknown as { asked: number }).asked)).toBe(0);

    await ask.click();
    await waitForText(page.locator('.new-work-controls'), 'Notifikasi desktop aktif');
    expect(await ask.isHidden()).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { asked: number }).asked)).toBe(1);
    await page.getByLabel('Bunyi saat ada yang masuk').check();
    await page.reload();
    await page.getByRole('heading', { name: 'Data Monitoring' }).waitFor();
    expect(await page.getByLabel('Bunyi saat ada yang masuk').isChecked()).toBe(true);
    expect(await ask.isHidden()).toBe(true);
    await primed(page, staf.id);

    const emp = await createEmployee(app.db, {});
    await app.say(emp.phone, '#request proyektor lab komputer 2 tidak menyala');
    const no = await trackingNoOf(emp.phone);
    await page.waitForFunction(() => (window as unknown as { shown: string[] }).shown.length > 0);
    expect(await page.evaluate(() => (window as unknown as { shown: string[] }).shown)).toEqual([`1 laporan baru (${no})`]);
    // Asked once, on the click before the reload; never again on load.
    expect(await page.evaluate(() => (window as unknown as { asked: number }).asked)).toBe(0);
  });

  test('When a plain message waits in the inbox, then the Kotak Masuk badge and the title count it until the inbox is opened', async () => {
    const staf = await createStaffWithPassword(app, { level: 'Administrator' });
    const page = await open();
    await signIn(page, app.baseUrl, staf.username, staf.password);
    await primed(page, staf.id);
    // The loop compares each summary with the one before: let it take one.
    await page.waitForResponse((r) => r.url().endsWith('/api/conversations/summary') && r.ok());

    await sayToInbox(app, '6281377788899', 'Selamat siang, apakah ruang 204 bisa dipakai besok?');
    await page.waitForFunction(() => document.querySelector('#nav a[href="#/kotak-masuk"] .nav-badge') !== null);
    expect(Number(await badge(page, '#/kotak-masuk').textContent())).toBeGreaterThan(0);
    expect(await page.title()).toMatch(/^\(\d+\) /);

    await page.locator('#nav a[href="#/kotak-masuk"]').click();
    await page.waitForFunction(() => !document.querySelector('#nav a[href="#/kotak-masuk"] .nav-badge') && !document.title.startsWith('('));
  });

  test('When a technician is given a job while signed in, then "Tugas Saya" gets the badge and the job is marked', async () => {
    const tbo = await createStaffWithPassword(app, { level: 'TBO', name: 'Siswanto' });
    const [first, second] = [await createEmployee(app.db, {}), await createEmployee(app.db, {})];
    await app.say(first.phone, '#request stop kontak ruang dosen longgar');
    const earlier = await trackingNoOf(first.phone);
    await assignDirectly(app.db, earlier, tbo.id, null, app.clock.now());
    await app.say(second.phone, '#request lampu kelas 3.2 mati');
    const no = await trackingNoOf(second.phone);
    const page = await open();
    await signIn(page, app.baseUrl, tbo.username, tbo.password);
    await primed(page, tbo.id);

    // Open jobs come first, finished ones apart: both sections are there.
    await page.getByRole('heading', { name: 'Sedang dikerjakan' }).waitFor();
    await page.getByRole('heading', { name: 'Selesai dan ditutup' }).waitFor();
    // The technician is looking at their earlier job when the new one is given.
    await page.getByRole('link', { name: earlier }).click();
    await waitForText(page.locator('main'), 'stop kontak ruang dosen longgar');
    await assignDirectly(app.db, no, tbo.id, null, app.clock.now());
    await page.waitForFunction(() => document.querySelector('#nav a[href="#/monitoring"] .nav-badge')?.textContent === '1');
    await page.locator('#nav a[href="#/monitoring"]').click();
    await waitForText(page.locator('tbody tr.row-new'), no);
  });
});
