import type { SignedIn } from '../support/api-client';
import { createStaff } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';
import { monthEdges, quantile, quantileOffsets } from '../../src/features/stats/stats.service';
import { fileTicket, HOUR, staffMember, wib } from './ticket-fixtures';

describeEachDialect('GET /api/stats', (dialect) => {
  let app: TestApp;
  let admin: SignedIn;
  let t1: Awaited<ReturnType<typeof createStaff>>;
  let t2: Awaited<ReturnType<typeof createStaff>>;

  /** Six tickets from January to March 2025 (WIB), with known waits to assignment and to finish. */
  beforeAll(async () => {
    app = await startTestApp(dialect);
    admin = await staffMember(app, 'Administrator');
    t1 = await createStaff(app.db, { name: 'Andi' });
    t2 = await createStaff(app.db, { name: 'Bayu' });
    const t3 = await createStaff(app.db, { name: 'Citra' });

    const at = (ms: number) => app.clock.set(ms);
    const assign = async (no: string, staffId: string, when: number) => {
      at(when);
      return (await admin.post(`/api/tickets/${no}/assignments`, { staffId }).expect(201)).body;
    };
    const move = async (no: string, status: string, when: number) => {
      at(when);
      await admin.patch(`/api/tickets/${no}`, { status }).expect(200);
    };

    const aAt = wib(2025, 1, 10, 8);
    const a = await fileTicket(app, { at: aAt });
    await assign(a.trackingNo, t1.id, aAt + 1 * HOUR);
    await move(a.trackingNo, 'selesai', aAt + 10 * HOUR);

    const bAt = wib(2025, 1, 31, 23, 30); // January in Jakarta, 16:30 UTC
    const b = await fileTicket(app, { at: bAt });
    await assign(b.trackingNo, t1.id, bAt + 2 * HOUR);
    await move(b.trackingNo, 'selesai', bAt + 20 * HOUR);
    await move(b.trackingNo, 'ditutup', bAt + 30 * HOUR);

    const cAt = wib(2025, 2, 1, 0, 30); // February in Jakarta, still 31 January in UTC
    const c = await fileTicket(app, { at: cAt });
    await assign(c.trackingNo, t2.id, cAt + 3 * HOUR);
    const withdrawn = await assign(c.trackingNo, t3.id, cAt + 5 * HOUR);
    at(cAt + 6 * HOUR);
    await admin.delete(`/api/tickets/${c.trackingNo}/assignments/${withdrawn.id}`).expect(200);

    const dAt = wib(2025, 2, 15, 9);
    const d = await fileTicket(app, { at: dAt });
    await assign(d.trackingNo, t1.id, dAt + 4 * HOUR);
    await move(d.trackingNo, 'pending', dAt + 5 * HOUR);

    const eAt = wib(2025, 2, 20, 9);
    const e = await fileTicket(app, { at: eAt });
    await assign(e.trackingNo, t2.id, eAt + 10 * HOUR);
    await move(e.trackingNo, 'selesai', eAt + 40 * HOUR);

    await fileTicket(app, { at: wib(2025, 3, 5, 9) });
  });
  afterAll(() => app.close());

  test('When statistics are asked for a range, then statuses, WIB months, percentiles of the waits and the load per technician are right', async () => {
    const res = await admin.get('/api/stats?from=2025-01-01&to=2025-04-30').expect(200);

    // The service levels that follow these fields are checked in stats-sla.test.ts.
    expect(res.body).toMatchObject({
      from: '2025-01-01',
      to: '2025-04-30',
      timezone: 'Asia/Jakarta',
      total: 6,
      byStatus: { baru: 1, proses: 1, pending: 1, selesai: 2, ditutup: 1 },
      perMonth: [
        { month: '2025-01', tickets: 2 },
        { month: '2025-02', tickets: 3 },
        { month: '2025-03', tickets: 1 },
        { month: '2025-04', tickets: 0 },
      ],
      // Waits of 1, 2, 3, 4 and 10 hours: the median is 3 h, the 90th percentile 4 + 0.6 × 6 = 7.6 h.
      timeToFirstAssignment: { count: 5, medianMs: 3 * HOUR, p90Ms: 27_360_000 /* 7.6 h */ },
      // 10, 20 and 40 hours: median 20 h, 90th percentile 20 + 0.8 × 20 = 36 h.
      timeToFinish: { count: 3, medianMs: 20 * HOUR, p90Ms: 36 * HOUR },
      technicians: [
        { staffId: t1.id, name: 'Andi', open: 1, finished: 2 },
        { staffId: t2.id, name: 'Bayu', open: 1, finished: 1 },
      ],
    });
  });

  test('When the range starts on 1 February WIB, then the ticket of 00:30 WIB is in and the one of 23:30 the evening before is out', async () => {
    const res = await admin.get('/api/stats?from=2025-02-01&to=2025-02-28').expect(200);

    expect(res.body).toMatchObject({
      total: 3,
      byStatus: { baru: 0, proses: 1, pending: 1, selesai: 1, ditutup: 0 },
      perMonth: [{ month: '2025-02', tickets: 3 }],
      timeToFirstAssignment: { count: 3, medianMs: 4 * HOUR, p90Ms: 31_680_000 /* 8.8 h */ },
      timeToFinish: { count: 1, medianMs: 40 * HOUR, p90Ms: 40 * HOUR },
      technicians: [
        { name: 'Andi', open: 1, finished: 0 },
        { name: 'Bayu', open: 1, finished: 1 },
      ],
    });
  });

  test('When a range holds no ticket, then its months are listed with zero and the percentiles are null', async () => {
    const empty = await admin.get('/api/stats?from=2030-01-01&to=2030-02-28').expect(200);
    expect(empty.body).toMatchObject({
      total: 0,
      perMonth: [
        { month: '2030-01', tickets: 0 },
        { month: '2030-02', tickets: 0 },
      ],
      timeToFirstAssignment: { count: 0, medianMs: null, p90Ms: null },
      timeToFinish: { count: 0, medianMs: null, p90Ms: null },
      technicians: [],
    });
  });

  test('When no period is given, then the last 30 days up to today in WIB count; with one side only, the other is filled in', async () => {
    app.clock.set(wib(2025, 3, 21, 0, 30)); // still 20 March in UTC
    const recent = await admin.get('/api/stats').expect(200);
    // 20 February 09:00 WIB (ticket e) is the first day of the window; 15 February (d) is before it.
    expect(recent.body).toMatchObject({ from: '2025-02-20', to: '2025-03-21', total: 2, byStatus: { baru: 1, selesai: 1 } });
    expect(recent.body.perMonth).toEqual([
      { month: '2025-02', tickets: 1 },
      { month: '2025-03', tickets: 1 },
    ]);

    const endingInFebruary = await admin.get('/api/stats?to=2025-02-28').expect(200);
    expect(endingInFebruary.body).toMatchObject({ from: '2025-01-30', to: '2025-02-28', total: 4 });
    const sinceMarch = await admin.get('/api/stats?from=2025-03-01').expect(200);
    expect(sinceMarch.body).toMatchObject({ from: '2025-03-01', to: '2025-03-21', total: 1 });
  });

  test.each([
    ['from=2025-02-30', 'from'],
    ['from=2025-03-01&to=2025-02-01', 'to'],
    ['from=2000-01-01&to=2030-12-31', 'from'],
  ])('When the query has %s, then 400 names %s', async (query, field) => {
    const res = await admin.get(`/api/stats?${query}`).expect(400);
    expect(res.body.error.message).toMatch(new RegExp(`^${field}: `));
  });

  test('When a technician asks for statistics, then the answer is 403', async () => {
    const tbo = await staffMember(app, 'TBO');
    await tbo.get('/api/stats').expect(403);
  });
});

describe('stats arithmetic', () => {
  const reader = (sorted: number[]) => async (offset: number, limit: number) => sorted.slice(offset, offset + limit);

  test('When quantiles are taken, then they interpolate between ranks and read at most two values', async () => {
    expect(await quantile(4, 0.5, reader([1, 2, 3, 4]))).toBe(3); // 2.5 rounded to whole ms
    expect(await quantile(4, 0.5, reader([1000, 2000, 3000, 4000]))).toBe(2500);
    expect(await quantile(1, 0.9, reader([7]))).toBe(7);
    expect(await quantile(0, 0.5, reader([]))).toBeNull();
    const read = jest.fn(reader([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]));
    expect(await quantile(10, 0.9, read)).toBe(91);
    expect(read).toHaveBeenCalledWith(8, 2);
    expect(quantileOffsets(10, 0.9)).toEqual([8, 9]);
    expect(quantileOffsets(1, 0.5)).toEqual([0]);
    expect(quantileOffsets(0, 0.5)).toEqual([]);
  });

  test('When months are cut in Asia/Jakarta, then each starts at 00:00 WIB on the 1st, and December rolls into January', () => {
    const { months, edges } = monthEdges(wib(2024, 11, 30, 23), wib(2025, 1, 1, 0, 30), 'Asia/Jakarta');
    expect(months).toEqual(['2024-11', '2024-12', '2025-01']);
    expect(edges).toEqual([wib(2024, 11, 1), wib(2024, 12, 1), wib(2025, 1, 1), wib(2025, 2, 1)]);
  });
});
