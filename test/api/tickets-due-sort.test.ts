import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';
import { insertTickets, staffMember, wib } from './ticket-fixtures';

const BASE = wib(2017, 3, 1, 8);

describeEachDialect('GET /api/tickets?sort=dueAt', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
    // 40 tickets: every third without a running clock, the rest on five due times (ties broken by id).
    await insertTickets(app, 40, 'BRT1703', (i) => ({
      created_at: BASE + i * 60_000,
      updated_at: BASE + i * 60_000,
      sla_due_at: i % 3 === 0 ? null : BASE + (i % 5) * 3_600_000,
    }));
  });
  afterAll(() => app.close());

  const expected = async (order: 'asc' | 'desc') => {
    const rows = await app.db.kysely
      .selectFrom('tickets')
      .select(['id', 'tracking_no', 'sla_due_at'])
      .where('tracking_no', 'like', 'BRT1703%')
      .execute();
    const due = (d: number | string | null) => (d === null ? null : Number(d));
    return rows
      .sort((a, b) => {
        const [da, db] = [due(a.sla_due_at), due(b.sla_due_at)];
        if (da === null || db === null) return da === db ? (order === 'asc' ? a.id - b.id : b.id - a.id) : da === null ? 1 : -1;
        return order === 'asc' ? da - db || a.id - b.id : db - da || b.id - a.id;
      })
      .map((r) => r.tracking_no);
  };

  test.each([
    ['asc', 7],
    ['desc', 7],
    ['asc', 20],
    ['asc', 27],
  ] as const)(
    'When the desk pages through tickets by due %s, %i a page, then each ticket comes once, dues in order with ties by id and tickets without a due last',
    async (order, pageSize) => {
      const desk = await staffMember(app, 'Staf');
      const seen: string[] = [];
      for (let page = 1; page <= Math.ceil(40 / pageSize) + 1; page++) {
        const res = await desk
          .get(`/api/tickets?from=2017-03-01&to=2017-03-01&sort=dueAt&order=${order}&pageSize=${pageSize}&page=${page}`)
          .expect(200);
        expect(res.body.total).toBe(40);
        seen.push(...(res.body.items as Array<{ trackingNo: string }>).map((t) => t.trackingNo));
      }
      expect(seen).toEqual(await expected(order));
    },
  );

  test('When a page starts past every ticket with a due, then it lists those without one from the right place', async () => {
    const desk = await staffMember(app, 'Staf');
    const all = await expected('asc');
    const res = await desk.get('/api/tickets?from=2017-03-01&to=2017-03-01&sort=dueAt&order=asc&pageSize=5&page=7').expect(200);
    expect((res.body.items as Array<{ trackingNo: string }>).map((t) => t.trackingNo)).toEqual(all.slice(30, 35));
  });
});
