import { randomUUID } from 'node:crypto';
import { signedIn, type SignedIn } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';

const START = Date.UTC(2024, 8, 16, 11, 26, 28);
const MINUTE = 60_000;
let phoneSeq = 0;
const phone = () => `0856${String(++phoneSeq).padStart(8, '0')}`;

describeEachDialect('GET /api/audit', (dialect) => {
  let app: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    app = await startTestApp(dialect);
    admin = await signedIn(app, 'Administrator');
  });
  afterAll(() => app.close());
  beforeEach(() => app.clock.set(START));

  /** Writes through the API at `at` (signing in again there, so the token is fresh). */
  async function createEmployeeAt(at: number, who: SignedIn['staff']['level'] = 'Staf', name = 'Audited') {
    app.clock.set(at);
    const actor = await signedIn(app, who);
    const res = await actor.post('/api/employees', { name, phone: phone() });
    expect(res.status).toBe(201);
    return { actor, employee: res.body as { id: string; name: string } };
  }

  test('When an employee is created and changed, then the audit shows who, what, when, before and after, newest first', async () => {
    const { actor, employee } = await createEmployeeAt(START + MINUTE, 'Staf', 'First Name');
    app.clock.set(START + 2 * MINUTE);
    await actor.patch(`/api/employees/${employee.id}`, { name: 'Second Name' }).set('x-request-id', 'req-audit-2');

    const res = await admin.get(`/api/audit?entity=employee&entityId=${employee.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    expect(res.body.items).toEqual([
      {
        id: expect.any(Number),
        at: new Date(START + 2 * MINUTE).toISOString(),
        actor: { id: actor.staff.id, name: actor.staff.name },
        action: 'employee.update',
        entity: 'employee',
        entityId: employee.id,
        before: expect.objectContaining({ name: 'First Name' }),
        after: expect.objectContaining({ name: 'Second Name' }),
        requestId: 'req-audit-2',
        ip: '127.0.0.1',
      },
      expect.objectContaining({
        action: 'employee.create',
        before: null,
        after: expect.objectContaining({ name: 'First Name' }),
        at: new Date(START + MINUTE).toISOString(),
      }),
    ]);
  });

  test('When filtered by actor, then only that staff member’s writes are listed', async () => {
    const one = await createEmployeeAt(START);
    await createEmployeeAt(START);
    const res = await admin.get(`/api/audit?actor=${one.actor.staff.id}`);
    expect(res.body.items.map((a: { entityId: string }) => a.entityId)).toEqual([one.employee.id]);
  });

  test('When from and to are given, then from is inclusive and to exclusive, as epoch ms or ISO 8601 with a zone', async () => {
    const base = Date.UTC(2030, 0, 1);
    const atBase = await createEmployeeAt(base);
    const later = await createEmployeeAt(base + 10 * MINUTE);
    await createEmployeeAt(base + 20 * MINUTE);
    app.clock.set(base + 30 * MINUTE);
    const reader = await signedIn(app, 'Administrator');

    const ms = await reader.get(`/api/audit?entity=employee&from=${base}&to=${base + 20 * MINUTE}`);
    expect(ms.body.items.map((a: { entityId: string }) => a.entityId)).toEqual([later.employee.id, atBase.employee.id]);

    const iso = await reader.get(
      `/api/audit?entity=employee&from=${encodeURIComponent('2030-01-01T07:05:00+07:00')}&to=2030-01-01T00:15:00Z`,
    );
    expect(iso.body.items.map((a: { entityId: string }) => a.entityId)).toEqual([later.employee.id]);
  });

  test.each([
    ['from=yesterday', 'from'],
    ['to=2030-01-01T00:00:00', 'to'],
    ['pageSize=500', 'pageSize'],
    ['entity=', 'entity'],
  ])('When the query is %s, then 400 names %s', async (query, field) => {
    const res = await admin.get(`/api/audit?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field } });
  });

  test('When the log is paged, then pages do not overlap and total counts every match', async () => {
    const t = randomUUID().slice(0, 8);
    const actor = await signedIn(app, 'Staf');
    for (let i = 0; i < 5; i++) await actor.post('/api/employees', { name: `Paged ${t} ${i}`, phone: phone() });
    const p1 = await admin.get(`/api/audit?actor=${actor.staff.id}&pageSize=2&page=1`);
    const p3 = await admin.get(`/api/audit?actor=${actor.staff.id}&pageSize=2&page=3`);
    expect(p1.body).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(p1.body.items.map((a: { after: { name: string } }) => a.after.name)).toEqual([`Paged ${t} 4`, `Paged ${t} 3`]);
    expect(p3.body.items.map((a: { after: { name: string } }) => a.after.name)).toEqual([`Paged ${t} 0`]);
  });

  test('When staff and sign-in writes happen, then they are in the log too and none holds a password', async () => {
    const res = await admin.post('/api/staff', {
      name: 'Audited Tech',
      level: 'TBO',
      username: `tech.${randomUUID().slice(0, 8)}`,
      password: 'super secret words',
    });
    await admin.patch(`/api/staff/${res.body.id}`, { password: 'other secret words' });
    const log = await admin.get(`/api/audit?entity=staff&entityId=${res.body.id}`);
    expect(log.body.items.map((a: { action: string }) => a.action)).toEqual(['staff.update', 'staff.create']);
    expect(JSON.stringify(log.body)).not.toMatch(/secret words|argon2/);
  });

  test('When someone other than an Administrator asks, then 403; without a token, 401', async () => {
    expect((await (await signedIn(app, 'Staf')).get('/api/audit')).status).toBe(403);
    expect((await app.http.get('/api/audit')).status).toBe(401);
  });
});
