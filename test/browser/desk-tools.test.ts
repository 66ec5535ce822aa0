/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { assignDirectly, createEmployee } from '../support/factories';
import { describeBrowser, launchBrowser, newPage, screenshot, signIn, waitForText, type PageProblems } from '../support/browser';
import { createStaffWithPassword } from '../support/staff-login';
import { DEVICE, startTestApp, type TestApp } from '../support/test-app';
import { insertTickets, wib } from '../api/ticket-fixtures';

describe('Chart.js for the statistics (no browser needed)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('sqlite');
  });
  afterAll(() => app?.close());

  test('When /vendor/chart.js/chart.umd.js is fetched, then it is the npm package’s own file, and the folder is not listed', async () => {
    const res = await app.http.get('/vendor/chart.js/chart.umd.js').buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    const packaged = readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.js'), 'utf8');
    expect(res.text === packaged).toBe(true);
    expect((await app.http.get('/vendor/chart.js/')).status).toBe(404);
  });
});

describeBrowser('Statistics, outbox and simulator in a browser', () => {
  let live: TestApp;
  let dry: TestApp;
  let browser: Browser;
  let page: Page;
  let problems: PageProblems;
  let simPage: Page;
  let simProblems: PageProblems;
  let emp: Awaited<ReturnType<typeof createEmployee>>;

  beforeAll(async () => {
    [live, dry, browser] = await Promise.all([startTestApp('sqlite'), startTestApp('sqlite', { FONNTE_TOKEN: '' }), launchBrowser()]);
    const admin = await createStaffWithPassword(live, { level: 'Administrator', name: 'Dery Dehaelt' });
    const siswanto = await createStaffWithPassword(live, { level: 'TBO', name: 'Siswanto', id: 'ADM04', phone: '6282124603757' });
    await createStaffWithPassword(live, { level: 'TBO', name: 'Adrasha', id: 'ADM05', phone: '628998848947' });
    emp = await createEmployee(live.db, { name: 'R Marta Dinata', phone: '6282111476069' });
    // August: 12 tickets, each finished 10 h after it came in and closed.
    await insertTickets(live, 12, 'BRT2408', (i) => ({
      status: 'ditutup',
      created_at: wib(2024, 8, 1 + i, 8),
      finished_at: wib(2024, 8, 1 + i, 18),
      closed_at: wib(2024, 8, 2 + i, 8),
    }));
    // September: three by WhatsApp; Siswanto finishes one, Adrasha holds one.
    for (const [day, text] of [
      [2, 'lampu kelas 3.2 mati'],
      [3, 'AC ruang rapat bocor'],
      [4, 'kran toilet bocor'],
    ] as const) {
      live.clock.set(wib(2024, 9, day, 9));
      await live.say(emp.phone, `#request ${text}`);
    }
    const numbers = (
      await live.db.kysely.selectFrom('tickets').select('tracking_no').where('reporter_phone', '=', emp.phone).orderBy('id').execute()
    ).map((r) => r.tracking_no);
    await assignDirectly(live.db, numbers[0]!, 'ADM04', null, wib(2024, 9, 2, 10));
    await assignDirectly(live.db, numbers[1]!, 'ADM05', null, wib(2024, 9, 3, 11));
    live.clock.set(wib(2024, 9, 2, 15));
    await live.say(siswanto.phone!, `#finish ${numbers[0]} lampu diganti`);
    live.clock.set(wib(2024, 9, 16, 11, 26));
    // Messages queued "later" than the clock stood while they were handled are due now: send them.
    await live.settle();

    ({ page, problems } = await newPage(browser));
    await signIn(page, live.baseUrl, admin.username, admin.password);
    const dryAdmin = await createStaffWithPassword(dry, { level: 'Administrator', name: 'Admin Uji' });
    await createEmployee(dry.db, { name: 'She Min Ah', phone: '6285825335908' });
    ({ page: simPage, problems: simProblems } = await newPage(browser));
    await signIn(simPage, dry.baseUrl, dryAdmin.username, dryAdmin.password);
  }, 60_000);
  afterEach(() =>
    expect({ live: problems, dry: simProblems }).toEqual({ live: { errors: [], dialogs: [] }, dry: { errors: [], dialogs: [] } }),
  );
  afterAll(async () => {
    await browser?.close();
    await live?.close();
    await dry?.close();
  });

  /** The numbers a chart was drawn with, read from Chart.js itself. */
  const chartData = (id: string) =>
    page.evaluate((canvasId) => {
      const chart = (
        window as unknown as { Chart: { getChart(c: Element): { data: { labels: string[]; datasets: { data: (number | null)[] }[] } } } }
      ).Chart.getChart(document.getElementById(canvasId)!);
      return { labels: chart.data.labels, data: chart.data.datasets.map((d) => d.data) };
    }, id);

  test('When a period is chosen on Statistik, then the charts (Chart.js from the package) show tickets per status, per month, times and technicians', async () => {
    await page.getByRole('link', { name: 'Statistik' }).click();
    await page.getByRole('heading', { name: 'Statistik' }).waitFor();
    await page.getByLabel('Dari tanggal').fill('2024-08-01');
    await page.getByLabel('Sampai tanggal').fill('2024-09-30');
    await page.getByRole('button', { name: 'Tampilkan' }).click();
    await waitForText(page.locator('.stat', { hasText: 'Total tiket' }), '15');
    expect(page.url()).toContain('from=2024-08-01&to=2024-09-30');

    expect(await chartData('chart-status')).toEqual({
      labels: ['Baru', 'Proses', 'Pending', 'Selesai', 'Ditutup'],
      data: [[1, 1, 0, 1, 12]],
    });
    expect(await chartData('chart-month')).toEqual({ labels: ['Agu 2024', 'Sep 2024'], data: [[12, 3]] });
    expect(await chartData('chart-duration')).toEqual({
      labels: ['Sampai ditugaskan', 'Sampai selesai'],
      data: [
        [1.5, 10],
        [1.9, 10],
      ],
    });
    expect(await chartData('chart-tech')).toEqual({
      labels: ['Adrasha', 'Siswanto'],
      data: [
        [1, 0],
        [0, 1],
      ],
    });
    await waitForText(page.locator('.stat', { hasText: 'Median sampai selesai' }), '10 jam');
    const scripts = await page.evaluate(() => Array.from(document.scripts, (s) => s.src));
    expect(scripts).toContain(`${live.baseUrl}/vendor/chart.js/chart.umd.js`);
    await page.locator('details.chart-data summary').first().click();
    await waitForText(page.locator('details.chart-data[open] tr', { hasText: 'Ditutup' }), '12');
    await screenshot(page, 'statistics');
  });

  test('When a reply could not be delivered, then Pesan Keluar lists it with the gateway state, and Kirim ulang sends it again', async () => {
    live.fonnte.script({ kind: 'statusFalse', reason: 'invalid target' });
    await live.say(emp.phone, '#help');
    const dead = await live.db.kysely
      .selectFrom('outbound_messages')
      .select(['id', 'status'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(dead.status).toBe('dead');

    await page.getByRole('link', { name: 'Pesan Keluar' }).click();
    const row = page.locator(`tbody tr[data-id="${dead.id}"]`);
    await waitForText(row, 'Gagal');
    await waitForText(row, 'invalid target');
    await waitForText(page.locator('#gateway-badge'), 'Status perangkat WA belum dilaporkan · 1 gagal');
    await live.http
      .post('/webhooks/fonnte/device?secret=test-secret')
      .send({ device: DEVICE, status: 'connect', timestamp: Math.floor(live.clock.now() / 1000) })
      .expect(200);
    await waitForText(page.locator('#gateway-badge'), 'Perangkat WA terhubung · 1 gagal');
    await waitForText(page.locator('.gateway.big'), 'Perangkat WA terhubung');
    await screenshot(page, 'outbox');

    await row.getByRole('button', { name: `Kirim ulang pesan ke ${emp.phone}` }).click();
    await waitForText(row, 'Antre');
    await live.settle();
    await row.waitFor({ state: 'detached' });
    await page.getByLabel('Tampilkan').selectOption({ label: 'Terkirim' });
    await waitForText(page.locator(`tbody tr[data-id="${dead.id}"]`), 'Terkirim ke Fonnte');
    await waitForText(page.locator('#gateway-badge'), /^Perangkat WA terhubung$/);
  });

  test('When the gateway is live, then there is no simulator; in dry-run an admin sends #request as an employee and reads the reply with the tracking number', async () => {
    expect(await page.locator('#nav a').allTextContents()).not.toContain('Simulator WA');
    await page.goto(`${live.baseUrl}/#/simulator`);
    await waitForText(page.getByRole('alert'), 'Simulator hanya tersedia saat gateway dalam mode uji');

    await simPage.getByRole('link', { name: 'Simulator WA' }).click();
    await simPage.getByRole('heading', { name: 'Simulator WhatsApp' }).waitFor();
    expect(await simPage.getByLabel('Nomor pengirim').inputValue()).toBe('6285825335908');
    await simPage.getByRole('button', { name: '#request lampu kelas 3.2 mati' }).click();
    await simPage.getByRole('button', { name: 'Kirim' }).click();
    const reply = simPage.locator('.bubble.in', { hasText: 'Nomor tracking Anda' });
    await reply.waitFor();
    const trackingNo = /\*(BRT\d{7})\*/.exec((await reply.textContent())!)![1]!;
    await waitForText(simPage.locator('.bubble.out'), `#request · ${trackingNo}`);

    await simPage.getByLabel('Pesan', { exact: true }).fill(`#cek ${trackingNo}`);
    await simPage.getByLabel('Pesan', { exact: true }).press('Control+Enter');
    await waitForText(simPage.locator('.bubble.in').last(), trackingNo);
    await screenshot(simPage, 'simulator');

    await simPage.getByRole('link', { name: 'Monitoring' }).click();
    await waitForText(simPage.locator(`tbody tr[data-tracking-no="${trackingNo}"]`), 'lampu kelas 3.2 mati');
    expect(dry.fonnte.received).toHaveLength(0);
  });

  test('When a complaint in plain words is sent in the simulator, then the draft prompt that comes later shows, and YA files the ticket', async () => {
    await simPage.getByRole('link', { name: 'Simulator WA' }).click();
    await simPage.getByRole('heading', { name: 'Simulator WhatsApp' }).waitFor();
    await simPage.getByLabel('Pesan', { exact: true }).fill('halo pak, proyektor ruang 3.1 tidak mau nyala');
    await simPage.getByRole('button', { name: 'Kirim' }).click();
    await waitForText(simPage.locator('.bubble.out'), 'masuk draf laporan');
    expect(await simPage.locator('.bubble.in', { hasText: 'Tidak ada balasan' }).count()).toBe(0);
    // The burst is over: the draft job sends its prompt, which the page fetches from the outbox.
    dry.clock.advance(21_000);
    await dry.services.drafts.runOnce();
    await waitForText(simPage.locator('.bubble.in'), 'Balas *YA* untuk membuat laporan');
    await simPage.getByLabel('Pesan', { exact: true }).fill('YA');
    await simPage.getByRole('button', { name: 'Kirim' }).click();
    await waitForText(simPage.locator('.bubble.in').last(), 'Nomor tracking Anda');
    expect(await simPage.locator('.bubble.in', { hasText: 'Balas *YA*' }).count()).toBe(1);
  });
});
