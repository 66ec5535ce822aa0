import type { SignedIn } from '../support/api-client';
import { createEmployee, createStaff } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';
import { openApiDocument } from '../../src/http/openapi';
import { countQueries, DAY, fileTicket, HOUR, insertTickets, staffMember, wib } from './ticket-fixtures';

describeEachDialect('GET /api/tickets', (dialect) => {
  let app: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    app = await startTestApp(dialect);
    admin = await staffMember(app, 'Administrator');
  });
  afterAll(() => app.close());

  const list = (query: string, as: SignedIn = admin) => as.get(`/api/tickets?${query}`);
  const numbers = (res: { body: { items: { trackingNo: string }[] } }) => res.body.items.map((t) => t.trackingNo);

  test('When tickets are listed, then each row carries the reporter, the active technicians, its age H+n in WIB and the duration once finished', async () => {
    const tech = await createStaff(app.db, { name: 'Siswanto' });
    const other = await createStaff(app.db, { name: 'Joko' });
    const marta = await createEmployee(app.db, { name: 'R Marta Dinata', department: 'TIF', unit: 'IT' });
    const old = await fileTicket(app, { phone: marta.phone, complaint: 'lampu kelas 3.2 mati', at: wib(2023, 1, 1, 23, 30) });
    const done = await fileTicket(app, { complaint: 'kran wc bocor', at: wib(2023, 1, 2, 8, 0) });
    app.clock.set(wib(2023, 1, 2, 9, 0));
    await admin.post(`/api/tickets/${old.trackingNo}/assignments`, { staffId: tech.id }).expect(201);
    const withdrawn = await admin.post(`/api/tickets/${old.trackingNo}/assignments`, { staffId: other.id }).expect(201);
    await admin.delete(`/api/tickets/${old.trackingNo}/assignments/${withdrawn.body.id}`).expect(200);
    await admin.patch(`/api/tickets/${done.trackingNo}`, { status: 'proses' }).expect(200);
    app.clock.set(wib(2023, 1, 4, 10, 0));
    await admin.patch(`/api/tickets/${done.trackingNo}`, { status: 'selesai' }).expect(200);
    const fresh = await fileTicket(app, { at: wib(2023, 1, 9, 23, 50) });

    app.clock.set(wib(2023, 1, 10, 0, 10)); // twenty minutes after `fresh`, but the next day in Jakarta
    const res = await list('from=2023-01-01&to=2023-01-31').expect(200);

    expect(res.body).toMatchObject({ total: 3, page: 1, pageSize: 20 });
    expect(numbers(res)).toEqual([fresh.trackingNo, done.trackingNo, old.trackingNo]);
    const [f, d, o] = res.body.items;
    expect(o).toEqual({
      trackingNo: old.trackingNo,
      status: 'proses',
      complaint: 'lampu kelas 3.2 mati',
      channel: 'whatsapp',
      reporter: { employeeId: marta.id, name: 'R Marta Dinata', phone: marta.phone, unit: 'TIF/IT' },
      assignees: [{ assignmentId: expect.any(Number), staffId: tech.id, name: 'Siswanto' }],
      category: { id: expect.any(Number), code: 'listrik', name: 'Listrik' },
      place: null,
      priority: 'normal',
      // Assigned, not started: the start clock runs, long past its due on 11 January.
      due: {
        assignAt: expect.any(String),
        startAt: expect.any(String),
        finishAt: expect.any(String),
        nextAt: expect.any(String),
        state: 'late',
        workingTime: true,
        leftMinutes: null,
        lateMinutes: expect.any(Number),
      },
      createdAt: new Date(wib(2023, 1, 1, 23, 30)).toISOString(),
      updatedAt: new Date(wib(2023, 1, 2, 9, 0)).toISOString(),
      firstAssignedAt: new Date(wib(2023, 1, 2, 9, 0)).toISOString(),
      finishedAt: null,
      closedAt: null,
      ageDays: 9,
      age: 'H+9',
      durationMs: null,
    });
    expect(d).toMatchObject({
      status: 'selesai',
      assignees: [],
      age: 'H+2',
      durationMs: 2 * DAY + 2 * HOUR,
      finishedAt: new Date(wib(2023, 1, 4, 10)).toISOString(),
    });
    expect(f).toMatchObject({ status: 'baru', age: 'H+1', durationMs: null, firstAssignedAt: null });
  });

  test('When the list is filtered by status, assignee, reporter, WIB dates and free text, then only matching tickets come back', async () => {
    const sari = await createEmployee(app.db, { name: 'Ibu Sari Wulandari', phone: '6281234500001' });
    const budi = await createEmployee(app.db, { name: 'Budi' });
    const tech = await createStaff(app.db);
    const before = await fileTicket(app, { phone: sari.phone, complaint: 'sebelum april', at: wib(2023, 3, 31, 23, 59) });
    const a = await fileTicket(app, { phone: sari.phone, complaint: 'AC ruang 3.2 bocor', at: wib(2023, 4, 1, 0, 0) });
    const b = await fileTicket(app, { phone: budi.phone, complaint: 'proyektor 100% mati', at: wib(2023, 4, 15, 12) });
    const c = await fileTicket(app, { phone: budi.phone, complaint: 'kran wc bocor', at: wib(2023, 4, 30, 23, 59) });
    const after = await fileTicket(app, { phone: sari.phone, complaint: 'sesudah april', at: wib(2023, 5, 1, 0, 0) });
    await admin.patch(`/api/tickets/${b.trackingNo}`, { status: 'pending' }).expect(200);
    await admin.post(`/api/tickets/${c.trackingNo}/assignments`, { staffId: tech.id }).expect(201);
    const april = 'from=2023-04-01&to=2023-04-30&sort=createdAt&order=asc';

    expect(numbers(await list(april))).toEqual([a.trackingNo, b.trackingNo, c.trackingNo]);
    expect(numbers(await list('from=2023-03-31&to=2023-05-01&order=asc'))).toEqual([before, a, b, c, after].map((t) => t.trackingNo));
    expect(numbers(await list(`${april}&status=pending`))).toEqual([b.trackingNo]);
    expect(numbers(await list(`${april}&status=baru,pending`))).toEqual([a.trackingNo, b.trackingNo]);
    expect(numbers(await list(`${april}&status=baru&status=proses`))).toEqual([a.trackingNo, c.trackingNo]);
    expect(numbers(await list(`${april}&assignee=${tech.id}`))).toEqual([c.trackingNo]);
    expect(numbers(await list(`from=2023-03-01&to=2023-05-31&order=asc&reporter=081234500001`))).toEqual(
      [before, a, after].map((t) => t.trackingNo),
    );
    expect(numbers(await list(`${april}&reporter=${encodeURIComponent('+62 812-3450-0001')}`))).toEqual([a.trackingNo]);
    expect(numbers(await list(`${april}&reporter=${budi.id}`))).toEqual([b.trackingNo, c.trackingNo]);
    expect(numbers(await list(`${april}&q=BOCOR`))).toEqual([a.trackingNo, c.trackingNo]);
    expect(numbers(await list(`${april}&q=${b.trackingNo.toLowerCase()}`))).toEqual([b.trackingNo]);
    expect(numbers(await list(`${april}&q=${encodeURIComponent('100%')}`))).toEqual([b.trackingNo]);
    expect(numbers(await list(`${april}&q=${encodeURIComponent('%')}`))).toEqual([b.trackingNo]);
    expect(numbers(await list(`${april}&q=wulandari`))).toEqual([a.trackingNo]);
    expect(numbers(await list(`${april}&q=bocor&status=proses&reporter=${budi.phone}`))).toEqual([c.trackingNo]);
    expect((await list(`${april}&q=tidak-ada`)).body).toEqual({ items: [], total: 0, totalIsLowerBound: false, page: 1, pageSize: 20 });
  });

  test('When sorted and paginated, then the order is stable, statuses follow the workflow and the total counts every match', async () => {
    const made = [];
    for (let day = 1; day <= 5; day++) made.push(await fileTicket(app, { at: wib(2023, 6, day, 9) }));
    const [t1, t2, t3, t4, t5] = made.map((t) => t.trackingNo) as [string, string, string, string, string];
    app.clock.set(wib(2023, 6, 10, 9));
    await admin.patch(`/api/tickets/${t1}`, { status: 'ditutup' }).expect(200);
    await admin.patch(`/api/tickets/${t2}`, { status: 'pending' }).expect(200);
    await admin.patch(`/api/tickets/${t3}`, { status: 'proses' }).expect(200);
    await admin.patch(`/api/tickets/${t4}`, { status: 'proses' }).expect(200);
    app.clock.set(wib(2023, 6, 10, 10));
    await admin.patch(`/api/tickets/${t4}`, { status: 'selesai' }).expect(200);
    const june = 'from=2023-06-01&to=2023-06-30';

    expect(numbers(await list(`${june}&sort=trackingNo&order=asc`))).toEqual([t1, t2, t3, t4, t5]);
    expect(numbers(await list(`${june}&sort=status&order=asc`))).toEqual([t5, t3, t2, t4, t1]);
    expect(numbers(await list(`${june}&sort=status&order=desc`))).toEqual([t1, t4, t2, t3, t5]);
    expect(numbers(await list(`${june}&sort=updatedAt&order=desc`))).toEqual([t4, t3, t2, t1, t5]);
    const page2 = await list(`${june}&sort=createdAt&order=desc&page=2&pageSize=2`).expect(200);
    expect(page2.body).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(numbers(page2)).toEqual([t3, t2]);
    expect(numbers(await list(`${june}&page=4&pageSize=2`))).toEqual([]);
  });

  test.each([
    ['status=rusak', 'status'],
    ['pageSize=101', 'pageSize'],
    ['page=0', 'page'],
    ['from=2024-02-30', 'from'],
    ['to=16-09-2024', 'to'],
    ['from=2024-09-10&to=2024-09-01', 'to'],
    ['sort=priority', 'sort'],
    ['order=up', 'order'],
  ])('When the query has %s, then the answer is 400 naming %s', async (query, field) => {
    const res = await list(query).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toMatch(new RegExp(`^${field}(\\.\\d+)?: `));
  });

  test('When a technician lists tickets, then only those actively assigned to them appear, and other filters still apply', async () => {
    const tbo = await staffMember(app, 'TBO');
    const other = await createStaff(app.db);
    const mine = await fileTicket(app, { at: wib(2023, 7, 1, 9) });
    const theirs = await fileTicket(app, { at: wib(2023, 7, 2, 9) });
    const taken = await fileTicket(app, { at: wib(2023, 7, 3, 9) });
    const paused = await fileTicket(app, { at: wib(2023, 7, 4, 9) });
    await admin.post(`/api/tickets/${mine.trackingNo}/assignments`, { staffId: tbo.staff.id }).expect(201);
    await admin.post(`/api/tickets/${theirs.trackingNo}/assignments`, { staffId: other.id }).expect(201);
    const w = await admin.post(`/api/tickets/${taken.trackingNo}/assignments`, { staffId: tbo.staff.id }).expect(201);
    await admin.delete(`/api/tickets/${taken.trackingNo}/assignments/${w.body.id}`).expect(200);
    await admin.post(`/api/tickets/${paused.trackingNo}/assignments`, { staffId: tbo.staff.id }).expect(201);
    await admin.patch(`/api/tickets/${paused.trackingNo}`, { status: 'pending' }).expect(200);
    const july = 'from=2023-07-01&to=2023-07-31&order=asc';

    const res = await list(july, tbo).expect(200);
    expect(numbers(res)).toEqual([mine.trackingNo, paused.trackingNo]);
    expect(res.body.total).toBe(2);
    expect(numbers(await list(`${july}&status=pending`, tbo))).toEqual([paused.trackingNo]);
    expect(numbers(await list(`${july}&assignee=${other.id}`, tbo))).toEqual([]);
    expect(numbers(await list(july))).toHaveLength(4);
  });

  test('When a page of 20 tickets with two technicians each is listed, then it takes three queries besides the sign-in check, as does a page of 5', async () => {
    const techs = [await createStaff(app.db, { name: 'Teknisi A' }), await createStaff(app.db, { name: 'Teknisi B' })];
    await insertTickets(app, 30, 'BRT2308', (i) => ({
      status: 'proses',
      created_at: wib(2023, 8, 1) + i * HOUR,
      updated_at: wib(2023, 8, 1) + i * HOUR,
    }));
    const tickets = await app.db.kysely.selectFrom('tickets').select('id').where('tracking_no', 'like', 'BRT2308%').execute();
    await app.db.kysely
      .insertInto('assignments')
      .values(
        tickets.flatMap((t) =>
          techs.map((s) => ({
            ticket_id: t.id,
            staff_id: s.id,
            note: null,
            status: 'active' as const,
            assigned_by: null,
            assigned_at: wib(2023, 8, 1),
          })),
        ),
      )
      .execute();

    const big = await countQueries(app, () => list('from=2023-08-01&to=2023-08-31&pageSize=20').expect(200));
    const small = await countQueries(app, () => list('from=2023-08-01&to=2023-08-31&pageSize=5&page=3').expect(200));

    expect(big.result.body.items).toHaveLength(20);
    expect(big.result.body.total).toBe(30);
    for (const item of big.result.body.items)
      expect(item.assignees.map((a: { name: string }) => a.name)).toEqual(['Teknisi A', 'Teknisi B']);
    expect(big.queries).toBe(1 + 3);
    expect(small.queries).toBe(1 + 3);
  });

  test('When no token is sent, then the answer is 401', async () => {
    const res = await app.http.get('/api/tickets').expect(401);
    expect(res.body.error.code).toBe('UNAUTHORIZED');
  });
});

describe('OpenAPI description of the ticket routes', () => {
  test('When the document is generated, then every ticket, message, outbox and stats route is in it with its parameters', () => {
    // The routers registered their paths when the app's modules were loaded (imported above).
    const doc = openApiDocument();
    const paths = doc.paths ?? {};
    for (const [path, method] of [
      ['/api/tickets', 'get'],
      ['/api/tickets/export', 'get'],
      ['/api/tickets/{trackingNo}', 'get'],
      ['/api/tickets/{trackingNo}', 'patch'],
      ['/api/tickets/{trackingNo}/events', 'post'],
      ['/api/tickets/{trackingNo}/assignments', 'post'],
      ['/api/tickets/{trackingNo}/assignments/{id}', 'delete'],
      ['/api/messages', 'get'],
      ['/api/outbox', 'get'],
      ['/api/outbox/{id}/retry', 'post'],
      ['/api/stats', 'get'],
    ] as const) {
      expect(paths[path]?.[method]).toBeDefined();
    }
    const params = (paths['/api/tickets']?.get?.parameters ?? []) as { name: string }[];
    expect(params.map((p) => p.name)).toEqual(
      expect.arrayContaining(['status', 'assignee', 'reporter', 'from', 'to', 'q', 'sort', 'order', 'page', 'pageSize']),
    );
  });
});
