/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { assignDirectly, createEmployee, setTicketStatus } from '../support/factories';
import { describeBrowser, launchBrowser, newPage, screenshot, signIn, waitForText, type PageProblems } from '../support/browser';
import { createStaffWithPassword } from '../support/staff-login';
import { startTestApp, type TestApp } from '../support/test-app';

/** An iPhone 12-ish portrait width. */
const PHONE = { width: 390, height: 844 };

describeBrowser('The dashboard on a phone: a one-line header and "Tugas Saya" in two parts', () => {
  let app: TestApp;
  let browser: Browser;
  const opened: { context: { close(): Promise<void> }; problems: PageProblems }[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp('sqlite'), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  afterEach(async () => {
    for (const o of opened.splice(0)) {
      expect(o.problems).toEqual({ errors: [], dialogs: [] });
      await o.context.close();
    }
  });

  async function open(): Promise<Page> {
    const o = await newPage(browser, PHONE);
    opened.push(o);
    return o.page;
  }

  test('When a desk member with a long name signs in at 390 px, then brand, gateway badge, name and Keluar share one line and the menu is one scrolling row', async () => {
    const staf = await createStaffWithPassword(app, { level: 'Administrator', name: 'Raden Ayu Kusumawardhani Prameswari' });
    const page = await open();
    await signIn(page, app.baseUrl, staf.username, staf.password);
    // The badge's real text (longer than "memeriksa…") is what must fit.
    await page.waitForFunction(() => !document.getElementById('gateway-badge')!.textContent!.includes('memeriksa'));
    await screenshot(page, 'phone-header', { fullPage: false });

    const m = await page.evaluate(() => {
      const box = (sel: string) => document.querySelector(sel)!.getBoundingClientRect();
      const style = getComputedStyle(document.querySelector('.topbar')!);
      const lineHeight = parseFloat(getComputedStyle(document.body).lineHeight);
      const parts = ['.brand-name', '#gateway-badge', '#who .user', '#logout'].map(box);
      const links = Array.from(document.querySelectorAll('#nav a')).map((a) => a.getBoundingClientRect());
      const ul = document.querySelector('#nav ul')!;
      return {
        lineHeight,
        // Everything above the menu: the header's own row, padding included.
        rowHeight: box('#nav').top - box('.topbar').top - parseFloat(style.paddingTop),
        sameRow: Math.max(...parts.map((p) => p.top)) < Math.min(...parts.map((p) => p.bottom)),
        visible: parts.every((p) => p.width > 0 && p.right <= window.innerWidth),
        // Brand, badge and name each hold one line of text, none wrapped.
        textHeights: parts.slice(0, 3).map((p) => p.height),
        tallest: Math.max(...parts.map((p) => p.height)),
        menuTops: new Set(links.map((l) => Math.round(l.top))).size,
        menuScrolls: ul.scrollWidth > ul.clientWidth,
        pageWider: document.documentElement.scrollWidth > window.innerWidth,
      };
    });
    expect(m.sameRow).toBe(true);
    expect(m.visible).toBe(true);
    for (const height of m.textHeights) expect(height).toBeLessThan(1.5 * m.lineHeight);
    // One row: as tall as its tallest item (the Keluar button) and its padding; a second row would add a line.
    expect(m.rowHeight).toBeLessThan(m.tallest + m.lineHeight);
    expect(m.menuTops).toBe(1);
    expect(m.menuScrolls).toBe(true);
    expect(m.pageWider).toBe(false);
  });

  test('When a technician has open and finished jobs, then "Tugas Saya" lists the open ones first and the finished and closed ones in a section below, with a non-WhatsApp channel labelled', async () => {
    const tbo = await createStaffWithPassword(app, { level: 'TBO', name: 'Siswanto' });
    const jobs: Record<string, string> = {};
    for (const [key, complaint] of [
      ['done', 'kursi kuliah patah'],
      ['open', 'lampu kelas 3.2 mati'],
      ['closed', 'wastafel mampet'],
      ['waiting', 'plafon lab bahasa rembes'],
    ] as const) {
      const emp = await createEmployee(app.db, {});
      app.clock.advance(60_000);
      await app.say(emp.phone, `#request ${complaint}`);
      jobs[key] = (
        await app.db.kysely.selectFrom('tickets').select('tracking_no').where('complaint', '=', complaint).executeTakeFirstOrThrow()
      ).tracking_no;
      await assignDirectly(app.db, jobs[key]!, tbo.id, null, app.clock.now());
    }
    await setTicketStatus(app.db, jobs.done!, 'selesai');
    await setTicketStatus(app.db, jobs.closed!, 'ditutup');
    await setTicketStatus(app.db, jobs.waiting!, 'pending');
    await app.db.kysely.updateTable('tickets').set({ channel: 'telepon' }).where('tracking_no', '=', jobs.waiting!).execute();

    const page = await open();
    await signIn(page, app.baseUrl, tbo.username, tbo.password);
    const section = (name: string) => page.getByRole('region', { name });
    await waitForText(section('Sedang dikerjakan').locator('tbody tr'), jobs.open!);
    await waitForText(section('Selesai dan ditutup').locator('tbody tr'), jobs.done!);
    await screenshot(page, 'phone-tugas-saya');

    const numbers = (name: string) =>
      section(name)
        .locator('tbody tr')
        .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.trackingNo));
    expect(await numbers('Sedang dikerjakan')).toEqual([jobs.waiting, jobs.open]);
    expect(await numbers('Selesai dan ditutup')).toEqual([jobs.closed, jobs.done]);
    const openBox = await section('Sedang dikerjakan').boundingBox();
    const closedBox = await section('Selesai dan ditutup').boundingBox();
    expect(closedBox!.y).toBeGreaterThanOrEqual(openBox!.y + openBox!.height);
    expect(await page.locator('.channel-tag').allTextContents()).toEqual(['Telepon']);
    expect(await page.locator(`tbody tr[data-tracking-no="${jobs.waiting}"] .channel-tag`).count()).toBe(1);
  });
});

describeBrowser('Monitoring on a phone: the filters fold away', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp('sqlite'), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  test('When the desk opens Monitoring at 390 px, then search and the first ticket are on the first screen, the other filters open on a tap, and a filter in use keeps them open', async () => {
    const staf = await createStaffWithPassword(app, { level: 'Staf', name: 'Desk Ponsel' });
    const emp = await createEmployee(app.db, { name: 'Pelapor Ponsel' });
    await app.say(emp.phone, '#request lampu kelas 3.2 mati');
    const { page, problems, context } = await newPage(browser, PHONE);
    await signIn(page, app.baseUrl, staf.username, staf.password);
    const firstRow = page.locator('tbody tr[data-tracking-no]').first();
    await firstRow.waitFor();
    expect(await page.getByLabel('Cari').isVisible()).toBe(true);
    expect(await page.getByLabel('Prioritas').isVisible()).toBe(false);
    expect((await firstRow.boundingBox())!.y).toBeLessThan(PHONE.height);

    await page.getByText('Saring lainnya').click();
    await page.getByLabel('Prioritas').selectOption('normal');
    await page.waitForFunction(() => location.hash.includes('priority=normal'));
    await page.reload();
    await firstRow.waitFor();
    // A filter in use is never hidden behind the fold.
    expect(await page.getByLabel('Prioritas').isVisible()).toBe(true);
    expect(problems).toEqual({ errors: [], dialogs: [] });
    await context.close();
  });
});
