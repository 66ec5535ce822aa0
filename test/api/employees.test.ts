import { randomUUID } from 'node:crypto';
import { signedIn, type SignedIn } from '../support/api-client';
import { createEmployee } from '../support/factories';
import { auditRowsOf } from '../support/staff-login';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';

const START = Date.UTC(2024, 8, 16, 11, 26, 28);
let phoneSeq = 0;
/** A number no other test uses, in the 08… spelling people type. */
const localPhone = () => `0857${String(process.pid % 1000).padStart(3, '0')}${String(++phoneSeq).padStart(5, '0')}`;
const intl = (local: string) => `62${local.slice(1)}`;
const tag = () => randomUUID().slice(0, 8);

describeEachDialect('/api/employees', (dialect) => {
  let app: TestApp;
  let admin: SignedIn;
  let staf: SignedIn;
  beforeAll(async () => {
    app = await startTestApp(dialect);
    admin = await signedIn(app, 'Administrator');
    staf = await signedIn(app, 'Staf');
  });
  afterAll(() => app.close());
  beforeEach(() => app.clock.set(START));

  const row = (id: string) => app.db.kysely.selectFrom('employees').selectAll().where('id', '=', id).executeTakeFirst();

  test('When Staf registers an employee without an id, then it gets the month’s next PGW{YY}{MM}{NNN}, the phone is stored as 62…, and the creation is audited', async () => {
    const phone = localPhone();
    const res = await staf
      .post('/api/employees', {
        name: 'R Marta Dinata',
        phone: `+62 ${phone.slice(1, 4)}-${phone.slice(4)}`,
        department: 'TIF',
        unit: 'IT',
        email: 'marta@kampus.example',
      })
      .set('x-request-id', 'req-create-1');

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^PGW2409\d{3}$/),
      name: 'R Marta Dinata',
      email: 'marta@kampus.example',
      phone: intl(phone),
      department: 'TIF',
      unit: 'IT',
      status: 'active',
      notes: null,
      createdAt: new Date(START).toISOString(),
      updatedAt: new Date(START).toISOString(),
    });
    expect(res.headers.location).toBe(`/api/employees/${res.body.id}`);
    expect(await row(res.body.id)).toMatchObject({ phone: intl(phone), status: 'active', department: 'TIF' });

    const next = await staf.post('/api/employees', { name: 'She Min Ah', phone: localPhone() });
    expect(Number(next.body.id.slice(7))).toBe(Number(res.body.id.slice(7)) + 1);

    const audit = await auditRowsOf(app, 'employee', res.body.id);
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'employee.create',
        actor_id: staf.staff.id,
        actor_name: staf.staff.name,
        before_json: null,
        after: res.body,
        request_id: 'req-create-1',
        ip: '127.0.0.1',
      }),
    ]);
  });

  test('When the month changes in Jakarta before it does in UTC, then the generated id follows Jakarta', async () => {
    app.clock.set(Date.UTC(2025, 0, 31, 17, 30)); // 00:30 WIB, 1 February 2025
    const later = await signedIn(app, 'Administrator'); // a token signed at the moved clock
    const res = await later.post('/api/employees', { name: 'Febriansyah', phone: localPhone() });
    expect(res.status).toBe(201);
    expect(res.body.id).toBe('PGW2502001');
  });

  test('When an id is given, then it is used (upper-cased), and a second employee with that id gets 409 naming id', async () => {
    const id = `pgw-${tag()}`;
    const res = await admin.post('/api/employees', { id, name: 'Given Id', phone: localPhone() });
    expect(res.status).toBe(201);
    expect(res.body.id).toBe(id.toUpperCase());

    const dup = await admin.post('/api/employees', { id, name: 'Other', phone: localPhone() });
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual({ error: { code: 'CONFLICT', message: 'id: already used by another employee', details: { field: 'id' } } });
    expect(await auditRowsOf(app, 'employee', id.toUpperCase())).toHaveLength(1);
  });

  test('When the phone is already registered in another spelling, then 409 names phone and nothing is written', async () => {
    const existing = await createEmployee(app.db);
    const local = `0${existing.phone.slice(2)}`;
    const before = await app.db.kysely
      .selectFrom('employees')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();

    const res = await admin.post('/api/employees', { name: 'Twin', phone: local });

    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({ code: 'CONFLICT', message: 'phone: already used by another employee', details: { field: 'phone' } });
    const after = await app.db.kysely
      .selectFrom('employees')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  test.each([
    [{ phone: '081234567890' }, 'name'],
    [{ name: 'A', phone: 'abc' }, 'phone'],
    [{ name: 'A', phone: '0812' }, 'phone'],
    [{ name: 'A', phone: '081234567890', email: 'not-an-email' }, 'email'],
    [{ name: 'A', phone: '081234567890', id: 'bad id!' }, 'id'],
    [{ name: '', phone: '081234567890' }, 'name'],
    [{ name: 'A', phone: '081234567890', unit: 'x'.repeat(101) }, 'unit'],
  ])('When the new employee is %j, then 400 names %s', async (body, field) => {
    const res = await admin.post('/api/employees', body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field } });
    expect(res.body.error.message.startsWith(`${field}: `)).toBe(true);
  });

  test('When the body has a field the API does not know, then 400 and nothing is written', async () => {
    const res = await admin.post('/api/employees', { name: 'A', phone: localPhone(), salary: 1 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toContain('salary');
  });

  test('When the directory is searched, then q matches name, id, phone (also typed as 08…) and unit, and total counts every match', async () => {
    const t = tag();
    const a = await createEmployee(app.db, { name: `Alpha ${t}`, unit: 'Humas' });
    const b = await createEmployee(app.db, { name: 'Beta', unit: `Unit ${t}` });
    const c = await createEmployee(app.db, { id: `PGW${t.toUpperCase()}`, name: 'Gamma' });
    await createEmployee(app.db, { name: 'Unrelated' });

    const byText = await staf.get(`/api/employees?q=${t}`);
    expect(byText.status).toBe(200);
    expect(byText.body).toMatchObject({ total: 3, page: 1, pageSize: 20 });
    expect(byText.body.items.map((e: { id: string }) => e.id).sort()).toEqual([a.id, b.id, c.id].sort());

    const byPhone = await staf.get(`/api/employees?q=${encodeURIComponent(`0${a.phone.slice(2)}`)}`);
    expect(byPhone.body.items.map((e: { id: string }) => e.id)).toEqual([a.id]);
    expect((await staf.get(`/api/employees?q=${a.phone.slice(-6)}`)).body.items.map((e: { id: string }) => e.id)).toContain(a.id);
  });

  test('When q holds % or _, then they are matched literally', async () => {
    const t = tag();
    await createEmployee(app.db, { name: `Percent ${t}` });
    expect((await admin.get(`/api/employees?q=${encodeURIComponent(`%${t}`)}`)).body.total).toBe(0);
    expect((await admin.get(`/api/employees?q=${encodeURIComponent(`Percent_${t}`)}`)).body.total).toBe(0);
  });

  test('When pages are asked for, then they are disjoint, ordered by name, and pageSize above 100 is refused', async () => {
    const t = tag();
    for (let i = 0; i < 5; i++) await createEmployee(app.db, { name: `Page ${t} ${i}` });

    const p1 = await admin.get(`/api/employees?q=${t}&page=1&pageSize=2`);
    const p3 = await admin.get(`/api/employees?q=${t}&page=3&pageSize=2`);
    expect(p1.body).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(p1.body.items.map((e: { name: string }) => e.name)).toEqual([`Page ${t} 0`, `Page ${t} 1`]);
    expect(p3.body.items.map((e: { name: string }) => e.name)).toEqual([`Page ${t} 4`]);

    for (const [query, field] of [
      ['pageSize=101', 'pageSize'],
      ['page=0', 'page'],
      ['page=x', 'page'],
      ['status=gone', 'status'],
    ]) {
      const res = await admin.get(`/api/employees?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual({ field });
    }
  });

  test('When filtered by status, then only employees of that status are listed', async () => {
    const t = tag();
    await createEmployee(app.db, { name: `Active ${t}` });
    const gone = await createEmployee(app.db, { name: `Gone ${t}`, status: 'inactive' });
    const res = await admin.get(`/api/employees?q=${t}&status=inactive`);
    expect(res.body.items.map((e: { id: string }) => e.id)).toEqual([gone.id]);
  });

  test('When one employee is read, then all public fields come back; an unknown id is 404', async () => {
    const e = await createEmployee(app.db, { name: 'Reader' });
    const res = await staf.get(`/api/employees/${e.id.toLowerCase()}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: e.id, name: 'Reader', phone: e.phone, status: 'active' });
    const missing = await staf.get('/api/employees/PGW0000000');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: 'NOT_FOUND', message: 'employee not found' } });
  });

  test('When an employee is changed, then only the given fields change, empty text becomes null, and the audit has before and after', async () => {
    const e = await createEmployee(app.db, { name: 'Old Name', unit: 'IT' });
    app.clock.advance(60_000);
    const phone = localPhone();
    const res = await admin.patch(`/api/employees/${e.id}`, { name: 'New Name', phone, unit: '' });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: e.id,
      name: 'New Name',
      phone: intl(phone),
      unit: null,
      department: 'TIF',
      updatedAt: new Date(START + 60_000).toISOString(),
    });
    expect(await row(e.id)).toMatchObject({ name: 'New Name', phone: intl(phone), unit: null });
    const [audit] = await auditRowsOf(app, 'employee', e.id);
    expect(audit).toMatchObject({
      action: 'employee.update',
      actor_id: admin.staff.id,
      before: { name: 'Old Name', unit: 'IT' },
      after: { name: 'New Name', unit: null },
    });
  });

  test('When a change would change nothing, then nothing is written or audited', async () => {
    const e = await createEmployee(app.db, { name: 'Same' });
    const res = await admin.patch(`/api/employees/${e.id}`, { name: 'Same', phone: e.phone });
    expect(res.status).toBe(200);
    expect(await auditRowsOf(app, 'employee', e.id)).toEqual([]);
  });

  test('When a change takes another employee’s phone, then 409 names phone; an empty change is 400; an unknown id is 404', async () => {
    const a = await createEmployee(app.db);
    const b = await createEmployee(app.db);
    const dup = await admin.patch(`/api/employees/${b.id}`, { phone: a.phone });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details).toEqual({ field: 'phone' });
    expect((await row(b.id))!.phone).toBe(b.phone);

    const empty = await admin.patch(`/api/employees/${b.id}`, {});
    expect(empty.status).toBe(400);
    expect((await admin.patch('/api/employees/PGW0000000', { name: 'x' })).status).toBe(404);
  });

  test('When an employee is deleted, then the record stays as inactive, the deactivation is audited once, and PATCH status brings it back', async () => {
    const e = await createEmployee(app.db);
    const del = await staf.delete(`/api/employees/${e.id}`);
    expect(del.status).toBe(200);
    expect(del.body.status).toBe('inactive');
    expect((await row(e.id))!.status).toBe('inactive');
    expect((await staf.delete(`/api/employees/${e.id}`)).status).toBe(200);

    const back = await staf.patch(`/api/employees/${e.id}`, { status: 'active' });
    expect(back.body.status).toBe('active');
    const audit = await auditRowsOf(app, 'employee', e.id);
    expect(audit.map((a) => a.action)).toEqual(['employee.deactivate', 'employee.reactivate']);
    expect(audit[0]).toMatchObject({ before: { status: 'active' }, after: { status: 'inactive' }, actor_id: staf.staff.id });
    expect((await staf.delete('/api/employees/PGW0000000')).status).toBe(404);
  });

  test('When two employees are created at once without ids, then both get different numbers', async () => {
    const [r1, r2, r3] = await Promise.all(
      [0, 1, 2].map((i) => admin.post('/api/employees', { name: `Parallel ${i}`, phone: localPhone() })),
    );
    expect([r1!.status, r2!.status, r3!.status]).toEqual([201, 201, 201]);
    expect(new Set([r1!.body.id, r2!.body.id, r3!.body.id]).size).toBe(3);
  });
});
