import ExcelJS from 'exceljs';
import type request from 'supertest';
import { RepeatFaultJob } from '../../src/features/places/repeat-fault.job';
import { createLogger } from '../../src/logger';
import type { SignedIn } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';
import { DAY, HOUR, insertTickets, sentTo, staffMember, wib } from './ticket-fixtures';

const DESK = '6281100000009';
const NOW = wib(2026, 12, 3, 9);

/** Reads the whole response body as bytes. */
const binary = (req: request.Test) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

interface Row {
  placeCode: string;
  placePath: string;
  categoryName: string;
  count: number;
  open: number;
  meanFinishHours: number | null;
  repeat: boolean;
  trackingNos: string[];
}

describeEachDialect('Repeat faults', (dialect) => {
  let app: TestApp;
  let staf: SignedIn;
  let listrik: number;
  let air: number;
  beforeAll(async () => {
    app = await startTestApp(dialect, { ADMIN_NOTIFY_TARGET: DESK });
    staf = await staffMember(app, 'Staf');
    const ids = await app.db.kysely.selectFrom('categories').select(['id', 'code']).where('code', 'in', ['listrik', 'air']).execute();
    listrik = Number(ids.find((c) => c.code === 'listrik')!.id);
    air = Number(ids.find((c) => c.code === 'air')!.id);
  });
  afterAll(() => app.close());

  async function place(kind: 'building' | 'floor' | 'room', code: string, name: string, parentId: number | null) {
    const r = await app.db.kysely
      .insertInto('places')
      .values({ kind, code, name, parent_id: parentId, aliases: '', active: 1, created_at: NOW, updated_at: NOW })
      .executeTakeFirstOrThrow();
    return Number(r.insertId);
  }

  /** Building `p`: floor 1 with rooms 1 and 2, floor 2 with room 3, and room 4 straight under the building. */
  async function building(p: string) {
    const b = await place('building', `${p}-G`, `Gedung ${p}`, null);
    const f1 = await place('floor', `${p}-L1`, 'Lantai 1', b);
    const f2 = await place('floor', `${p}-L2`, 'Lantai 2', b);
    return {
      b,
      f1,
      f2,
      r1: await place('room', `${p}-R1`, 'Ruang 1', f1),
      r2: await place('room', `${p}-R2`, 'Ruang 2', f1),
      r3: await place('room', `${p}-R3`, 'Ruang 3', f2),
      r4: await place('room', `${p}-R4`, 'Aula', b),
    };
  }

  /** Tickets `${prefix}0000n` at `placeId` in `categoryId`, created `daysAgo` days before NOW. */
  type Spec = {
    placeId: number;
    categoryId: number | null;
    daysAgo: number;
    status?: 'baru' | 'proses' | 'selesai' | 'ditutup';
    finishHours?: number;
  };
  const tickets = (prefix: string, specs: Spec[]) =>
    insertTickets(app, specs.length, prefix, (i) => {
      const s = specs[i]!;
      const created = NOW - s.daysAgo * DAY;
      return {
        place_id: s.placeId,
        category_id: s.categoryId,
        created_at: created,
        updated_at: created,
        status: s.status ?? 'baru',
        finished_at: s.finishHours === undefined ? null : created + s.finishHours * HOUR,
      };
    });

  async function seedBuilding(p: string) {
    const g = await building(p);
    await tickets(p, [
      { placeId: g.r1, categoryId: listrik, daysAgo: 10 },
      { placeId: g.r1, categoryId: listrik, daysAgo: 20, status: 'selesai', finishHours: 2 },
      { placeId: g.r1, categoryId: listrik, daysAgo: 30, status: 'ditutup', finishHours: 5 },
      { placeId: g.r1, categoryId: listrik, daysAgo: 100, status: 'ditutup', finishHours: 1 },
      { placeId: g.r1, categoryId: air, daysAgo: 5, status: 'proses' },
      { placeId: g.r2, categoryId: listrik, daysAgo: 1 },
      { placeId: g.r2, categoryId: listrik, daysAgo: 2, status: 'selesai', finishHours: 1 },
      { placeId: g.r3, categoryId: air, daysAgo: 3 },
      { placeId: g.r4, categoryId: listrik, daysAgo: 4 },
      { placeId: g.r1, categoryId: null, daysAgo: 4 },
    ]);
    return g;
  }

  test('When a building has faults in the last 90 days, then the list gives per place × category the count, open ones, mean finish hours, the repeat flag and the numbers', async () => {
    app.clock.set(NOW);
    const g = await seedBuilding('RFA');
    const res = await staf.get(`/api/repeat-faults?building=${g.b}`).expect(200);
    expect(res.body.threshold).toBe(3);
    expect(res.body.period).toEqual({ from: NOW - 90 * DAY, to: NOW + 1 });
    const items = res.body.items as Row[];
    expect(items.map((r) => [r.placeCode, r.categoryName, r.count, r.open, r.meanFinishHours, r.repeat])).toEqual([
      ['RFA-R1', 'Listrik', 3, 1, 3.5, true],
      ['RFA-R2', 'Listrik', 2, 1, 1, false],
      ['RFA-R4', 'Listrik', 1, 1, null, false],
      ['RFA-R1', 'Air & Sanitasi', 1, 1, null, false],
      ['RFA-R3', 'Air & Sanitasi', 1, 1, null, false],
    ]);
    expect(items[0]!.placePath).toBe('Gedung RFA › Lantai 1 › Ruang 1');
    expect(items[0]!.trackingNos).toEqual(['RFA00003', 'RFA00002', 'RFA00001']);
  });

  test('When a period is given, then only tickets created in those days count', async () => {
    app.clock.set(NOW);
    const g = await seedBuilding('RFB');
    const from = new Date(NOW - 101 * DAY + 7 * HOUR).toISOString().slice(0, 10);
    const to = new Date(NOW - 15 * DAY + 7 * HOUR).toISOString().slice(0, 10);
    const items = (await staf.get(`/api/repeat-faults?building=${g.b}&from=${from}&to=${to}`).expect(200)).body.items as Row[];
    expect(items.map((r) => [r.placeCode, r.categoryName, r.count, r.meanFinishHours])).toEqual([['RFB-R1', 'Listrik', 3, 2.7]]);
    await staf.get(`/api/repeat-faults?from=${to}&to=${from}`).expect(400);
  });

  test('When a building is opened, then rooms roll up to their floor and the building counts everything', async () => {
    app.clock.set(NOW);
    const g = await seedBuilding('RFC');
    const res = await staf.get(`/api/repeat-faults/buildings/${g.b}`).expect(200);
    expect(res.body.building).toMatchObject({ id: g.b, code: 'RFC-G', count: 8 });
    expect(res.body.floors).toEqual([
      {
        id: g.f1,
        code: 'RFC-L1',
        name: 'Lantai 1',
        count: 6,
        rooms: [
          { id: g.r1, code: 'RFC-R1', name: 'Ruang 1', count: 4 },
          { id: g.r2, code: 'RFC-R2', name: 'Ruang 2', count: 2 },
        ],
      },
      { id: g.f2, code: 'RFC-L2', name: 'Lantai 2', count: 1, rooms: [{ id: g.r3, code: 'RFC-R3', name: 'Ruang 3', count: 1 }] },
    ]);
    expect(res.body.rooms).toEqual([{ id: g.r4, code: 'RFC-R4', name: 'Aula', count: 1 }]);
    await staf.get(`/api/repeat-faults/buildings/${g.f1}`).expect(404);
  });

  test('When the list is downloaded, then the spreadsheet has the maintenance columns and one row per place × category', async () => {
    app.clock.set(NOW);
    const g = await seedBuilding('RFD');
    const res = await binary(staf.get(`/api/repeat-faults/export.xlsx?building=${g.b}`)).expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as ArrayBuffer);
    const rows: string[][] = [];
    workbook.worksheets[0]!.eachRow((row) => rows.push(Array.from({ length: 8 }, (_, i) => String(row.getCell(i + 1).value ?? ''))));
    expect(rows[0]).toEqual([
      'Tempat',
      'Kode',
      'Kategori',
      'Jumlah laporan',
      'Masih terbuka',
      'Rata-rata selesai (jam)',
      'Berulang',
      'Nomor laporan',
    ]);
    expect(rows[1]).toEqual([
      'Gedung RFD › Lantai 1 › Ruang 1',
      'RFD-R1',
      'Listrik',
      '3',
      '1',
      '3.5',
      'Ya',
      'RFD00003, RFD00002, RFD00001',
    ]);
    expect(rows).toHaveLength(6);
  });

  test('When a place crosses the threshold with two workers running, then the desk is told once; when it falls below and crosses again, it is told again', async () => {
    app.clock.set(NOW);
    const g = await building('RFE');
    await tickets('RFE', [
      { placeId: g.r2, categoryId: air, daysAgo: 80 },
      { placeId: g.r2, categoryId: air, daysAgo: 50 },
    ]);
    const job = () =>
      new RepeatFaultJob({
        db: app.db,
        clock: app.clock,
        logger: createLogger('silent'),
        repeatFaults: app.config.repeatFaults,
        adminTarget: app.config.adminNotifyTarget,
        onQueued: () => app.services.outbox.notify(),
      });
    const [a, b] = [job(), job()];
    const told = async () => {
      const from = app.fonnte.received.length;
      await Promise.all([a.runOnce(), b.runOnce()]);
      await app.settle();
      return sentTo(app, DESK, from).filter((m) => m.message.includes('RFE-R2'));
    };
    const flags = () => app.db.kysely.selectFrom('place_fault_flags').selectAll().where('place_id', '=', g.r2).execute();

    expect(await told()).toEqual([]);
    await insertTickets(app, 1, 'RFF', () => ({ place_id: g.r2, category_id: air, created_at: NOW - DAY, updated_at: NOW - DAY }));
    const first = await told();
    expect(first).toHaveLength(1);
    expect(first[0]!.message).toContain('Kerusakan berulang: Gedung RFE › Lantai 1 › Ruang 2 (RFE-R2)');
    expect(first[0]!.message).toContain('Kategori: Air & Sanitasi');
    expect(first[0]!.message).toContain('3 laporan dalam 90 hari terakhir: RFE00001, RFE00002, RFF00001');
    expect((await flags()).map((f) => Number(f.fault_count))).toEqual([3]);
    expect(await told()).toEqual([]);

    // Eleven days on, the oldest ticket left the period: the flag goes, and nothing is said.
    app.clock.set(NOW + 11 * DAY);
    expect(await told()).toEqual([]);
    expect(await flags()).toEqual([]);

    await insertTickets(app, 1, 'RFG', () => ({
      place_id: g.r2,
      category_id: air,
      created_at: NOW + 10 * DAY,
      updated_at: NOW + 10 * DAY,
    }));
    const again = await told();
    expect(again).toHaveLength(1);
    expect(again[0]!.message).toContain('RFE00002, RFF00001, RFG00001');
  });
  test('When no ADMIN_NOTIFY_TARGET is set, then a crossing pair is still flagged for the page and nothing is queued', async () => {
    app.clock.set(NOW);
    const g = await building('RFH');
    await tickets(
      'RFH',
      [1, 2, 3].map((daysAgo) => ({ placeId: g.r3, categoryId: listrik, daysAgo })),
    );
    const job = new RepeatFaultJob({
      db: app.db,
      clock: app.clock,
      logger: createLogger('silent'),
      repeatFaults: app.config.repeatFaults,
      adminTarget: undefined,
      onQueued: () => app.services.outbox.notify(),
    });
    await job.runOnce();
    const flags = await app.db.kysely.selectFrom('place_fault_flags').select('fault_count').where('place_id', '=', g.r3).execute();
    expect(flags.map((f) => Number(f.fault_count))).toEqual([3]);
    const queued = await app.db.kysely.selectFrom('outbound_messages').select('body').where('body', 'like', '%RFH-R3%').execute();
    expect(queued).toEqual([]);
  });
});
