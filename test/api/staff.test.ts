import { randomUUID } from 'node:crypto';
import { verify as verifyArgon2 } from '@node-rs/argon2';
import { signedIn } from '../support/api-client';
import { createStaff } from '../support/factories';
import { auditRowsOf, loggedIn, login } from '../support/staff-login';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';

const START = Date.UTC(2024, 8, 16, 11, 26, 28);
const PASSWORD = 'a long enough secret';
let seq = 0;
const unique = () => `${randomUUID().slice(0, 6)}${++seq}`;
const newStaff = (o: Record<string, unknown> = {}) => ({
  name: 'Siswanto',
  level: 'TBO',
  username: `user.${unique()}`,
  password: PASSWORD,
  ...o,
});

describeEachDialect('/api/staff', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
  });
  afterAll(() => app.close());
  beforeEach(() => app.clock.set(START));

  const row = (id: string) => app.db.kysely.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  /** Leaves `keep` as the only active Administrator, as on a fresh installation. */
  const onlyActiveAdministrator = (keep: string) =>
    app.db.kysely.updateTable('staff').set({ status: 'inactive' }).where('level', '=', 'Administrator').where('id', '<>', keep).execute();

  test('When an Administrator adds a staff member, then the first free ADMnn is used, the password is stored as argon2id and never shown, the person can sign in, and the audit has no secret', async () => {
    const admin = await signedIn(app, 'Administrator');
    const res = await admin.post(
      '/api/staff',
      newStaff({ name: 'Adrasha', phone: '0899 8848 947', description: 'Teknisi IT', username: `Adrasha.${unique()}` }),
    );

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^ADM\d{2,}$/),
      name: 'Adrasha',
      level: 'TBO',
      description: 'Teknisi IT',
      email: null,
      phone: '628998848947',
      username: expect.stringMatching(/^adrasha\./),
      status: 'active',
      notes: null,
      lastLoginAt: null,
      createdAt: new Date(START).toISOString(),
      updatedAt: new Date(START).toISOString(),
    });
    const stored = await row(res.body.id);
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyArgon2(stored.password_hash!, PASSWORD)).toBe(true);
    expect((await login(app, res.body.username, PASSWORD)).status).toBe(200);

    const [audit] = await auditRowsOf(app, 'staff', res.body.id);
    expect(audit).toMatchObject({ action: 'staff.create', actor_id: admin.staff.id, after: res.body });
    expect(audit!.after_json).not.toMatch(/argon2|secret|password/i);
  });

  test('When ids are generated, then they are ADM01, ADM02… skipping numbers already taken', async () => {
    const admin = await signedIn(app, 'Administrator');
    const first = await admin.post('/api/staff', newStaff());
    const n = Number(first.body.id.slice(3));
    await createStaff(app.db, { id: `ADM${String(n + 1).padStart(2, '0')}` });
    const next = await admin.post('/api/staff', newStaff());
    expect(next.body.id).toBe(`ADM${String(n + 2).padStart(2, '0')}`);
  });

  test('When staff are listed, then no item ever contains a password hash or token version', async () => {
    const admin = await signedIn(app, 'Administrator');
    await admin.post('/api/staff', newStaff());
    const list = await admin.get('/api/staff?pageSize=100');
    expect(list.status).toBe(200);
    expect(list.body.total).toBeGreaterThan(0);
    expect(JSON.stringify(list.body)).not.toMatch(/argon2|password|hash|tokenVersion|token_version/i);
  });

  test.each([
    ['a password of 5 characters', { password: 'short' }, 'password'],
    ['no password', { password: undefined }, 'password'],
    ['level Boss', { level: 'Boss' }, 'level'],
    ['a username with a space', { username: 'a b' }, 'username'],
    ['a two-letter username', { username: 'ab' }, 'username'],
    ['a phone without digits', { phone: 'no phone' }, 'phone'],
    ['no name', { name: undefined }, 'name'],
  ])('When the new staff member has %s, then 400 names the field', async (_label, override, field) => {
    const admin = await signedIn(app, 'Administrator');
    const res = await admin.post('/api/staff', newStaff(override));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field } });
  });

  test('When the username (in another case), phone or id is taken, then 409 names that field', async () => {
    const admin = await signedIn(app, 'Administrator');
    const taken = await admin.post('/api/staff', newStaff({ phone: '081299990001' }));

    const byUsername = await admin.post('/api/staff', newStaff({ username: taken.body.username.toUpperCase() }));
    const byPhone = await admin.post('/api/staff', newStaff({ phone: '6281299990001' }));
    const byId = await admin.post('/api/staff', newStaff({ id: taken.body.id.toLowerCase() }));
    expect([byUsername.status, byPhone.status, byId.status]).toEqual([409, 409, 409]);
    expect(byUsername.body.error.details).toEqual({ field: 'username' });
    expect(byPhone.body.error.details).toEqual({ field: 'phone' });
    expect(byId.body.error.details).toEqual({ field: 'id' });
  });

  test('When staff are listed, then q, level and status filter and total counts the matches', async () => {
    const admin = await signedIn(app, 'Administrator');
    const t = unique();
    const tech = await admin.post('/api/staff', newStaff({ name: `Tech ${t}` }));
    await admin.post('/api/staff', newStaff({ name: `Clerk ${t}`, level: 'Staf' }));
    const gone = await admin.post('/api/staff', newStaff({ name: `Gone ${t}` }));
    await admin.delete(`/api/staff/${gone.body.id}`);

    const all = await admin.get(`/api/staff?q=${t}`);
    expect(all.body).toMatchObject({ total: 3, page: 1, pageSize: 20 });
    const techs = await admin.get(`/api/staff?q=${t}&level=TBO&status=active`);
    expect(techs.body.items.map((s: { id: string }) => s.id)).toEqual([tech.body.id]);
    expect((await admin.get('/api/staff?level=Boss')).status).toBe(400);
  });

  test('When one staff member is read, then the public fields come back; an unknown id is 404', async () => {
    const admin = await signedIn(app, 'Administrator');
    const s = await createStaff(app.db, { name: 'Dery Dehaelt', level: 'Staf' });
    const res = await admin.get(`/api/staff/${s.id}`);
    expect(res.body).toMatchObject({ id: s.id, name: 'Dery Dehaelt', level: 'Staf', username: s.username });
    expect(res.body).not.toHaveProperty('passwordHash');
    const missing = await admin.get('/api/staff/ADM00000');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: 'NOT_FOUND', message: 'staff member not found' } });
  });

  test('When an Administrator sets a new password by PATCH, then the person’s tokens die, only the new password works, and the audit says so without the password', async () => {
    const admin = await signedIn(app, 'Administrator');
    const tech = await loggedIn(app, 'TBO');
    const res = await admin.patch(`/api/staff/${tech.staff.id}`, { password: 'brand new passphrase' });

    expect(res.status).toBe(200);
    expect((await tech.get('/api/auth/me')).status).toBe(401);
    expect((await row(tech.staff.id)).token_version).toBe(1);
    expect((await login(app, tech.staff.username, tech.staff.password)).status).toBe(401);
    expect((await login(app, tech.staff.username, 'brand new passphrase')).status).toBe(200);
    const audit = (await auditRowsOf(app, 'staff', tech.staff.id)).find((a) => a.action === 'staff.update');
    expect(audit).toMatchObject({ actor_id: admin.staff.id, after: { passwordChanged: true } });
    expect(audit!.after_json).not.toContain('passphrase');
  });

  test('When fields other than the password or status change, then tokens keep working and before/after are audited', async () => {
    const admin = await signedIn(app, 'Administrator');
    const tech = await loggedIn(app, 'TBO');
    const res = await admin.patch(`/api/staff/${tech.staff.id}`, { level: 'Staf', notes: 'promoted', phone: '0812 7777 0001' });

    expect(res.body).toMatchObject({ level: 'Staf', notes: 'promoted', phone: '6281277770001' });
    const me = await tech.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.level).toBe('Staf');
    expect((await row(tech.staff.id)).token_version).toBe(0);
    const audit = (await auditRowsOf(app, 'staff', tech.staff.id)).filter((a) => a.action === 'staff.update');
    expect(audit).toEqual([
      expect.objectContaining({
        before: expect.objectContaining({ level: 'TBO', notes: null }),
        after: expect.objectContaining({ level: 'Staf', notes: 'promoted' }),
      }),
    ]);
  });

  test('When a staff member is deleted or PATCHed inactive, then the record stays, their tokens die, and the deactivation is audited', async () => {
    const admin = await signedIn(app, 'Administrator');
    const a = await loggedIn(app, 'Staf');
    const b = await loggedIn(app, 'TBO');

    const del = await admin.delete(`/api/staff/${a.staff.id}`);
    const patch = await admin.patch(`/api/staff/${b.staff.id}`, { status: 'inactive' });
    expect([del.status, patch.status]).toEqual([200, 200]);
    expect([del.body.status, patch.body.status]).toEqual(['inactive', 'inactive']);
    for (const who of [a, b]) {
      expect((await who.get('/api/auth/me')).status).toBe(401);
      expect(await row(who.staff.id)).toMatchObject({ status: 'inactive', token_version: 1 });
      expect((await auditRowsOf(app, 'staff', who.staff.id)).map((x) => x.action)).toContain('staff.deactivate');
    }
    const again = await admin.patch(`/api/staff/${a.staff.id}`, { status: 'active' });
    expect(again.body.status).toBe('active');
    expect((await login(app, a.staff.username, a.staff.password)).status).toBe(200);
  });

  test('When the last active Administrator tries to deactivate or demote themselves, then 409 and nothing changes', async () => {
    const admin = await signedIn(app, 'Administrator');
    await onlyActiveAdministrator(admin.staff.id);

    const del = await admin.delete(`/api/staff/${admin.staff.id}`);
    const demote = await admin.patch(`/api/staff/${admin.staff.id}`, { level: 'Staf' });
    const inactive = await admin.patch(`/api/staff/${admin.staff.id}`, { status: 'inactive', notes: 'bye' });
    for (const res of [del, demote, inactive]) {
      expect(res.status).toBe(409);
      expect(res.body.error).toEqual({
        code: 'CONFLICT',
        message: 'cannot deactivate or demote the last active Administrator',
        details: { reason: 'LAST_ADMINISTRATOR' },
      });
    }
    expect(await row(admin.staff.id)).toMatchObject({ level: 'Administrator', status: 'active', notes: null, token_version: 0 });
    expect(await auditRowsOf(app, 'staff', admin.staff.id)).toEqual([]);
  });

  test('When another Administrator is active, then an Administrator may deactivate themselves and is signed out', async () => {
    const admin = await signedIn(app, 'Administrator');
    await onlyActiveAdministrator(admin.staff.id);
    const other = await signedIn(app, 'Administrator');

    const res = await admin.delete(`/api/staff/${admin.staff.id}`);
    expect(res.status).toBe(200);
    expect((await admin.get('/api/auth/me')).status).toBe(401);
    expect((await other.delete(`/api/staff/${other.staff.id}`)).status).toBe(409);
  });

  test('When two last Administrators deactivate each other at the same moment, then at most one succeeds', async () => {
    const a = await signedIn(app, 'Administrator');
    await onlyActiveAdministrator(a.staff.id);
    const b = await signedIn(app, 'Administrator');

    const results = await Promise.all([a.delete(`/api/staff/${b.staff.id}`), b.delete(`/api/staff/${a.staff.id}`)]);
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    const admins = await app.db.kysely
      .selectFrom('staff')
      .select('id')
      .where('level', '=', 'Administrator')
      .where('status', '=', 'active')
      .execute();
    expect(admins).toHaveLength(1);
  });

  test('When a change takes another staff member’s username, then 409 names username; an unknown id is 404; an empty change is 400', async () => {
    const admin = await signedIn(app, 'Administrator');
    const a = await createStaff(app.db);
    const b = await createStaff(app.db);
    const dup = await admin.patch(`/api/staff/${b.id}`, { username: a.username });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details).toEqual({ field: 'username' });
    expect((await admin.patch('/api/staff/ADM00000', { notes: 'x' })).status).toBe(404);
    expect((await admin.patch(`/api/staff/${b.id}`, {})).status).toBe(400);
  });
});
