/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import jsQR from 'jsqr';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import type { PlaceKind } from '../../src/db/database';
import { describeBrowser, launchBrowser, newPage, signIn, waitForCount, waitForText, type PageProblems } from '../support/browser';
import { createStaffWithPassword } from '../support/staff-login';
import { startTestApp, type TestApp } from '../support/test-app';

/** CSS pixels per millimetre (96 px per inch). */
const PX_PER_MM = 96 / 25.4;

describeBrowser('QR Ruangan in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let staf: Awaited<ReturnType<typeof createStaffWithPassword>>;
  let building: number;
  const pages: { page: Page; problems: PageProblems }[] = [];

  async function insertPlace(kind: PlaceKind, code: string, name: string, parentId: number | null = null): Promise<number> {
    const now = app.clock.now();
    const row = await app.db.kysely
      .insertInto('places')
      .values({ kind, code, name, parent_id: parentId, aliases: '', active: 1, created_at: now, updated_at: now })
      .executeTakeFirstOrThrow();
    return Number(row.insertId);
  }

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp('sqlite'), launchBrowser()]);
    staf = await createStaffWithPassword(app, { level: 'Staf', name: 'Sari Staf' });
    building = await insertPlace('building', 'GA', 'Gedung A');
    const floor = await insertPlace('floor', 'GA-3', 'Lantai 3', building);
    for (const n of [1, 2, 3, 4, 5]) await insertPlace('room', `R-3.${n}`, `Ruang 3.${n}`, floor);
    const other = await insertPlace('building', 'GB', 'Gedung B');
    await insertPlace('room', 'B-1.1', 'Ruang B 1.1', other);
  }, 60_000);
  afterEach(() => {
    for (const { problems } of pages) expect(problems).toEqual({ errors: [], dialogs: [] });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function openSheet(hash: string): Promise<Page> {
    const opened = await newPage(browser);
    pages.push(opened);
    await signIn(opened.page, app.baseUrl, staf.username, staf.password);
    await opened.page.goto(`${app.baseUrl}/#${hash}`);
    await opened.page.getByRole('heading', { name: 'QR Ruangan' }).waitFor();
    return opened.page;
  }

  test('When Staf picks a building, then the sheet shows one card per room of that building, each with a QR image that loads', async () => {
    const page = await openSheet('/tempat/qr');
    await page.getByLabel('Gedung').selectOption(String(building));
    await waitForCount(page, '.qr-card', 5);
    const cards = await page.$$eval('.qr-card', (els) =>
      els.map((el) => ({
        code: el.querySelector('.qr-code')?.textContent,
        path: el.querySelector('.qr-path')?.textContent,
        hint: el.querySelector('.qr-hint')?.textContent,
      })),
    );
    expect(cards.map((c) => c.code)).toEqual(['R-3.1', 'R-3.2', 'R-3.3', 'R-3.4', 'R-3.5']);
    expect(cards[0]).toEqual({ code: 'R-3.1', path: 'Gedung A / Lantai 3', hint: 'Scan untuk lapor kerusakan di ruangan ini' });
    await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>('.qr-card img')).every((img) => img.complete));
    const loaded = await page.$$eval('.qr-card img', (imgs) => imgs.map((img) => (img as HTMLImageElement).naturalWidth > 0));
    expect(loaded).toEqual([true, true, true, true, true]);
  });

  test('When the sheet is printed, then four A6 cards fill an A4 page in two rows of two and the fifth starts the next page', async () => {
    const page = await openSheet(`/tempat/qr?building=${building}`);
    await waitForCount(page, '.qr-card', 5);
    await page.emulateMedia({ media: 'print' });
    const boxes = await page.$$eval('.qr-card', (els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        const p = el.closest('.qr-page')!.getBoundingClientRect();
        return { x: r.x - p.x, y: r.y - p.y, width: r.width, height: r.height, pageHeight: p.height };
      }),
    );
    const mm = (px: number) => Math.round(px / PX_PER_MM);
    expect(boxes.slice(0, 4).map((b) => [mm(b.x), mm(b.y), mm(b.width), mm(b.height)])).toEqual([
      [0, 0, 105, 148],
      [105, 0, 105, 148],
      [0, 148, 105, 148],
      [105, 148, 105, 148],
    ]);
    expect(mm(boxes[0]!.pageHeight)).toBeLessThanOrEqual(297);
    expect([mm(boxes[4]!.x), mm(boxes[4]!.y)]).toEqual([0, 0]);

    // The real print: two A4 pages for five cards (a margin or an overflow would make it more).
    const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page(?!s)/g)).toHaveLength(2);
    expect(pdf).toMatch(/\/MediaBox \[0 0 59[45]\.\d+ 841\.\d+\]/); // A4 in points
  });

  test('When the sheet names rooms, then only those rooms get a card', async () => {
    const page = await openSheet('/tempat/qr?rooms=');
    await page.getByText('Pilih gedung untuk mencetak').waitFor();
    const ids = await app.db.kysely.selectFrom('places').select('id').where('code', 'in', ['B-1.1', 'R-3.4']).orderBy('code').execute();
    await page.goto(`${app.baseUrl}/#/tempat/qr?rooms=${ids.map((r) => r.id).join(',')}`);
    await waitForCount(page, '.qr-card', 2);
    expect(await page.$$eval('.qr-code', (els) => els.map((el) => el.textContent))).toEqual(['B-1.1', 'R-3.4']);

    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Unduh PNG B-1.1' }).click()]);
    expect(file.suggestedFilename()).toBe('qr-B-1.1.png');
    const png = PNG.sync.read(readFileSync((await file.path())!));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(
      'https://wa.me/6281100000000?text=%23request%20%5BB-1.1%5D%20',
    );
  });

  test('When the campus number is not configured, then the page says to set FONNTE_DEVICE and shows no card', async () => {
    const bare = await startTestApp('sqlite', { FONNTE_DEVICE: '' });
    try {
      const admin = await createStaffWithPassword(bare, { level: 'Administrator', name: 'Ani Admin' });
      const opened = await newPage(browser);
      pages.push(opened);
      await signIn(opened.page, bare.baseUrl, admin.username, admin.password);
      await opened.page.goto(`${bare.baseUrl}/#/tempat/qr?rooms=1`);
      await waitForText(opened.page.getByRole('alert'), 'Isi FONNTE_DEVICE');
      expect(await opened.page.locator('.qr-card').count()).toBe(0);
      await expect(opened.page.getByRole('button', { name: 'Cetak' }).isDisabled()).resolves.toBe(true);
    } finally {
      await bare.close();
    }
  });
});
