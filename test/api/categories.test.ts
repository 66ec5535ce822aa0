import { randomUUID } from 'node:crypto';
import { signedIn } from '../support/api-client';
import { auditRowsOf } from '../support/staff-login';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';
import { countQueries, fileTicket, insertTickets, staffMember, wib } from './ticket-fixtures';

const START = wib(2026, 12, 1, 9, 0);
const code = () => `k${randomUUID().slice(0, 8)}`;

describeEachDialect('/api/categories', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
  });
  afterAll(() => app.close());
  beforeEach(() => app.clock.set(START));

  test('When an Administrator lists the categories, then the default set comes in its order with its words', async () => {
    const admin = await signedIn(app, 'Administrator');
    const res = await admin.get('/api/categories').expect(200);
    const codes = res.body.items.map((c: { code: string }) => c.code);
    expect(codes.slice(0, 8)).toEqual(['listrik', 'ac', 'air', 'bangunan', 'it', 'kebersihan', 'keamanan', 'lainnya']);
    expect(res.body.items[0]).toMatchObject({
      name: 'Listrik',
      defaultPriority: 'normal',
      supervisorTarget: null,
      active: true,
      keywords: expect.arrayContaining(['stop kontak', 'korslet']),
    });
  });

  test('When an Administrator adds a category, then it is stored with a normalised supervisor, placed last, and audited as category.create', async () => {
    const admin = await signedIn(app, 'Administrator');
    const c = code();
    const res = await admin
      .post('/api/categories', {
        code: c.toUpperCase(),
        name: 'Lift',
        keywords: ['Lift', 'elevator', 'lift macet'],
        defaultPriority: 'tinggi',
        supervisorTarget: '0812-3456-7890',
      })
      .expect(201);

    expect(res.body).toMatchObject({
      code: c,
      name: 'Lift',
      keywords: ['lift', 'elevator', 'lift macet'],
      defaultPriority: 'tinggi',
      supervisorTarget: '6281234567890',
      active: true,
      createdAt: new Date(START).toISOString(),
    });
    expect(res.body.sortOrder).toBeGreaterThan(8);
    const [audit] = await auditRowsOf(app, 'category', String(res.body.id));
    expect(audit).toMatchObject({ action: 'category.create', actor_id: admin.staff.id, after: res.body });
  });

  test('When a category is changed and deactivated, then only the fields given change, before and after are audited, and a new ticket no longer gets it', async () => {
    const admin = await signedIn(app, 'Administrator');
    const created = (await admin.post('/api/categories', { code: code(), name: 'Parkir', keywords: ['palang parkir'] }).expect(201)).body;
    app.clock.set(START + 60_000);

    const changed = await admin
      .patch(`/api/categories/${created.id}`, { keywords: ['palang parkir', 'portal'], supervisorTarget: '120363000000000001@g.us' })
      .expect(200);
    expect(changed.body).toMatchObject({
      name: 'Parkir',
      keywords: ['palang parkir', 'portal'],
      supervisorTarget: '120363000000000001@g.us',
    });
    const t1 = await fileTicket(app, { complaint: 'portal parkir timur tidak mau naik', at: START + 120_000 });
    expect(t1.row.category_id).toBe(created.id);

    await admin.patch(`/api/categories/${created.id}`, { active: false }).expect(200);
    const t2 = await fileTicket(app, { complaint: 'portal parkir timur tidak mau naik', at: START + 180_000 });
    expect(t2.row.category_id).toBeNull();

    const audits = await auditRowsOf(app, 'category', String(created.id));
    expect(audits.map((a) => a.action)).toEqual(['category.create', 'category.update', 'category.update']);
    expect(audits[2]).toMatchObject({ before: { active: true }, after: { active: false } });
    const listed = (await admin.get('/api/categories').expect(200)).body.items.find((c: { id: number }) => c.id === created.id);
    expect(listed.active).toBe(false);
  });

  test('When a body is invalid, then 400 names the field; a duplicate code is 409', async () => {
    const admin = await signedIn(app, 'Administrator');
    const bad = async (body: object, field: string) => {
      const res = await admin.post('/api/categories', body).expect(400);
      expect(res.body.error.details.field).toBe(field);
    };
    await bad({ code: 'ok1', name: 'X', defaultPriority: 'sangat' }, 'defaultPriority');
    await bad({ code: 'bad code!', name: 'X' }, 'code');
    await bad({ code: 'ok2', name: 'X', keywords: ['a,b'] }, 'keywords.0');
    await bad({ code: 'ok3', name: 'X', supervisorTarget: 'pak budi' }, 'supervisorTarget');
    await bad({ code: 'ok4' }, 'name');

    const res = await admin.post('/api/categories', { code: 'listrik', name: 'Listrik lagi' }).expect(409);
    expect(res.body.error.code).toBe('CONFLICT');
    const other = (await admin.post('/api/categories', { code: code(), name: 'Y' }).expect(201)).body;
    await admin.patch(`/api/categories/${other.id}`, { code: 'ac' }).expect(409);
    await admin.patch('/api/categories/999999', { name: 'Z' }).expect(404);
  });

  test('When a #request says what is wrong, then the ticket gets the category and priority its text says', async () => {
    const admin = await signedIn(app, 'Administrator');
    const t = await fileTicket(app, { complaint: 'stop kontak di lab 2 korslet, keluar asap' });
    const res = await admin.get(`/api/tickets/${t.trackingNo}`).expect(200);
    expect(res.body.ticket).toMatchObject({ category: { code: 'listrik', name: 'Listrik' }, priority: 'darurat' });

    const plain = await fileTicket(app, { complaint: 'kursi ruang 3.4 patah' });
    const res2 = await admin.get(`/api/tickets/${plain.trackingNo}`).expect(200);
    expect(res2.body.ticket).toMatchObject({ category: null, priority: 'normal' });
  });

  test("When the desk changes a ticket's category and priority, then it is audited as ticket.classify, written into the history and shown", async () => {
    const staf = await signedIn(app, 'Staf', { name: 'Desk Dua' });
    const t = await fileTicket(app, { complaint: 'lampu kelas 3.2 mati' });
    const categories = (await staf.get('/api/categories').expect(200)).body.items as Array<{ id: number; code: string }>;
    const ac = categories.find((c) => c.code === 'ac')!;
    app.clock.set(START + 5 * 60_000);

    const res = await staf.patch(`/api/tickets/${t.trackingNo}/classification`, { categoryId: ac.id, priority: 'tinggi' }).expect(200);

    expect(res.body).toMatchObject({ category: { id: ac.id, code: 'ac', name: 'AC/Pendingin' }, priority: 'tinggi' });
    const [audit] = (await auditRowsOf(app, 'ticket', t.trackingNo)).filter((a) => a.action === 'ticket.classify');
    expect(audit).toMatchObject({
      actor_id: staf.staff.id,
      before: { category: { code: 'listrik' }, priority: 'normal' },
      after: { category: { code: 'ac' }, priority: 'tinggi' },
    });
    const detail = await staf.get(`/api/tickets/${t.trackingNo}`).expect(200);
    expect(detail.body.events.at(-1)).toMatchObject({
      kind: 'classification',
      note: 'Kategori diubah menjadi AC/Pendingin; Prioritas: Tinggi.',
      actorName: 'Desk Dua',
    });

    // Only the priority: the entry names only that, and nothing changing writes nothing.
    const normalFinish = res.body.due.finishAt;
    const urgent = await staf.patch(`/api/tickets/${t.trackingNo}/classification`, { priority: 'darurat' }).expect(200);
    // The dues are computed again: darurat finishes 240 wall-clock minutes after the report.
    expect(urgent.body.due.finishAt).toBe(new Date(START + 240 * 60_000).toISOString());
    expect(urgent.body.due.finishAt).not.toBe(normalFinish);
    await staf.patch(`/api/tickets/${t.trackingNo}/classification`, { priority: 'darurat' }).expect(200);
    const events = (await staf.get(`/api/tickets/${t.trackingNo}`).expect(200)).body.events.filter(
      (e: { kind: string }) => e.kind === 'classification',
    );
    expect(events.map((e: { note: string }) => e.note)).toEqual([
      'Kategori diubah menjadi AC/Pendingin; Prioritas: Tinggi.',
      'Prioritas: Darurat.',
    ]);
  });

  test('When the classification names no active category or nothing at all, then 400 naming the field', async () => {
    const admin = await signedIn(app, 'Administrator');
    const t = await fileTicket(app);
    const none = await admin.patch(`/api/tickets/${t.trackingNo}/classification`, { categoryId: 999999 }).expect(400);
    expect(none.body.error.details.field).toBe('categoryId');
    await admin.patch(`/api/tickets/${t.trackingNo}/classification`, {}).expect(400);
    const bad = await admin.patch(`/api/tickets/${t.trackingNo}/classification`, { priority: 'segera' }).expect(400);
    expect(bad.body.error.details.field).toBe('priority');
    await admin.patch('/api/tickets/BRT0000000001/classification', { priority: 'tinggi' }).expect(404);
  });

  test('When the list is filtered by category, priority and due, and sorted by due, then only those tickets come, nearest due first and tickets without one last, in three queries', async () => {
    const admin = await staffMember(app, 'Administrator'); // its token outlives the clock's jump to 2027
    const day = wib(2027, 3, 2, 9, 0); // a Tuesday of its own, so only this test's tickets are in range
    const range = 'from=2027-03-02&to=2027-03-02';
    const fire = await fileTicket(app, { complaint: 'kabel di gudang terbakar, keluar asap', at: day });
    const leak = await fileTicket(app, { complaint: 'kran toilet lt 3 bocor', at: day + 60_000 });
    const other = await fileTicket(app, { complaint: 'kursi ruang 2.1 patah', at: day + 120_000 });
    const old = await fileTicket(app, { complaint: 'wifi lab lemot', at: day + 180_000 });
    app.clock.set(day + 3_600_000);
    const now = app.clock.now();
    const set = (id: number, v: { due: number | null; paused?: number }) =>
      app.db.kysely
        .updateTable('tickets')
        .set({ due_assign_at: v.due, sla_due_at: v.due, sla_paused_at: v.paused ?? null, next_alert_at: null })
        .where('id', '=', id)
        .execute();
    await set(fire.id, { due: now - 60_000 }); // late
    await set(leak.id, { due: now + 30 * 60_000 }); // soon: its reminder went out
    await set(other.id, { due: now - 5 * 60_000, paused: now - 10 * 60_000 }); // past its due but paused: neither
    await set(old.id, { due: null }); // no running clock
    await app.db.kysely
      .insertInto('sla_alerts')
      .values({ ticket_id: leak.id, clock: 'assign', level: 'reminder', target: null, sent_at: now - 60_000 })
      .execute();
    const numbers = async (q: string) =>
      ((await admin.get(`/api/tickets?${range}&${q}`).expect(200)).body.items as Array<{ trackingNo: string }>).map((t) => t.trackingNo);
    const ids = Object.fromEntries(
      ((await admin.get('/api/categories').expect(200)).body.items as Array<{ id: number; code: string }>).map((c) => [c.code, c.id]),
    );

    expect(await numbers(`category=${ids.air}`)).toEqual([leak.trackingNo]);
    expect(await numbers(`category=${ids.listrik},${ids.it}&sort=createdAt&order=asc`)).toEqual([fire.trackingNo, old.trackingNo]);
    expect(await numbers('category=0')).toEqual([other.trackingNo]);
    expect(await numbers('priority=darurat')).toEqual([fire.trackingNo]);
    expect(await numbers('priority=tinggi,darurat&sort=createdAt&order=asc')).toEqual([fire.trackingNo, leak.trackingNo]);
    expect(await numbers('due=late')).toEqual([fire.trackingNo]);
    expect(await numbers('due=soon')).toEqual([leak.trackingNo]);
    expect(await numbers('sort=dueAt&order=asc')).toEqual([other.trackingNo, fire.trackingNo, leak.trackingNo, old.trackingNo]);
    expect(await numbers('sort=dueAt&order=desc')).toEqual([leak.trackingNo, fire.trackingNo, other.trackingNo, old.trackingNo]);

    const page = await countQueries(app, () => admin.get(`/api/tickets?${range}&due=late&sort=dueAt`).expect(200));
    expect(page.result.body.items[0]).toMatchObject({ due: { state: 'late', lateMinutes: 1 } });
    expect(page.queries).toBe(1 + 3); // the session, then the page, its technicians, the count
    const states = Object.fromEntries(
      ((await admin.get(`/api/tickets?${range}`).expect(200)).body.items as Array<{ trackingNo: string; due: { state: string } }>).map(
        (t) => [t.trackingNo, t.due.state],
      ),
    );
    expect(states).toEqual({
      [fire.trackingNo]: 'late',
      [leak.trackingNo]: 'soon',
      [other.trackingNo]: 'paused',
      [old.trackingNo]: expect.stringMatching(/^(met|none)$/),
    });

    const csv = await admin.get(`/api/tickets/export?${range}&format=csv&due=late`).expect(200);
    expect((csv.text as string).trim().split('\r\n')).toHaveLength(2);
    await admin.get('/api/tickets?due=someday').expect(400);
    await admin.get('/api/tickets?priority=urgent').expect(400);
  });

  test('When 1,200 tickets are exported by due, then every row comes once, in due order with ties by id and tickets without a due last, across batches', async () => {
    const admin = await staffMember(app, 'Staf');
    const base = wib(2018, 6, 1, 8);
    // A third without a due, the rest on seven due times: batches of 500 must continue inside equal keys.
    await insertTickets(app, 1200, 'BRT1806', (i) => ({
      created_at: base + i * 60_000,
      updated_at: base + i * 60_000,
      sla_due_at: i % 3 === 0 ? null : base + (i % 7) * 3_600_000,
    }));
    const rows = await app.db.kysely
      .selectFrom('tickets')
      .select(['id', 'tracking_no', 'sla_due_at'])
      .where('tracking_no', 'like', 'BRT1806%')
      .execute();
    const expectedOrder = (order: 'asc' | 'desc') =>
      [...rows]
        .sort((a, b) => {
          const due = (d: number | null) => (d === null ? null : Number(d));
          const [da, db] = [due(a.sla_due_at), due(b.sla_due_at)];
          if (da === null || db === null) return da === db ? (order === 'asc' ? a.id - b.id : b.id - a.id) : da === null ? 1 : -1;
          return order === 'asc' ? da - db || a.id - b.id : db - da || b.id - a.id;
        })
        .map((r) => r.tracking_no);

    for (const order of ['asc', 'desc'] as const) {
      const csv = await admin.get(`/api/tickets/export?format=csv&from=2018-06-01&to=2018-06-30&sort=dueAt&order=${order}`).expect(200);
      const numbers = (csv.text as string)
        .trim()
        .split('\r\n')
        .slice(1)
        .map((l) => l.slice(1, l.indexOf('"', 1)));
      expect(numbers).toEqual(expectedOrder(order));
    }
  });
});
