/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, launchBrowser, newPage, screenshot, signIn, waitForText, type PageProblems } from '../support/browser';
import { sayToInbox } from '../support/inbox-seed';
import { createStaffWithPassword } from '../support/staff-login';
import { DEVICE, startTestApp, type TestApp } from '../support/test-app';

const RINA = '6285700001111';
const PHOTO = { type: 'image', url: 'https://files.fonnte.com/x/ac-204.jpg', filename: 'ac-204.jpg', extension: 'jpg' };

describeBrowser('Kotak Masuk in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    // Strangers are refused by the bot and their messages go straight to the desk's inbox.
    [app, browser] = await Promise.all([startTestApp('sqlite', { UNKNOWN_SENDERS: 'reject' }), launchBrowser()]);
    const admin = await createStaffWithPassword(app, { level: 'Staf', name: 'Dery Dehaelt' });
    ({ page, problems } = await newPage(browser));
    await signIn(page, app.baseUrl, admin.username, admin.password);
  }, 60_000);
  afterEach(() => expect(problems).toEqual({ errors: [], dialogs: [] }));
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const bubble = (text: string) => page.locator('.wa-bubble', { hasText: text });

  test('When a plain message arrives, then it appears in Kotak Masuk with its unread count, opens, and its formatting renders as text', async () => {
    await page.getByRole('link', { name: 'Kotak Masuk' }).first().click();
    await page.getByRole('heading', { name: 'Kotak Masuk' }).waitFor();
    await sayToInbox(app, RINA, 'Selamat pagi, *AC ruang 204* _bocor_ lagi ~kemarin~ ```kode 12```', { name: 'Bu Rina' });
    await sayToInbox(app, RINA, '<img src=x onerror=alert(1)> <b>tebal?</b>', { name: 'Bu Rina' });
    await sayToInbox(app, RINA, 'ukuran 2*3*4 di file_foto_ac.jpg, *_penting sekali_*', { name: 'Bu Rina' });
    const row = page.locator('.inbox-item', { hasText: 'Bu Rina' });
    await waitForText(row.locator('.unread-badge'), '3');

    await row.getByRole('link').click();
    await page.getByRole('heading', { name: 'Bu Rina' }).waitFor();
    const formatted = bubble('Selamat pagi').locator('.wa-text');
    await waitForText(formatted.locator('strong'), 'AC ruang 204');
    expect(await formatted.locator('em').textContent()).toBe('bocor');
    expect(await formatted.locator('s').textContent()).toBe('kemarin');
    expect(await formatted.locator('code').textContent()).toBe('kode 12');
    expect(await formatted.textContent()).toBe('Selamat pagi, AC ruang 204 bocor lagi kemarin kode 12');

    const hostile = bubble('onerror').locator('.wa-text');
    expect(await hostile.textContent()).toBe('<img src=x onerror=alert(1)> <b>tebal?</b>');
    expect(await page.locator('.wa-chat img, .wa-chat b').count()).toBe(0);

    // Marks inside words are not formatting; marks may nest.
    const mixed = bubble('ukuran').locator('.wa-text');
    expect(await mixed.textContent()).toBe('ukuran 2*3*4 di file_foto_ac.jpg, penting sekali');
    expect(await mixed.locator('strong > em').textContent()).toBe('penting sekali');
    expect(await mixed.locator('strong, em').count()).toBe(2);

    // Opening it marked it read: the list has no badge for it any more.
    await page.waitForFunction(
      async (chat) =>
        (await (await fetch(`/api/conversations/${chat}`, { headers: { 'x-requested-with': 'wa-ticketing' } })).json()).conversation
          .unread === 0,
      RINA,
    );
    await screenshot(page, 'inbox-conversation');
  });

  test('When the desk answers, then the gateway receives the reply and its delivery state shows once Fonnte reports it', async () => {
    app.fonnte.reset();
    await page.getByLabel('Tulis balasan').fill('Baik Bu, *teknisi* segera ke ruang 204.');
    await page.getByRole('button', { name: 'Kirim' }).click();
    await waitForText(bubble('segera ke ruang 204'), 'Dery Dehaelt');
    await app.settle();
    expect(app.fonnte.received).toEqual([expect.objectContaining({ target: RINA, message: 'Baik Bu, *teknisi* segera ke ruang 204.' })]);
    await waitForText(bubble('segera ke ruang 204').locator('.wa-status'), 'Terkirim ke Fonnte');

    const res = await app.http
      .post('/webhooks/fonnte/status?secret=test-secret')
      .send({ device: DEVICE, id: app.fonnte.received[0]!.providerId, stateid: 'ST-9', status: 'read' });
    expect(res.status).toBe(200);
    await waitForText(bubble('segera ke ruang 204').locator('.wa-delivery'), 'WA: dibaca');
  });

  test('When the desk makes a ticket of a message, then the ticket page opens with the edited complaint and the chat is handled', async () => {
    await sayToInbox(app, RINA, 'AC ruang 204 bocor, airnya menetes ke meja', { ...PHOTO, name: 'Bu Rina' });
    const message = bubble('airnya menetes');
    await message.waitFor();
    await message.getByRole('button', { name: /Buat tiket dari pesan/ }).click();
    const complaint = page.getByRole('dialog').getByLabel(/Isi pengaduan/);
    expect(await complaint.inputValue()).toBe('AC ruang 204 bocor, airnya menetes ke meja');
    await complaint.fill('AC ruang 204 bocor, air menetes ke meja dosen');
    await page.getByRole('dialog').getByRole('button', { name: 'Simpan' }).click();

    await page.waitForURL(/#\/tiket\/BRT\d+$/);
    const trackingNo = decodeURIComponent(page.url().split('#/tiket/')[1]!);
    await page.getByRole('heading', { name: `Tiket ${trackingNo}` }).waitFor();
    await waitForText(page.locator('.complaint-full'), 'air menetes ke meja dosen');
    const conversation = await app.db.kysely.selectFrom('conversations').selectAll().where('chat_id', '=', RINA).executeTakeFirstOrThrow();
    expect(conversation.waiting_since).toBeNull();
    await app.settle();
    expect(app.fonnte.received.some((r) => r.target === RINA && r.message.includes(trackingNo))).toBe(true);
  });

  test('When the inbox is opened on a phone-width screen, then the list and the conversation fit without sideways scrolling', async () => {
    const phone = await newPage(browser, { width: 375, height: 740 });
    try {
      const staf = await createStaffWithPassword(app, { level: 'Administrator' });
      await signIn(phone.page, app.baseUrl, staf.username, staf.password);
      await sayToInbox(app, RINA, 'Terima kasih pak, sudah diperbaiki sebagian', { name: 'Bu Rina' });
      await phone.page.goto(`${app.baseUrl}/#/kotak-masuk`);
      await phone.page.locator('.inbox-item', { hasText: 'Bu Rina' }).getByRole('link').click();
      await phone.page.locator('.wa-bubble', { hasText: 'sudah diperbaiki' }).waitFor();
      const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await phone.page.getByLabel('Tulis balasan').isVisible()).toBe(true);
      await screenshot(phone.page, 'inbox-phone');
      expect(phone.problems).toEqual({ errors: [], dialogs: [] });
    } finally {
      await phone.context.close();
    }
  });
});
