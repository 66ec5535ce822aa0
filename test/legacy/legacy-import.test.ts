import { join } from 'node:path';
import { importLegacy, type LegacyImportResult } from '../../src/features/legacy/legacy-import.service';
import { readLegacyCsvDirectory } from '../../src/features/legacy/legacy-csv-source';
import { readLegacyDatabase } from '../../src/features/legacy/legacy-source.repository';
import type { LegacySnapshot } from '../../src/features/legacy/legacy-schema';
import { describeEachDialect, openTestDb, type TestDb } from '../support/test-db';
import { createLegacyFixture, fixtureDir, realRun, wib, type LegacyFixture } from './legacy-fixture';
import { importedState } from './legacy-state';

/* `wa-ticketing import legacy` against the reconstructed old database (test/fixtures/legacy), into each target dialect. */
const declare = process.env.TEST_MYSQL_SKIP
  ? (name: string, fn: (d: 'sqlite') => void) => describe.skip(name, () => fn('sqlite'))
  : describeEachDialect;

declare('legacy import', (dialect) => {
  let fixture: LegacyFixture;
  let src: LegacySnapshot;
  const opened: TestDb[] = [];
  const target = async () => {
    const t = await openTestDb(dialect);
    opened.push(t);
    return t.db;
  };
  beforeAll(async () => {
    fixture = await createLegacyFixture();
    src = await readLegacyDatabase(fixture.url);
  });
  afterAll(async () => {
    for (const t of opened) await t.close();
    await fixture.drop();
  });

  const countOf = (r: LegacyImportResult) =>
    Object.fromEntries(Object.entries(r.plan.counts).map(([e, c]) => [e, [c.read, c.create, c.existing, c.skipped]]));

  test('When the fixture is dry-run, then it counts what it would create and skip, names the dirty rows, and writes nothing', async () => {
    const db = await target();
    const r = await importLegacy(db, src, 'fixture', realRun({ dryRun: true }));
    // [read, create, already there, skipped]
    expect(countOf(r)).toEqual({
      employee: [5, 3, 1, 1],
      staff: [6, 5, 0, 1],
      ticket: [10, 7, 0, 3],
      history: [9, 8, 0, 1],
      assignment: [5, 3, 0, 2],
      work: [6, 5, 0, 1],
      message: [3, 0, 0, 0],
    });
    const problems = r.plan.problems.map((p) => `${p.severity} ${p.ref}: ${p.reason}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'skipped tb_pegawai id_pegawai=PGW2402003: no phone',
        'repaired tb_pegawai id_pegawai=PGW2402004: phone "85770347339" read as 6285770347339',
        'repaired tb_pegawai id_pegawai=PGW2402005: same phone as PGW2402002: merged into it',
        'skipped tb_monitoring idm=4: tracking number BRT2409001 is stored twice: kept idm=3',
        'repaired tb_monitoring idm=6: no phone on the report or its employee: nobody can ask about it by chat',
        'skipped tb_penugasan idp=3: staff ADM09 is not carried over',
        "skipped tb_kerja idn=6: phone 081111111111 is no staff member's",
      ]),
    );
    expect([...r.plan.stampSlips]).toEqual([[5, 6]]);
    expect(r.runId).toBeUndefined();
    for (const table of [
      'tickets',
      'employees',
      'staff',
      'legacy_keys',
      'legacy_runs',
      'ticket_sequences',
      'set_password_links',
    ] as const) {
      const { n } = await db.kysely
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect([table, Number(n)]).toEqual([table, 0]);
    }
  });

  test('When it is imported, then reports keep their numbers and history in UTC, people are normalised, staff get links and no password, and a second run writes nothing', async () => {
    const db = await target();
    const first = await importLegacy(db, src, 'fixture', realRun());
    expect(first.interrupted).toBe(false);
    const state = await importedState(db);

    expect(state.tickets.map((t) => [t.tracking_no, t.status])).toEqual([
      ['BRT2409001', 'ditutup'],
      ['BRT2409002', 'ditutup'],
      ['BRT2409003', 'pending'],
      ['BRT2409004', 'baru'],
      ['MON2403001', 'ditutup'],
      ['MON2403002', 'proses'],
      ['MON2404007', 'proses'],
    ]);
    const mon = state.tickets.find((t) => t.tracking_no === 'MON2403002')!;
    expect(mon).toMatchObject({
      complaint: 'rumput sudah tinggi di aula',
      reporter_employee_id: 'PGW2402001',
      reporter_phone: '6282111476069',
      chat_id: '6282111476069',
      created_at: wib(2024, 3, 1, 18, 27, 1),
      updated_at: wib(2024, 3, 1, 18, 27, 43),
      first_assigned_at: wib(2024, 3, 1, 18, 27, 20),
      closed_at: null,
    });
    // No phone on the report: the employee's; none at all: empty, nobody can #cek it.
    expect(state.tickets.find((t) => t.tracking_no === 'BRT2409002')).toMatchObject({
      reporter_phone: '6282111476069',
      closed_at: wib(2024, 9, 17, 7, 55, 0),
    });
    expect(state.tickets.find((t) => t.tracking_no === 'BRT2409003')).toMatchObject({ reporter_phone: '', reporter_name: 'Pelapor' });
    // A date that is no date: the first moment of the number's month.
    expect(state.tickets.find((t) => t.tracking_no === 'BRT2409004')!.created_at).toBe(wib(2024, 9, 1, 0, 0, 0));

    expect(state.events.filter((e) => e.tracking_no === 'BRT2409002').map((e) => [e.kind, e.note, e.created_at])).toEqual([
      ['created', 'Laporan diterima, menunggu penugasan petugas.', wib(2024, 9, 17, 7, 31, 23)],
      ['assigned', 'Laporan diteruskan kepada petugas Siswanto untuk ditangani.', wib(2024, 9, 17, 7, 36, 10)],
      ['started', 'Petugas Siswanto mulai menangani.', wib(2024, 9, 17, 7, 40, 0)],
      ['progress', 'sudah ditentukan Pj nya untuk merapikan akan laporan Anda', wib(2024, 9, 17, 7, 47, 52)],
      ['progress', 'Sebagian Alat sedang dibelanjakan', wib(2024, 9, 17, 7, 48, 11)],
      ['progress', 'Sebagian alat sedang dibelanjakan', wib(2024, 9, 17, 7, 48, 11)],
      ['progress', 'Proses Finising sedang dilakukan, berupa pemberian wangi-wangian', wib(2024, 9, 17, 7, 48, 36)],
      ['finished', 'Petugas Siswanto menyelesaikan pekerjaan: sudah bersih dan wangi', wib(2024, 9, 17, 7, 55, 0)],
    ]);
    expect(state.assignments.map((a) => [a.tracking_no, a.staff_id, a.started_at, a.finished_at])).toEqual([
      ['BRT2409001', 'ADM05', wib(2024, 9, 16, 19, 45, 0), wib(2024, 9, 17, 9, 10, 0)],
      ['BRT2409002', 'ADM04', wib(2024, 9, 17, 7, 40, 0), wib(2024, 9, 17, 7, 55, 0)],
      ['MON2403002', 'ADM03', null, null],
    ]);
    expect(state.employees.map((e) => [e.id, e.phone])).toEqual([
      ['PGW2402001', '6282111476069'],
      ['PGW2402002', '6285825335908'],
      ['PGW2402004', '6285770347339'],
    ]);
    expect(state.staff.map((s) => [s.id, s.level, s.phone, s.password_hash, s.status])).toEqual([
      ['ADM01', 'Administrator', '6282111470068', null, 'active'],
      ['ADM02', 'Staf', '6281213930117', null, 'inactive'],
      ['ADM03', 'Staf', '6282111470069', null, 'active'],
      ['ADM04', 'TBO', '6282124603757', null, 'active'],
      ['ADM05', 'TBO', '628998848947', null, 'active'],
    ]);
    expect(first.links.map((l) => l.staffId)).toEqual(['ADM01', 'ADM03', 'ADM04', 'ADM05']);
    expect(first.links[0]!.url).toMatch(/^https:\/\/helpdesk\.kampus\.example\/#\/sandi\/[\w-]{20,}$/);
    expect(state.sequences).toEqual([
      { period: 'BRT2409', last_value: 4 },
      { period: 'MON2403', last_value: 2 },
      { period: 'MON2404', last_value: 7 },
    ]);
    // An import queues nothing: no old reporter hears about an old report.
    expect(await db.kysely.selectFrom('outbound_messages').selectAll().execute()).toEqual([]);
    const run = await db.kysely.selectFrom('legacy_runs').selectAll().executeTakeFirstOrThrow();
    expect(run.finished_at).not.toBeNull();
    expect(JSON.parse(run.counts_json!).ticket).toMatchObject({ create: 7, skipped: 3 });

    const second = await importLegacy(db, src, 'fixture', realRun());
    expect(countOf(second)).toEqual({
      employee: [5, 0, 4, 1],
      staff: [6, 0, 5, 1],
      ticket: [10, 0, 7, 3],
      history: [9, 0, 8, 1],
      assignment: [5, 0, 3, 2],
      work: [6, 0, 5, 1],
      message: [3, 0, 0, 0],
    });
    expect(second.links).toEqual([]);
    expect(await importedState(db)).toEqual(state);
  });

  test('When a run stops after two batches, then the next run finishes it, to the same rows as one uninterrupted run', async () => {
    const once = await target();
    await importLegacy(once, src, 'fixture', realRun());
    const db = await target();

    const stopped = await importLegacy(db, src, 'fixture', realRun({ stopAfterBatches: 2 }));
    expect(stopped).toMatchObject({ interrupted: true, batches: 2, links: [] });
    // The people's batch and one batch of two reports.
    expect((await importedState(db)).tickets.map((t) => t.tracking_no)).toEqual(['MON2403001', 'MON2403002']);
    const run = await db.kysely.selectFrom('legacy_runs').selectAll().executeTakeFirstOrThrow();
    expect(run.finished_at).toBeNull();

    const resumed = await importLegacy(db, src, 'fixture', realRun());
    expect(resumed.interrupted).toBe(false);
    expect(resumed.plan.counts.ticket).toMatchObject({ create: 5, existing: 2 });
    expect(resumed.links.map((l) => l.staffId)).toEqual(['ADM01', 'ADM03', 'ADM04', 'ADM05']);
    expect(await importedState(db)).toEqual(await importedState(once));
  });

  test('When the old system kept running after an import, then a rerun adds its new reports and history rows and nothing twice', async () => {
    const db = await target();
    await importLegacy(db, src, 'fixture', realRun());
    const row = (table: string, values: Record<string, string>) => ({ ref: `${table} new`, values });
    const later: LegacySnapshot = {
      ...src,
      tb_monitoring: [
        ...src.tb_monitoring,
        row('tb_monitoring', {
          ...src.tb_monitoring[0]!.values,
          idm: '11',
          tanggal: '2024-03-04',
          jam: '08:00:00',
          pesan: '(Request) #request keran taman bocor',
          id_track: 'MON2403003',
          status: 'baru',
        }),
      ],
      tb_track: [
        ...src.tb_track,
        row('tb_track', {
          id: '10',
          idm: '1',
          id_track: 'MON2403002',
          tanggal: '2024-03-02',
          jam: '09:00:00',
          catatan: 'rumput sudah dipotong',
        }),
      ],
    };
    const rerun = await importLegacy(db, later, 'fixture', realRun());
    expect(countOf(rerun)).toMatchObject({ ticket: [11, 1, 7, 3], history: [10, 1, 8, 1], assignment: [5, 0, 3, 2] });
    const state = await importedState(db);
    expect(state.events.filter((e) => e.tracking_no === 'MON2403002').map((e) => e.note)).toEqual([
      'Laporan diterima, menunggu penugasan petugas.',
      'Laporan diteruskan kepada petugas Nikolai Gordyer untuk ditangani.',
      'sedang di cek oleh tukang 1',
      'rumput sudah dipotong',
    ]);
    expect(state.tickets.find((t) => t.tracking_no === 'MON2403003')).toMatchObject({ complaint: 'keran taman bocor', status: 'baru' });
    expect(state.sequences).toContainEqual({ period: 'MON2403', last_value: 3 });
  });

  test('When the new system already gave out an old number and holds the same people, then that report is skipped, the people are matched, and the counter never goes back', async () => {
    const db = await target();
    const at = Date.UTC(2024, 8, 16);
    await db.kysely
      .insertInto('employees')
      .values({
        id: 'E-NEW-1',
        name: 'Marta (baru)',
        email: null,
        phone: '6282111476069',
        department: null,
        unit: null,
        status: 'active',
        notes: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await db.kysely
      .insertInto('tickets')
      .values({
        tracking_no: 'BRT2409001',
        status: 'baru',
        complaint: 'laporan baru',
        reporter_employee_id: null,
        reporter_phone: '6281',
        reporter_name: 'X',
        reporter_unit: null,
        chat_id: '6281',
        source_message_id: null,
        created_at: at,
        updated_at: at,
        finished_at: null,
        closed_at: null,
      })
      .execute();
    await db.kysely.insertInto('ticket_sequences').values({ period: 'BRT2409', last_value: 9 }).execute();

    const r = await importLegacy(db, src, 'fixture', realRun());
    expect(r.plan.problems).toContainEqual({
      ref: 'tb_monitoring idm=3',
      severity: 'skipped',
      reason: 'tracking number BRT2409001 is already used by a ticket of the new system',
    });
    expect(r.plan.counts.employee).toMatchObject({ create: 2, existing: 2 });
    const state = await importedState(db);
    expect(state.tickets.find((t) => t.tracking_no === 'BRT2409001')).toMatchObject({ complaint: 'laporan baru' });
    expect(state.tickets.find((t) => t.tracking_no === 'MON2403002')).toMatchObject({ reporter_employee_id: 'E-NEW-1' });
    expect(state.sequences).toContainEqual({ period: 'BRT2409', last_value: 9 });
  });

  test('When a closed old report has an assignment without its #finish, then the assignment ends when the report was closed, leaving no open job', async () => {
    const db = await target();
    const withAssignment: LegacySnapshot = {
      ...src,
      tb_penugasan: [
        ...src.tb_penugasan,
        {
          ref: 'tb_penugasan idp=6',
          values: {
            idp: '6',
            id_admin: 'ADM04',
            tanggal: '2024-03-01',
            jam: '17:30:00',
            idm: '2',
            id_track: 'MON2403001',
            catatan: '',
            status: 'Penugasan',
          },
        },
      ],
    };
    await importLegacy(db, withAssignment, 'fixture', realRun());
    const state = await importedState(db);
    const closed = state.tickets.find((t) => t.tracking_no === 'MON2403001')!;
    expect(closed).toMatchObject({ status: 'ditutup', closed_at: wib(2024, 3, 1, 17, 30, 0) });
    expect(state.assignments.find((a) => a.tracking_no === 'MON2403001')).toMatchObject({
      staff_id: 'ADM04',
      started_at: null,
      finished_at: wib(2024, 3, 1, 17, 30, 0),
    });
    // The open report's assignment stays open: only a #finish would end it.
    expect(state.assignments.find((a) => a.tracking_no === 'MON2403002')).toMatchObject({ finished_at: null });
  });

  test('When the same tables come as phpMyAdmin CSV exports, then they read as the database does and import the same rows', async () => {
    const { snapshot, missing } = readLegacyCsvDirectory(join(fixtureDir, 'csv'));
    expect(missing).toEqual([]);
    expect(snapshot).toEqual(src);
    const fromDb = await target();
    await importLegacy(fromDb, src, 'db', realRun());
    const fromCsv = await target();
    await importLegacy(fromCsv, snapshot, 'csv', realRun());
    expect(await importedState(fromCsv)).toEqual(await importedState(fromDb));
  });
});
