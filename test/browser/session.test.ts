/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { createEmployee } from '../support/factories';
import { describeBrowser, launchBrowser, newPage, signIn, waitForText, type PageProblems } from '../support/browser';
import { createStaffWithPassword } from '../support/staff-login';
import { startTestApp, type TestApp } from '../support/test-app';

describeBrowser('The dashboard session across tabs', () => {
  let app: TestApp;
  let browser: Browser;
  const contexts: { close(): Promise<void> }[] = [];
  const problemsSeen: PageProblems[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp('sqlite'), launchBrowser()]);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await app?.close();
  });
  afterEach(() => {
    for (const p of problemsSeen.splice(0)) expect(p).toEqual({ errors: [], dialogs: [] });
  });

  test('When a ticket link is opened in a new tab of a signed-in browser, then it opens signed in, and the page script never sees the token', async () => {
    const admin = await createStaffWithPassword(app, { level: 'Staf', name: 'Nikolai Gordyer' });
    const emp = await createEmployee(app.db, { name: 'R Marta Dinata' });
    await app.say(emp.phone, '#request proyektor ruang 3.1 tidak menyala');
    const { tracking_no: no } = await app.db.kysely
      .selectFrom('tickets')
      .select('tracking_no')
      .where('reporter_phone', '=', emp.phone)
      .executeTakeFirstOrThrow();

    const { context, page, problems } = await newPage(browser);
    contexts.push(context);
    problemsSeen.push(problems);
    await signIn(page, app.baseUrl, admin.username, admin.password);

    const tab = await context.newPage();
    await tab.goto(`${app.baseUrl}/#/tiket/${no}`);
    await waitForText(tab.locator('main'), no);
    expect(await tab.locator('#user-name').textContent()).toBe('Nikolai Gordyer');
    expect(await tab.getByRole('heading', { name: 'Masuk ke Dasbor' }).count()).toBe(0);

    const cookie = (await context.cookies()).find((c) => c.name === 'wa_ticketing_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(await tab.evaluate(() => document.cookie)).not.toContain('wa_ticketing_session');
    expect(await tab.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }))).not.toContain(cookie!.value);
  });

  test('When one tab signs out, then the other tab of the same browser is asked to sign in at its next refresh', async () => {
    const staf = await createStaffWithPassword(app, { level: 'Staf' });
    const { context, page, problems } = await newPage(browser);
    contexts.push(context);
    problemsSeen.push(problems);
    await signIn(page, app.baseUrl, staf.username, staf.password);
    const tab = await context.newPage();
    await tab.goto(`${app.baseUrl}/#/monitoring`);
    await tab.locator('#user-name').filter({ hasText: /\S/ }).waitFor();

    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.getByRole('heading', { name: 'Masuk ke Dasbor' }).waitFor();
    await tab.getByRole('heading', { name: 'Masuk ke Dasbor' }).waitFor();
    expect((await context.cookies()).find((c) => c.name === 'wa_ticketing_session')).toBeUndefined();
  });
});
