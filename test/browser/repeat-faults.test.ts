/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, launchBrowser, newPage, signIn, waitForText, type PageProblems } from '../support/browser';
import { createStaffWithPassword } from '../support/staff-login';
import { startTestApp, type TestApp } from '../support/test-app';
import { DAY, HOUR, insertTickets } from '../api/ticket-fixtures';

describeBrowser('Kerusakan Berulang in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  let problems: PageProblems;

  /** Gedung Kuliah: Lantai 1 with R-1.1 (three Listrik tickets: berulang) and R-1.2 (one), Lantai 2 with R-2.1 (none). */
  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp('sqlite'), launchBrowser()]);
    const admin = await createStaffWithPassword(app, { level: 'Staf', name: 'Rina' });
    const now = app.clock.now();
    const place = async (kind: 'building' | 'floor' | 'room', code: string, name: string, parent: number | null) =>
      Number(
        (
          await app.db.kysely
            .insertInto('places')
            .values({ kind, code, name, parent_id: parent, aliases: '', active: 1, created_at: now, updated_at: now })
            .executeTakeFirstOrThrow()
        ).insertId,
      );
    const b = await place('building', 'GK', 'Gedung Kuliah', null);
    const f1 = await place('floor', 'GK-1', 'Lantai 1', b);
    const f2 = await place('floor', 'GK-2', 'Lantai 2', b);
    const r11 = await place('room', 'R-1.1', 'Ruang 1.1', f1);
    const r12 = await place('room', 'R-1.2', 'Ruang 1.2', f1);
    await place('room', 'R-2.1', 'Ruang 2.1', f2);
    const listrik = Number(
      (await app.db.kysely.selectFrom('categories').select('id').where('code', '=', 'listrik').executeTakeFirstOrThrow()).id,
    );
    const at = (days: number) => now - days * DAY;
    await insertTickets(app, 4, 'BRF', (i) => ({
      place_id: i < 3 ? r11 : r12,
      category_id: listrik,
      created_at: at(i + 1),
      updated_at: at(i + 1),
      status: i === 0 ? 'baru' : 'selesai',
      finished_at: i === 0 ? null : at(i + 1) + 4 * HOUR,
    }));
    ({ page, problems } = await newPage(browser));
    await signIn(page, app.baseUrl, admin.username, admin.password);
  }, 60_000);
  afterEach(() => expect(problems).toEqual({ errors: [], dialogs: [] }));
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  test('When the page opens, then the last 90 days are listed with the repeating room marked "berulang" in words', async () => {
    await page.getByRole('link', { name: 'Berulang' }).click();
    await page.getByRole('heading', { name: 'Kerusakan Berulang' }).waitFor();
    const repeating = page.locator('table.data tbody tr', { hasText: 'R-1.1' });
    await waitForText(repeating, 'berulang');
    await waitForText(repeating, 'Gedung Kuliah › Lantai 1 › Ruang 1.1');
    await waitForText(repeating, 'BRF00003, BRF00002, BRF00001');
    const single = page.locator('table.data tbody tr', { hasText: 'R-1.2' });
    await waitForText(single, 'Listrik');
    expect(await single.textContent()).not.toContain('berulang');
    expect(await page.getByLabel('Dari tanggal').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  test('When a building is chosen, then each floor is tabled and the rooms are drawn as a heat grid with their counts', async () => {
    await page.getByLabel('Gedung').selectOption({ label: 'Gedung Kuliah (GK)' });
    await waitForText(page.locator('section h2'), 'Gedung Kuliah: 4 laporan');
    await waitForText(page.locator('tr', { hasText: 'Lantai 1' }).first(), 'Ruang 1.1: 3');
    const cells = page.locator('.heat-grid td');
    await waitForText(cells, 'Ruang 2.1');
    const grid = await cells.evaluateAll((tds) => tds.map((td) => [td.textContent, (td as HTMLElement).style.backgroundColor]));
    expect(grid.map(([text]) => text)).toEqual(['Ruang 1.13', 'Ruang 1.21', 'Ruang 2.10']);
    const alpha = grid.map(([, bg]) => Number(/rgba\(.*, ([\d.]+)\)/.exec(bg ?? '')?.[1]));
    expect(alpha[0]).toBeGreaterThan(alpha[1]!);
    expect(alpha[1]).toBeGreaterThan(alpha[2]!);
  });
});
