/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { createEmployee } from '../support/factories';
import { describeBrowser, launchBrowser, newPage, signIn, waitForText, type PageProblems } from '../support/browser';
import type { ReceivedSend } from '../support/fake-fonnte';
import { createStaffWithPassword } from '../support/staff-login';
import { DEVICE, startTestApp, type TestApp } from '../support/test-app';
import { wib } from '../api/ticket-fixtures';

describeBrowser('The desk opens tickets and writes to reporters in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  let problems: PageProblems;
  let admin: Awaited<ReturnType<typeof createStaffWithPassword>>;
  let siswanto: Awaited<ReturnType<typeof createStaffWithPassword>>;
  let marta: Awaited<ReturnType<typeof createEmployee>>;
  let trackingNo = '';

  /** Waits (by polling the fake gateway, not by time) until it received a message `match` accepts. */
  async function received(match: (r: ReceivedSend) => boolean): Promise<ReceivedSend> {
    for (let i = 0; i < 200; i++) {
      const hit = app.fonnte.received.find((r) => match(r) && r.providerId);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the gateway never received the message');
  }

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp('sqlite'), launchBrowser()]);
    admin = await createStaffWithPassword(app, { level: 'Administrator', name: 'Dery Dehaelt', id: 'ADM01' });
    siswanto = await createStaffWithPassword(app, { level: 'TBO', name: 'Siswanto', id: 'ADM04', phone: '6282124603757' });
    await createStaffWithPassword(app, { level: 'TBO', name: 'Adrasha', id: 'ADM05', phone: '628998848947' });
    marta = await createEmployee(app.db, { name: 'R Marta Dinata', department: 'TIF', unit: 'IT', phone: '6282111476069' });
    app.clock.set(wib(2024, 9, 16, 9, 0));
    app.services.outbox.start();
    ({ page, problems } = await newPage(browser));
    await signIn(page, app.baseUrl, admin.username, admin.password);
  }, 60_000);
  afterEach(() => expect(problems).toEqual({ errors: [], dialogs: [] }));
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  test('When the desk fills the new-ticket form with an employee from the directory, then the ticket is made with its channel and its page opens', async () => {
    await page.goto(`${app.baseUrl}/#/tiket-baru`);
    const form = page.getByRole('form', { name: 'Tiket baru' });
    expect(await form.getByLabel('Saluran').inputValue()).toBe('telepon');
    await form.getByLabel('Cari pegawai').fill('marta');
    await form.getByRole('button', { name: 'Pilih R Marta Dinata' }).click();
    await waitForText(form.locator('.picker-chosen'), 'R Marta Dinata');
    await form.getByLabel('Keluhan').fill('AC ruang 204 bocor, air menetes');
    await form.getByRole('button', { name: 'Buat tiket' }).click();

    await page.waitForURL(/#\/tiket\/BRT\d+$/);
    trackingNo = /BRT\d+$/.exec(page.url())![0];
    await waitForText(page.locator('main h1'), `Tiket ${trackingNo}`);
    await waitForText(page.locator('.facts dd'), 'Telepon');
    const row = await app.db.kysely.selectFrom('tickets').selectAll().where('tracking_no', '=', trackingNo).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'telepon', reporter_phone: marta.phone, complaint: 'AC ruang 204 bocor, air menetes' });
    const confirmation = await received((r) => r.target === marta.phone);
    expect(confirmation.message).toContain(`Nomor tracking Anda: *${trackingNo}*`);
  });

  test('When the desk writes to the reporter on the ticket page, then the message reaches the gateway and its delivery state shows with who wrote it', async () => {
    await page.goto(`${app.baseUrl}/#/tiket/${trackingNo}`);
    const box = page.getByRole('form', { name: 'Kirim pesan ke pelapor' });
    await box.getByLabel(/^Pesan/).fill('Teknisi datang pukul 10.');
    await box.getByRole('button', { name: 'Kirim pesan' }).click();

    const sent = await received((r) => r.message.endsWith('Teknisi datang pukul 10.'));
    expect(sent.target).toBe(marta.phone);
    const item = page.locator('li.msg-out[data-kind="desk_message"]');
    await waitForText(item, 'ditulis oleh Dery Dehaelt');
    await waitForText(item, 'Terkirim');
    await app.http
      .post('/webhooks/fonnte/status?secret=test-secret')
      .send({ device: DEVICE, id: sent.providerId, status: 'read' })
      .expect(200);
    await waitForText(item, 'WA: dibaca');
    expect(await item.count()).toBe(1);
  });

  test('When a technician is on the ticket, then the assignment form no longer offers them, and still offers the others', async () => {
    await page.goto(`${app.baseUrl}/#/tiket/${trackingNo}`);
    const form = page.getByRole('form', { name: 'Penugasan / PJ' });
    const options = () => form.locator('select[name="staffId"] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(await options()).toEqual(['', 'ADM05', 'ADM04']);
    await form.getByLabel('Teknisi', { exact: true }).selectOption('ADM04');
    await form.getByRole('button', { name: 'Tugaskan' }).click();
    await waitForText(page.locator('table.assignments'), 'Siswanto (ADM04)');

    await page.waitForFunction(() => !document.querySelector('select[name="staffId"] option[value="ADM04"]'));
    expect(await options()).toEqual(['', 'ADM05']);
    await page.reload();
    await waitForText(page.locator('main h1'), `Tiket ${trackingNo}`);
    expect(await options()).toEqual(['', 'ADM05']);
  });

  test('When a technician opens their ticket on a 390 px wide phone, then the progress form comes before the message list', async () => {
    const phone = await newPage(browser, { width: 390, height: 844 });
    try {
      await signIn(phone.page, app.baseUrl, siswanto.username, siswanto.password);
      await phone.page.goto(`${app.baseUrl}/#/tiket/${trackingNo}`);
      const note = phone.page.getByRole('form', { name: 'Catatan progres' });
      const messages = phone.page.getByRole('region', { name: 'Pesan WhatsApp' });
      await waitForText(messages, 'Teknisi datang pukul 10.');
      const [noteBox, messagesBox] = [await note.boundingBox(), await messages.boundingBox()];
      expect(noteBox!.y + noteBox!.height).toBeLessThanOrEqual(messagesBox!.y);
      // The desk's wide view keeps its two columns: the forms beside the messages, not above them.
      const wide = await page.getByRole('form', { name: 'Penugasan / PJ' }).boundingBox();
      const deskMessages = await page.getByRole('region', { name: 'Pesan WhatsApp' }).boundingBox();
      expect(wide!.x).toBeGreaterThan(deskMessages!.x + deskMessages!.width - 1);
      expect(phone.problems).toEqual({ errors: [], dialogs: [] });
    } finally {
      await phone.context.close();
    }
  });

  test('When the desk types in a walk-in reporter without a phone, then the ticket opens with nobody to write to, the message box says why, and Monitoring filters by its channel', async () => {
    await page.goto(`${app.baseUrl}/#/tiket-baru`);
    const form = page.getByRole('form', { name: 'Tiket baru' });
    await form.getByLabel('Saluran').selectOption('datang_langsung');
    await form.getByLabel('Ketik manual').check();
    await form.getByLabel('Nama pelapor').fill('Pak Harun');
    await form.getByLabel('Unit / bagian').fill('Perpustakaan');
    await form.getByLabel('Keluhan').fill('atap ruang baca bocor');
    const before = app.fonnte.received.length;
    await form.getByRole('button', { name: 'Buat tiket' }).click();

    await page.waitForURL((url) => /#\/tiket\/BRT\d+$/.test(url.hash) && !url.hash.endsWith(trackingNo));
    await waitForText(page.locator('.facts dd'), 'Datang langsung');
    await waitForText(page.locator('.facts dd'), 'tidak ada');
    const box = page.getByRole('form', { name: 'Kirim pesan ke pelapor' });
    await waitForText(box, 'Pelapor tidak punya nomor WhatsApp');
    expect(await box.getByRole('button', { name: 'Kirim pesan' }).isDisabled()).toBe(true);
    expect(app.fonnte.received.length).toBe(before);

    // The Monitoring list filters by channel: the walk-in alone, the phone call alone.
    const walkIn = /BRT\d+$/.exec(page.url())![0];
    const listed = (want: string[]) =>
      page.waitForFunction(
        (w) =>
          JSON.stringify(Array.from(document.querySelectorAll<HTMLElement>('tbody tr[data-tracking-no]'), (r) => r.dataset.trackingNo)) ===
          w,
        JSON.stringify(want),
      );
    await page.goto(`${app.baseUrl}/#/monitoring`);
    await page.getByLabel('Saluran').selectOption('datang_langsung');
    await listed([walkIn]);
    expect(page.url()).toMatch(/channel=datang_langsung/);
    await page.getByLabel('Saluran').selectOption('telepon');
    await listed([trackingNo]);
  });

  test('When the form is sent with a bad phone, then the error is shown in Indonesian and no ticket is made', async () => {
    await page.goto(`${app.baseUrl}/#/tiket-baru`);
    const form = page.getByRole('form', { name: 'Tiket baru' });
    await form.getByLabel('Ketik manual').check();
    await form.getByLabel('Nama pelapor').fill('Bu Sari');
    await form.getByLabel(/^Nomor WhatsApp/).fill('bukan nomor');
    await form.getByLabel('Keluhan').fill('wastafel mampet');
    await form.getByRole('button', { name: 'Buat tiket' }).click();

    await waitForText(form.locator('.form-error'), 'nomor telepon tidak valid');
    expect(page.url()).toMatch(/#\/tiket-baru$/);
    const made = await app.db.kysely.selectFrom('tickets').select('id').where('complaint', '=', 'wastafel mampet').execute();
    expect(made).toEqual([]);
  });

  test('When the desk chooses a room in the new-ticket form, then the ticket is at that room although the complaint names no place', async () => {
    const now = app.clock.now();
    const building = await app.db.kysely
      .insertInto('places')
      .values({ kind: 'building', code: 'GC', name: 'Gedung C', parent_id: null, aliases: '', active: 1, created_at: now, updated_at: now })
      .executeTakeFirstOrThrow();
    const room = { kind: 'room' as const, code: 'R-C.1', name: 'Ruang Dosen C1', parent_id: Number(building.insertId), aliases: '' };
    const made = await app.db.kysely
      .insertInto('places')
      .values({ ...room, active: 1, created_at: now, updated_at: now })
      .executeTakeFirstOrThrow();
    await page.goto(`${app.baseUrl}/#/monitoring`);
    await page.goto(`${app.baseUrl}/#/tiket-baru`);
    const form = page.getByRole('form', { name: 'Tiket baru' });
    await form.getByLabel('Cari pegawai').fill('marta');
    await form.getByRole('button', { name: 'Pilih R Marta Dinata' }).click();
    await waitForText(form.locator('.picker-chosen'), 'R Marta Dinata');
    await form.getByLabel('Keluhan').fill('stop kontak longgar, colokan jatuh terus');
    await waitForText(form.locator('select[name="placeId"] option'), 'Ruang Dosen C1', 'attached');
    await form.getByLabel('Tempat').selectOption(String(made.insertId));
    await form.getByRole('button', { name: 'Buat tiket' }).click();

    await waitForText(page.locator('.facts dd'), 'Ruang Dosen C1');
    const row = await app.db.kysely
      .selectFrom('tickets')
      .select('place_id')
      .where('complaint', '=', 'stop kontak longgar, colokan jatuh terus')
      .executeTakeFirstOrThrow();
    expect(row.place_id).toBe(Number(made.insertId));
  });
});
