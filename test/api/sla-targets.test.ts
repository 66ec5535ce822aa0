import { signedIn, type SignedIn } from '../support/api-client';
import { auditRowsOf } from '../support/staff-login';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';
import { loadTargetTable } from '../../src/features/sla/sla-target.repository';

const START = Date.UTC(2026, 11, 3, 1, 0, 0);

describeEachDialect('/api/sla-targets', (dialect) => {
  let app: TestApp;
  let admin: SignedIn;
  let staf: SignedIn;
  let tbo: SignedIn;
  let categories: { id: number; name: string }[];
  beforeAll(async () => {
    app = await startTestApp(dialect);
    app.clock.set(START);
    admin = await signedIn(app, 'Administrator');
    staf = await signedIn(app, 'Staf');
    tbo = await signedIn(app, 'TBO');
    categories = await app.db.kysely.selectFrom('categories').select(['id', 'name']).orderBy('sort_order').execute();
  });
  afterAll(() => app.close());

  const minutes = (a: number | null, s: number | null, f: number | null) => ({ assignMinutes: a, startMinutes: s, finishMinutes: f });

  test('When Staf lists the targets, then the four defaults come first with no category, and darurat is marked as wall-clock time', async () => {
    const res = await staf.get('/api/sla-targets');
    expect(res.status).toBe(200);
    const defaults = res.body.items.filter((t: { categoryId: number | null }) => t.categoryId === null);
    expect(res.body.items.slice(0, 4)).toEqual(defaults);
    expect(defaults.map((t: { priority: string; wallClock: boolean }) => [t.priority, t.wallClock])).toEqual([
      ['darurat', true],
      ['tinggi', false],
      ['normal', false],
      ['rendah', false],
    ]);
    expect(defaults[0]).toMatchObject({ categoryName: null, ...minutes(15, 60, 240) });
  });

  test('When the Administrator sets a category’s own target and changes it, then it is created (201), then updated (200), each audited, and the target table prefers it over the default', async () => {
    const cat = categories[0]!;
    const created = await admin.put('/api/sla-targets', { categoryId: cat.id, priority: 'tinggi', ...minutes(30, 120, 480) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      categoryId: cat.id,
      categoryName: cat.name,
      priority: 'tinggi',
      wallClock: false,
      ...minutes(30, 120, 480),
    });
    expect((await loadTargetTable(app.db.kysely)).of(cat.id, 'tinggi')).toEqual(minutes(30, 120, 480));
    expect((await loadTargetTable(app.db.kysely)).of(cat.id, 'normal')).toEqual(minutes(240, 960, 2880));

    const changed = await admin.put('/api/sla-targets', { categoryId: cat.id, priority: 'tinggi', ...minutes(45, null, 480) });
    expect(changed.status).toBe(200);
    expect(changed.body.id).toBe(created.body.id);
    expect((await loadTargetTable(app.db.kysely)).of(cat.id, 'tinggi')).toEqual(minutes(45, null, 480));

    const same = await admin.put('/api/sla-targets', { categoryId: cat.id, priority: 'tinggi', ...minutes(45, null, 480) });
    expect(same.status).toBe(200);
    const audit = await auditRowsOf(app, 'sla_target', String(created.body.id));
    expect(audit.map((a) => [a.action, a.actor_id])).toEqual([
      ['sla_target.create', admin.staff.id],
      ['sla_target.update', admin.staff.id],
    ]);
    expect(audit[1]!.before).toMatchObject(minutes(30, 120, 480));
    expect(audit[1]!.after).toMatchObject({ categoryId: cat.id, priority: 'tinggi', ...minutes(45, null, 480) });
  });

  test('When the default row of a priority is set, then it is changed in place (no new row), null minutes meaning no target, and every category without its own row follows it', async () => {
    const count = async () => (await app.db.kysely.selectFrom('sla_targets').select('id').execute()).length;
    const rows = await count();
    const res = await admin.put('/api/sla-targets', { categoryId: null, priority: 'rendah', ...minutes(null, 2000, 9000) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ categoryId: null, priority: 'rendah', ...minutes(null, 2000, 9000) });
    expect(await count()).toBe(rows);
    expect((await loadTargetTable(app.db.kysely)).of(categories[1]!.id, 'rendah')).toEqual(minutes(null, 2000, 9000));
    expect((await loadTargetTable(app.db.kysely)).of(null, 'rendah')).toEqual(minutes(null, 2000, 9000));
  });

  test('When a category’s own target is deleted, then the default applies again and the deletion is audited; a default row cannot be deleted (409 with the reason)', async () => {
    const cat = categories[2]!;
    const created = await admin.put('/api/sla-targets', { categoryId: cat.id, priority: 'darurat', ...minutes(5, 10, 60) });
    const res = await admin.delete(`/api/sla-targets/${created.body.id}`);
    expect(res.status).toBe(200);
    expect((await loadTargetTable(app.db.kysely)).of(cat.id, 'darurat')).toEqual(minutes(15, 60, 240));
    expect((await auditRowsOf(app, 'sla_target', String(created.body.id))).map((a) => a.action)).toEqual([
      'sla_target.create',
      'sla_target.delete',
    ]);
    expect((await admin.delete(`/api/sla-targets/${created.body.id}`)).status).toBe(404);

    const list = await admin.get('/api/sla-targets');
    const fallback = list.body.items.find(
      (t: { categoryId: number | null; priority: string }) => t.categoryId === null && t.priority === 'darurat',
    );
    const refused = await admin.delete(`/api/sla-targets/${fallback.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'default-target' } });
    expect(refused.body.error.message).toContain('darurat');
    expect((await admin.get('/api/sla-targets')).body.items).toContainEqual(fallback);
  });

  test.each([
    [{ categoryId: null, priority: 'sedang', ...minutes(1, 2, 3) }, 'priority'],
    [{ categoryId: null, priority: 'normal', ...minutes(-5, 2, 3) }, 'assignMinutes'],
    [{ categoryId: null, priority: 'normal', ...minutes(1, 2.5, 3) }, 'startMinutes'],
    [{ priority: 'normal', ...minutes(1, 2, 3) }, 'categoryId'],
    [{ categoryId: 999999, priority: 'normal', ...minutes(1, 2, 3) }, 'categoryId'],
    [{ categoryId: null, priority: 'normal', assignMinutes: 1, startMinutes: 2 }, 'finishMinutes'],
  ])('When the body is %j, then it is a 400 naming %s', async (body, field) => {
    const res = await admin.put('/api/sla-targets', body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(new RegExp(`^${field}: `));
  });

  test('When Staf tries to set or delete a target, or a technician to read them, then it is 403 and nothing changes', async () => {
    const before = (await admin.get('/api/sla-targets')).body.items;
    expect((await staf.put('/api/sla-targets', { categoryId: null, priority: 'normal', ...minutes(1, 2, 3) })).status).toBe(403);
    expect((await staf.delete(`/api/sla-targets/${before[0].id}`)).status).toBe(403);
    expect((await tbo.get('/api/sla-targets')).status).toBe(403);
    expect((await admin.get('/api/sla-targets')).body.items).toEqual(before);
  });

  test('When the working calendar is asked for, then it answers WORK_WEEK as spans per day from Sunday and the time zone', async () => {
    const res = await staf.get('/api/sla/calendar');
    expect(res.status).toBe(200);
    expect(res.body.timezone).toBe(app.config.timezone);
    expect(res.body.week[0]).toEqual({ day: 0, spans: [] });
    expect(res.body.week[1]).toEqual({ day: 1, spans: [{ from: '07:30', to: '16:00' }] });
    expect(res.body.week[6]).toEqual({ day: 6, spans: [{ from: '07:30', to: '12:00' }] });
    expect((await tbo.get('/api/sla/calendar')).status).toBe(403);
  });
});
