import { randomUUID } from 'node:crypto';
import { signedIn, type SignedIn } from '../support/api-client';
import { auditRowsOf } from '../support/staff-login';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';

const START = Date.UTC(2026, 11, 1, 2, 0);
/** A code prefix of its own per test: the suite shares one database. */
const prefix = () => `T${randomUUID().slice(0, 6).toUpperCase()}`;

interface PlaceBody {
  id: number;
  code: string;
  path: string;
  parentId: number | null;
  active: boolean;
}

describeEachDialect('/api/places', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
  });
  afterAll(() => app.close());
  beforeEach(() => app.clock.set(START));

  const add = async (who: SignedIn, body: object): Promise<PlaceBody> => (await who.post('/api/places', body).expect(201)).body;

  test('When Staf adds a building, a floor and a room, then codes are upper-cased, each has its path, and place.create is audited', async () => {
    const staf = await signedIn(app, 'Staf');
    const p = prefix();
    const building = await add(staf, { kind: 'building', code: `${p}-gb`, name: 'Gedung B' });
    const floor = await add(staf, { kind: 'floor', code: `${p}-gb-2`, name: 'Lantai 2', parentId: building.id });
    const room = await add(staf, {
      kind: 'room',
      code: `${p}-r-3.2`,
      name: 'Ruang 3.2',
      parentId: floor.id,
      aliases: [' kelas 3.2 ', 'Kelas 3.2', 'ruang 3.2'],
    });

    expect(building).toMatchObject({ code: `${p}-GB`, path: 'Gedung B', parentId: null, active: true });
    expect(room).toMatchObject({
      code: `${p}-R-3.2`,
      kind: 'room',
      parentId: floor.id,
      aliases: ['kelas 3.2', 'ruang 3.2'],
      path: 'Gedung B › Lantai 2 › Ruang 3.2',
    });
    expect((await staf.get(`/api/places/${room.id}`).expect(200)).body).toEqual(room);
    const [audit] = await auditRowsOf(app, 'place', String(room.id));
    expect(audit).toMatchObject({ action: 'place.create', actor_id: staf.staff.id, after: room });
  });

  test('When the list is filtered by kind, parent, text and active, then only those places come, in code order', async () => {
    const admin = await signedIn(app, 'Administrator');
    const p = prefix();
    const b = await add(admin, { kind: 'building', code: `${p}-A`, name: 'Gedung Rektorat' });
    const f1 = await add(admin, { kind: 'floor', code: `${p}-A-1`, name: 'Lantai 1', parentId: b.id });
    const r1 = await add(admin, { kind: 'room', code: `${p}-A-101`, name: 'Ruang Rapat', parentId: f1.id, aliases: ['aula kecil'] });
    const r2 = await add(admin, { kind: 'room', code: `${p}-A-LOBI`, name: 'Lobi', parentId: b.id, active: false });
    const codes = async (q: string) =>
      ((await admin.get(`/api/places?${q}`).expect(200)).body.items as PlaceBody[]).map((x) => x.code).filter((c) => c.startsWith(p));

    expect(await codes('')).toEqual([b.code, f1.code, r1.code, r2.code]);
    expect(await codes('kind=room')).toEqual([r1.code, r2.code]);
    expect(await codes(`parent=${b.id}`)).toEqual([f1.code, r2.code]);
    expect(await codes('q=AULA KECIL')).toEqual([r1.code]);
    expect(await codes('q=rektorat')).toEqual([b.code, f1.code, r1.code, r2.code]);
    expect(await codes('active=false')).toEqual([r2.code]);
    expect(await codes('active=true&kind=room')).toEqual([r1.code]);
    await admin.get('/api/places?kind=kamar').expect(400);
  });

  test('When a parent does not fit the kind, then 400 names parentId; a duplicate code in any case is 409 naming code', async () => {
    const admin = await signedIn(app, 'Administrator');
    const p = prefix();
    const b = await add(admin, { kind: 'building', code: `${p}-B`, name: 'Gedung' });
    const f = await add(admin, { kind: 'floor', code: `${p}-B-1`, name: 'Lantai 1', parentId: b.id });
    const r = await add(admin, { kind: 'room', code: `${p}-B-R`, name: 'Ruang', parentId: b.id });
    const refused = async (body: object) => {
      const res = await admin.post('/api/places', { name: 'X', ...body }).expect(400);
      expect(res.body.error.details.field).toBe('parentId');
    };
    await refused({ kind: 'room', code: `${p}-X1`, parentId: r.id });
    await refused({ kind: 'floor', code: `${p}-X2`, parentId: f.id });
    await refused({ kind: 'floor', code: `${p}-X3` });
    await refused({ kind: 'building', code: `${p}-X4`, parentId: b.id });
    await refused({ kind: 'room', code: `${p}-X5`, parentId: 999999 });
    await refused({ kind: 'room', code: `${p}-X5` });

    const dup = await admin.post('/api/places', { kind: 'building', code: `${p}-b`.toLowerCase(), name: 'Lagi' }).expect(409);
    expect(dup.body.error).toMatchObject({ code: 'CONFLICT', details: { field: 'code' } });
    await admin.patch(`/api/places/${r.id}`, { code: f.code }).expect(409);

    const bad = async (body: object, field: string) => {
      const res = await admin.post('/api/places', body).expect(400);
      expect(res.body.error.details.field).toBe(field);
    };
    await bad({ kind: 'building', code: 'R 3/2', name: 'X' }, 'code');
    await bad({ kind: 'kamar', code: `${p}-Y`, name: 'X' }, 'kind');
    await bad({ kind: 'building', code: `${p}-Y` }, 'name');
    await bad({ kind: 'building', code: `${p}-Y`, name: 'X', aliases: ['dua\nbaris'] }, 'aliases.0');
  });

  test('When a place is changed and deactivated, then only the fields given change, the path follows, and before and after are audited', async () => {
    const staf = await signedIn(app, 'Staf');
    const p = prefix();
    const b1 = await add(staf, { kind: 'building', code: `${p}-C1`, name: 'Gedung C' });
    const b2 = await add(staf, { kind: 'building', code: `${p}-D1`, name: 'Gedung D' });
    const room = await add(staf, { kind: 'room', code: `${p}-C1-R`, name: 'Gudang', parentId: b1.id });

    const moved = await staf.patch(`/api/places/${room.id}`, { parentId: b2.id, aliases: ['gudang alat'] }).expect(200);
    expect(moved.body).toMatchObject({ name: 'Gudang', parentId: b2.id, path: 'Gedung D › Gudang', aliases: ['gudang alat'] });
    await staf.patch(`/api/places/${b2.id}`, { name: 'Gedung Dekanat' }).expect(200);
    expect((await staf.get(`/api/places/${room.id}`).expect(200)).body.path).toBe('Gedung Dekanat › Gudang');
    await staf.patch(`/api/places/${room.id}`, { active: false }).expect(200);

    // A building with a room under it cannot become a room: nothing may hang under a room.
    const res = await staf.patch(`/api/places/${b2.id}`, { kind: 'room', parentId: b1.id }).expect(400);
    expect(res.body.error.details.field).toBe('kind');

    const audits = await auditRowsOf(app, 'place', String(room.id));
    expect(audits.map((a) => a.action)).toEqual(['place.create', 'place.update', 'place.update']);
    expect(audits[1]).toMatchObject({ before: { parentId: b1.id, path: 'Gedung C › Gudang' }, after: { parentId: b2.id } });
    expect(audits[2]).toMatchObject({ before: { active: true }, after: { active: false } });
    await staf.patch('/api/places/999999', { name: 'Z' }).expect(404);
    await staf.get('/api/places/999999').expect(404);
    await staf.patch(`/api/places/${room.id}`, {}).expect(400);
  });

  test('When a technician (TBO) asks for places, then 403', async () => {
    const tbo = await signedIn(app, 'TBO');
    await tbo.get('/api/places').expect(403);
    await tbo.post('/api/places', { kind: 'building', code: `${prefix()}-Z`, name: 'Z' }).expect(403);
  });
});
