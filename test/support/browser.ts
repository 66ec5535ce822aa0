/// <reference lib="dom" />
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { projectRoot } from '../../src/shared/paths';

/** Debian's chromium; a browser is never downloaded. */
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

/** Screenshots of every page, for people to look at (gitignored). */
const ARTIFACTS = join(projectRoot, 'test-artifacts');

/**
 * Declares a browser suite only where chromium exists. Without it, outside CI, nothing is
 * declared and a notice says why (a skipped test would fail CI's result check); in CI
 * (`CI=true`) a missing chromium is a failing test.
 */
export function describeBrowser(name: string, fn: () => void): void {
  if (CHROMIUM) {
    describe(name, () => {
      // A browser test signs in (argon2) and drives several pages: on a machine busy with the rest of
      // the suite it can outlast jest's 30 s while nothing is wrong. Its own waits still fail at 10 s.
      jest.setTimeout(90_000);
      fn();
    });
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      test('chromium is installed (required in CI)', () => {
        throw new Error('/usr/bin/chromium is missing: the dashboard browser tests need it in CI (apt-get install chromium)');
      });
    });
    return;
  }
  console.warn(`NOTICE: browser tests "${name}" skipped: /usr/bin/chromium is absent (Debian: apt-get install chromium).`);
  // Skipped rather than left out: a file whose only suite is this one would otherwise hold no test,
  // which jest counts as a failed suite.
  describe.skip(name, fn);
}

/** Headless Debian chromium, as the CSP-bound dashboard needs nothing else. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM!,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** What a page did that it should not: script errors, CSP violations, failed requests, browser dialogs. */
export interface PageProblems {
  errors: string[];
  dialogs: string[];
}

/**
 * A new context (its own sessionStorage, so its own sign-in) with a page that polls every
 * 300 ms and records script errors, console errors (CSP reports land there) and dialogs.
 */
export async function newPage(
  browser: Browser,
  o: { width?: number; height?: number } = {},
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({
    viewport: { width: o.width ?? 1280, height: o.height ?? 900 },
    acceptDownloads: true,
    locale: 'id-ID',
    timezoneId: 'UTC',
  });
  await context.addInitScript(() => localStorage.setItem('wa-ticketing.pollMs', '300'));
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems: PageProblems = { errors: [], dialogs: [] };
  page.on('pageerror', (err) => problems.errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    // 4xx answers the page handles itself (a TBO's 404, a 409) are logged by chromium as resource errors.
    if (msg.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text()))
      problems.errors.push(`console: ${msg.text()}`);
  });
  page.on('dialog', (dialog) => {
    problems.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return { context, page, problems };
}

/** Signs in through the login form and waits for the Monitoring page. */
export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/#/login`);
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.locator('#user-name').filter({ hasText: /\S/ }).waitFor();
  await page.locator('main .view h1').first().waitFor();
}

/** Saves a full-page screenshot as test-artifacts/<name>.png. */
export async function screenshot(page: Page, name: string, o: { fullPage?: boolean; path?: string } = {}): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = o.path ?? join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: o.fullPage ?? true });
  return path;
}

/**
 * Waits until an element of `locator` contains `text` (Playwright's own waiting: no sleeps).
 * `attached` for elements that are never "visible", such as a select's options.
 */
export function waitForText(locator: Locator, text: string | RegExp, state: 'visible' | 'attached' = 'visible'): Promise<void> {
  return locator.filter({ hasText: text }).first().waitFor({ state });
}

/** Waits until `selector` matches exactly `count` elements. */
export async function waitForCount(page: Page, selector: string, count: number): Promise<void> {
  await page.waitForFunction(([s, n]) => document.querySelectorAll(s).length === n, [selector, count] as const);
}
