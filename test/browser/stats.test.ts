/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, launchBrowser, newPage, screenshot, signIn, waitForText, type PageProblems } from '../support/browser';
import { createStaff } from '../support/factories';
import { createStaffWithPassword } from '../support/staff-login';
import { startTestApp, type TestApp } from '../support/test-app';
import { HOUR, insertTickets, wib } from '../api/ticket-fixtures';

describeBrowser('Statistik: the service levels in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  let problems: PageProblems;

  /**
   * Three tickets of February 2025 on the default working week:
   * T1 Listrik, Mon 3 Feb 08:00: assigned after 1 working hour (on time), started after 2 (on time),
   *   finished after 7 (late); rated 5; Andi.
   * T2 AC, Mon 3 Feb 15:00: assigned Tue 08:30 = 2 h (late), finished Wed 10:00 = 1 + 8.5 + 2.5 = 12 h
   *   (on time); rated 2; sent back once by its reporter; Andi.
   * T3 AC, Tue 4 Feb 08:00: assigned 09:00 = 1 h (on time); asked, not answered; Bayu.
   */
  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp('sqlite'), launchBrowser()]);
    const admin = await createStaffWithPassword(app, { level: 'Administrator', name: 'Dery Dehaelt' });
    const andi = await createStaff(app.db, { name: 'Andi' });
    const bayu = await createStaff(app.db, { name: 'Bayu' });
    const cat = Object.fromEntries(
      (await app.db.kysely.selectFrom('categories').select(['id', 'code']).execute()).map((c) => [c.code, c.id]),
    );
    const t1 = wib(2025, 2, 3, 8);
    const t2 = wib(2025, 2, 3, 15);
    const t3 = wib(2025, 2, 4, 8);
    const specs = [
      {
        columns: {
          category_id: cat.listrik!,
          created_at: t1,
          first_assigned_at: t1 + HOUR,
          due_assign_at: t1 + 2 * HOUR,
          first_started_at: t1 + 2 * HOUR,
          due_start_at: t1 + 4 * HOUR,
          finished_at: t1 + 7 * HOUR,
          due_finish_at: t1 + 6 * HOUR,
        },
        score: 5,
        staff: andi.id,
      },
      {
        columns: {
          category_id: cat.ac!,
          created_at: t2,
          first_assigned_at: wib(2025, 2, 4, 8, 30),
          due_assign_at: t2 + HOUR / 2,
          finished_at: wib(2025, 2, 5, 10),
          due_finish_at: wib(2025, 2, 6, 8),
        },
        score: 2,
        staff: andi.id,
        reopened: true,
      },
      {
        columns: { category_id: cat.ac!, created_at: t3, first_assigned_at: t3 + HOUR, due_assign_at: t3 + 2 * HOUR },
        score: null,
        staff: bayu.id,
      },
    ];
    for (const [i, s] of specs.entries()) {
      await insertTickets(app, 1, `BRT2502${i}`, () => ({ status: 'selesai', ...s.columns }));
      const { id, reporter_phone } = await app.db.kysely
        .selectFrom('tickets')
        .select(['id', 'reporter_phone'])
        .where('tracking_no', '=', `BRT2502${i}00001`)
        .executeTakeFirstOrThrow();
      const asked = s.columns.created_at + 20 * HOUR;
      await app.db.kysely
        .insertInto('ratings')
        .values({ ticket_id: id, chat_id: reporter_phone, asked_at: asked, score: s.score, rated_at: s.score ? asked + HOUR : null })
        .execute();
      await app.db.kysely
        .insertInto('assignments')
        .values({ ticket_id: id, staff_id: s.staff, note: null, status: 'active', assigned_by: null, assigned_at: s.columns.created_at })
        .execute();
      if (s.reopened)
        await app.db.kysely
          .insertInto('ticket_events')
          .values({
            ticket_id: id,
            kind: 'reopened',
            status_from: 'selesai',
            status_to: 'proses',
            note: 'belum beres',
            actor_kind: 'reporter',
            actor_id: null,
            actor_name: null,
            created_at: asked,
          })
          .execute();
    }
    ({ page, problems } = await newPage(browser));
    await signIn(page, app.baseUrl, admin.username, admin.password);
  }, 60_000);
  afterEach(() => expect(problems).toEqual({ errors: [], dialogs: [] }));
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** The labels and datasets a chart was drawn with, read from Chart.js itself. */
  const chartData = (id: string) =>
    page.evaluate((canvasId) => {
      const chart = (
        window as unknown as { Chart: { getChart(c: Element): { data: { labels: string[]; datasets: { data: (number | null)[] }[] } } } }
      ).Chart.getChart(document.getElementById(canvasId)!);
      return { labels: chart.data.labels, data: chart.data.datasets.map((d) => d.data) };
    }, id);

  test('When February 2025 is shown, then ratings, reopens, SLA compliance per category, technician and month, and working hours are drawn and tabled', async () => {
    await page.getByRole('link', { name: 'Statistik' }).click();
    await page.getByRole('heading', { name: 'Statistik' }).waitFor();
    await page.getByLabel('Dari tanggal').fill('2025-02-01');
    await page.getByLabel('Sampai tanggal').fill('2025-02-28');
    await page.getByRole('button', { name: 'Tampilkan' }).click();
    await waitForText(page.locator('.stat', { hasText: 'Total tiket' }), '3');

    await waitForText(page.locator('.stat', { hasText: 'Rata-rata penilaian' }), '3,5 / 5');
    await waitForText(page.locator('.stat', { hasText: 'Penilaian dijawab' }), '66,7% (2/3)');
    await waitForText(page.locator('.stat', { hasText: 'Dibuka kembali (#belum)' }), '50% (1/2)');
    await waitForText(page.locator('.stat', { hasText: 'Selesai tepat waktu' }), '50% (1/2)');

    expect(await chartData('chart-rating')).toEqual({ labels: ['1', '2', '3', '4', '5'], data: [[0, 1, 0, 0, 1]] });
    // Assign: 1, 2 and 1 working hours; start: 2; finish: 7 and 12 (median 9.5, 90th percentile 11.5).
    expect(await chartData('chart-worktime')).toEqual({
      labels: ['Sampai ditugaskan', 'Sampai dimulai', 'Sampai selesai'],
      data: [
        [1, 2, 9.5],
        [1.8, 2, 11.5],
      ],
    });
    expect(await chartData('chart-sla-category')).toEqual({
      labels: ['Listrik', 'AC/Pendingin'],
      data: [
        [100, 50],
        [100, null],
        [0, 100],
      ],
    });
    expect(await chartData('chart-sla-tech')).toEqual({
      labels: ['Andi', 'Bayu'],
      data: [
        [50, 100],
        [100, null],
        [50, null],
      ],
    });
    expect(await chartData('chart-sla-month')).toEqual({ labels: ['Feb 2025'], data: [[66.7], [100], [50]] });

    const category = page.locator('section.chart-card', { hasText: 'Kepatuhan SLA per kategori' });
    await category.locator('details.chart-data summary').click();
    const ac = category.locator('tbody tr', { hasText: 'AC/Pendingin' });
    expect(await ac.locator('td').allTextContents()).toEqual(['AC/Pendingin', '50% (1/2)', '—', '100% (1/1)', '2 (1)']);
    const hours = page.locator('section.chart-card', { hasText: 'Waktu penanganan (jam kerja)' });
    await hours.locator('details.chart-data summary').click();
    await waitForText(hours.locator('tbody tr', { hasText: 'Sampai selesai' }), '9,5 jam kerja');
    // Open data tables scroll inside their cards: the page itself is never wider than the window.
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await screenshot(page, 'statistics-service-levels');
  });
});
