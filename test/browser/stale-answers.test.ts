/// <reference lib="dom" />
import type { Browser, Page, Request, Route } from 'playwright-core';
import { describeBrowser, launchBrowser, newPage, signIn, waitForText, type PageProblems } from '../support/browser';
import { createEmployee } from '../support/factories';
import { createStaffWithPassword } from '../support/staff-login';
import { startTestApp, type TestApp } from '../support/test-app';
import { insertTickets, wib } from '../api/ticket-fixtures';

/**
 * A page asks again while its last answer is still on the way (a period changed while the first
 * figures load, a search typed on). The requests are held in the browser and let go in the wrong
 * order: whatever arrives last, the page shows the answer to the newest question.
 */
describeBrowser('Answers arriving late or out of order in the dashboard', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp('sqlite'), launchBrowser()]);
    const admin = await createStaffWithPassword(app, { level: 'Administrator', name: 'Dery Dehaelt' });
    await insertTickets(app, 12, 'BRT2408', (i) => ({ created_at: wib(2024, 8, 1 + i, 8) }));
    await insertTickets(app, 3, 'BRT2409', (i) => ({ created_at: wib(2024, 9, 2 + i, 9) }));
    for (const name of ['Ani Lestari', 'Anita Sari', 'Budi Santoso']) await createEmployee(app.db, { name });
    ({ page, problems } = await newPage(browser));
    await signIn(page, app.baseUrl, admin.username, admin.password);
  }, 60_000);
  afterEach(() => expect(problems).toEqual({ errors: [], dialogs: [] }));
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Holds every request to `pattern` until the test lets it go; `next()` is the next one held. */
  async function hold(pattern: string) {
    const waiting: ((r: Route) => void)[] = [];
    const queued: Route[] = [];
    await page.route(pattern, (route) => {
      const w = waiting.shift();
      if (w) w(route);
      else queued.push(route);
    });
    return {
      next: () => (queued.length ? Promise.resolve(queued.shift()!) : new Promise<Route>((r) => waiting.push(r))),
      release: () => page.unroute(pattern),
    };
  }

  /** How `request` ended: answered, or given up by the page. */
  const outcome = (request: Request) =>
    new Promise<string>((resolve) => {
      page.on('requestfinished', (r) => r === request && resolve('answered'));
      page.on('requestfailed', (r) => r === request && resolve(`given up (${r.failure()?.errorText})`));
    });

  /** Lets a held request through; one the page gave up on may be gone already. */
  const letGo = (route: Route) => route.continue().catch(() => undefined);

  const totalIs = (n: number) => waitForText(page.locator('.stat', { hasText: 'Total tiket' }), new RegExp(`^Total tiket${n}$`));

  test('When dates are typed while Statistik still loads, then its first answer leaves them alone, and only the newest period’s figures are shown', async () => {
    const stats = await hold('**/api/stats?*');
    await page.getByRole('link', { name: 'Statistik' }).click();
    const first = await stats.next();
    await page.getByLabel('Dari tanggal').fill('2024-08-01');
    await page.getByLabel('Sampai tanggal').fill('2024-09-30');
    await letGo(first);
    await page.getByText('Tidak ada tiket pada periode ini.').waitFor();
    expect([await page.getByLabel('Dari tanggal').inputValue(), await page.getByLabel('Sampai tanggal').inputValue()]).toEqual([
      '2024-08-01',
      '2024-09-30',
    ]);

    // September alone is asked, then August to September; September's answer comes last.
    await page.getByLabel('Dari tanggal').fill('2024-09-01');
    await page.getByRole('button', { name: 'Tampilkan' }).click();
    const september = await stats.next();
    const septemberEnded = outcome(september.request());
    await page.getByLabel('Dari tanggal').fill('2024-08-01');
    await page.getByRole('button', { name: 'Tampilkan' }).click();
    await letGo(await stats.next());
    await totalIs(15);
    await letGo(september);
    expect(await septemberEnded).toBe('given up (net::ERR_ABORTED)');
    await totalIs(15);
    expect(page.url()).toContain('from=2024-08-01&to=2024-09-30');
    await stats.release();
  });

  test('When a search is typed on while the shorter one is still answering, then the list shows the longer search’s people', async () => {
    await page.getByRole('link', { name: 'Pegawai', exact: true }).click();
    await waitForText(page.locator('tbody tr'), 'Budi Santoso');
    const employees = await hold('**/api/employees?*');
    await page.getByRole('searchbox', { name: 'Cari' }).fill('Ani');
    const short = await employees.next();
    const shortEnded = outcome(short.request());
    await page.getByRole('searchbox', { name: 'Cari' }).fill('Anita');
    await letGo(await employees.next());
    await page.locator('tbody tr', { hasText: 'Ani Lestari' }).waitFor({ state: 'detached' });
    await letGo(short);
    expect(await shortEnded).toBe('given up (net::ERR_ABORTED)');
    expect(await page.locator('tbody tr').allTextContents()).toEqual([expect.stringContaining('Anita Sari')]);
    await employees.release();
  });
});
