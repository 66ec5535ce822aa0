import type { Insertable } from 'kysely';
import type { TicketsTable } from '../../src/db/database';
import type { SignedIn } from '../support/api-client';
import { createStaff } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';
import { HOUR, insertTickets, staffMember, wib } from './ticket-fixtures';

/**
 * Service levels in GET /api/stats, on tickets written straight into the tables with known clocks,
 * ratings and reopens. The calendar is the default WORK_WEEK (Mon–Fri 07:30–16:00, Sat 07:30–12:00)
 * with one holiday, Wednesday 12 February 2025. Every expected number is worked out in the comments.
 */
describeEachDialect('GET /api/stats: service levels', (dialect) => {
  let app: TestApp;
  let admin: SignedIn;
  let andi: Awaited<ReturnType<typeof createStaff>>;
  let bayu: Awaited<ReturnType<typeof createStaff>>;
  let listrik: number;
  let ac: number;

  type Spec = Partial<Insertable<TicketsTable>> & {
    no: string;
    score?: number | null;
    asked?: boolean;
    techs?: [string, 'active' | 'withdrawn'][];
    reopens?: ('reporter' | 'staff')[];
  };

  async function ticket({ no, score, asked, techs = [], reopens = [], ...columns }: Spec) {
    await insertTickets(app, 1, no, () => columns);
    const { id, created_at, reporter_phone } = await app.db.kysely
      .selectFrom('tickets')
      .select(['id', 'created_at', 'reporter_phone'])
      .where('tracking_no', '=', `${no}00001`)
      .executeTakeFirstOrThrow();
    if (asked || score !== undefined) {
      const at = Number(created_at) + 100 * HOUR;
      await app.db.kysely
        .insertInto('ratings')
        .values({ ticket_id: id, chat_id: reporter_phone, asked_at: at, score: score ?? null, rated_at: score ? at + HOUR : null })
        .execute();
    }
    for (const [staffId, status] of techs) {
      await app.db.kysely
        .insertInto('assignments')
        .values({ ticket_id: id, staff_id: staffId, note: null, status, assigned_by: null, assigned_at: Number(created_at) })
        .execute();
    }
    for (const actor of reopens) {
      await app.db.kysely
        .insertInto('ticket_events')
        .values({
          ticket_id: id,
          kind: 'reopened',
          status_from: 'selesai',
          status_to: 'proses',
          note: 'dibuka kembali',
          actor_kind: actor,
          actor_id: null,
          actor_name: null,
          created_at: Number(created_at) + HOUR,
        })
        .execute();
    }
  }

  beforeAll(async () => {
    app = await startTestApp(dialect);
    admin = await staffMember(app, 'Administrator');
    andi = await createStaff(app.db, { name: 'Andi' });
    bayu = await createStaff(app.db, { name: 'Bayu' });
    const categories = await app.db.kysely.selectFrom('categories').select(['id', 'code']).execute();
    listrik = categories.find((c) => c.code === 'listrik')!.id;
    ac = categories.find((c) => c.code === 'ac')!.id;
    await app.db.kysely.insertInto('holidays').values({ day: '2025-02-12', name: 'Libur kampus', created_at: 0 }).execute();

    // T1, Listrik, Monday 3 Feb 08:00. Assigned after 1 working hour (due 10:00: on time), started after 2
    // (due 12:00: on time), finished at 15:00 after 7 (due 14:00: late). Rated 5. Andi.
    const t1 = wib(2025, 2, 3, 8);
    await ticket({
      no: 'SLAA',
      category_id: listrik,
      status: 'ditutup',
      created_at: t1,
      first_assigned_at: t1 + HOUR,
      due_assign_at: t1 + 2 * HOUR,
      first_started_at: t1 + 2 * HOUR,
      due_start_at: t1 + 4 * HOUR,
      finished_at: t1 + 7 * HOUR,
      due_finish_at: t1 + 6 * HOUR,
      score: 5,
      techs: [[andi.id, 'active']],
    });
    // T2, Listrik, Monday 3 Feb 15:00. Assigned Tue 08:30: 1 h on Monday + 1 h on Tuesday = 2 h (due Mon
    // 15:30: late); started Tue 09:30 = 3 h (due Tue 12:00: on time); finished Wed 5 Feb 08:30 = 1 + 8.5 + 1
    // = 10.5 h (due Thu: on time). Rated 2. Andi; Bayu withdrawn (not counted). Sent back once by its reporter.
    const t2 = wib(2025, 2, 3, 15);
    await ticket({
      no: 'SLAB',
      category_id: listrik,
      status: 'selesai',
      created_at: t2,
      first_assigned_at: wib(2025, 2, 4, 8, 30),
      due_assign_at: wib(2025, 2, 3, 15, 30),
      first_started_at: wib(2025, 2, 4, 9, 30),
      due_start_at: wib(2025, 2, 4, 12),
      finished_at: wib(2025, 2, 5, 8, 30),
      due_finish_at: wib(2025, 2, 6, 8),
      score: 2,
      techs: [
        [andi.id, 'active'],
        [bayu.id, 'withdrawn'],
      ],
      reopens: ['reporter'],
    });
    // T3, AC, Friday 7 Feb 15:00. Assigned Sat 08:00: 1 h Friday + 0.5 h Saturday = 1.5 h (due Fri 15:30:
    // late); neither started nor finished; not asked. Bayu. Reopened by the desk only: no reporter reopen.
    const t3 = wib(2025, 2, 7, 15);
    await ticket({
      no: 'SLAC',
      category_id: ac,
      status: 'proses',
      created_at: t3,
      first_assigned_at: wib(2025, 2, 8, 8),
      due_assign_at: t3 + HOUR / 2,
      techs: [[bayu.id, 'active']],
      reopens: ['staff'],
    });
    // T4, no category, Monday 10 Feb 08:00, no assign target. Assigned Mon 17 Feb 08:00: 8 + 8.5 (Tue) + 0
    // (Wed, holiday) + 8.5 + 8.5 + 4.5 (Sat) + 0.5 = 38.5 h; finished 09:00 = 39.5 h (due 10:00: on time).
    // Asked, never answered. Bayu.
    const t4 = wib(2025, 2, 10, 8);
    await ticket({
      no: 'SLAD',
      status: 'selesai',
      created_at: t4,
      first_assigned_at: wib(2025, 2, 17, 8),
      finished_at: wib(2025, 2, 17, 9),
      due_finish_at: wib(2025, 2, 17, 10),
      asked: true,
      techs: [[bayu.id, 'active']],
    });
    // T5, no category, Monday 3 March 08:00. Assigned 08:30 = 0.5 h (due 09:00: on time). Rated 4. Sent back
    // twice by its reporter (one ticket reopened) and not finished again: it still counts as finished once.
    const t5 = wib(2025, 3, 3, 8);
    await ticket({
      no: 'SLAE',
      status: 'proses',
      created_at: t5,
      first_assigned_at: t5 + HOUR / 2,
      due_assign_at: t5 + HOUR,
      score: 4,
      reopens: ['reporter', 'reporter'],
    });
    // Outside the period (April): counts nowhere.
    const t6 = wib(2025, 4, 1, 8);
    await ticket({
      no: 'SLAF',
      category_id: listrik,
      status: 'ditutup',
      created_at: t6,
      first_assigned_at: t6 + 9 * HOUR,
      due_assign_at: t6 + HOUR,
      finished_at: t6 + 20 * HOUR,
      due_finish_at: t6 + HOUR,
      score: 1,
      techs: [[andi.id, 'active']],
      reopens: ['reporter'],
    });
  });
  afterAll(() => app.close());

  const c = (met: number, onTime: number) => ({ met, onTime, rate: met === 0 ? null : onTime / met });

  test('When statistics are asked for February and March, then rating, reporter reopens, compliance per clock, category, technician and month, and working-time percentiles are as worked out by hand', async () => {
    const res = await admin.get('/api/stats?from=2025-02-01&to=2025-03-31').expect(200);
    const s = res.body;

    // Asked: T1, T2, T4, T5; rated 5, 2 and 4.
    expect(s.rating).toEqual({ asked: 4, rated: 3, responseRate: 0.75, average: 11 / 3, scores: [0, 1, 0, 1, 1] });
    // Finished at least once: T1, T2, T4 (finished) and T5 (sent back); by the reporter: T2 and T5.
    expect(s.reopen).toEqual({ finished: 4, reopened: 2, rate: 0.5 });
    expect(s.sla.overall).toEqual({ assign: c(4, 2), start: c(2, 2), finish: c(3, 2) });
    expect(s.sla.byCategory).toEqual([
      { categoryId: listrik, name: 'Listrik', assign: c(2, 1), start: c(2, 2), finish: c(2, 1), rated: 2, average: 3.5 },
      { categoryId: ac, name: 'AC/Pendingin', assign: c(1, 0), start: c(0, 0), finish: c(0, 0), rated: 0, average: null },
      { categoryId: null, name: 'Tanpa kategori', assign: c(1, 1), start: c(0, 0), finish: c(1, 1), rated: 1, average: 4 },
    ]);
    expect(s.sla.byTechnician).toEqual([
      { staffId: andi.id, name: 'Andi', assign: c(2, 1), start: c(2, 2), finish: c(2, 1), rated: 2, average: 3.5 },
      { staffId: bayu.id, name: 'Bayu', assign: c(1, 0), start: c(0, 0), finish: c(1, 1), rated: 0, average: null },
    ]);
    expect(s.sla.byMonth).toEqual([
      { month: '2025-02', assign: c(3, 1), start: c(2, 2), finish: c(3, 2) },
      { month: '2025-03', assign: c(1, 1), start: c(0, 0), finish: c(0, 0) },
    ]);
    expect(s.workingTime).toEqual({
      // 0.5, 1, 1.5, 2, 38.5 h: median 1.5 h; 90th percentile 2 + 0.6 × 36.5 = 23.9 h.
      toAssign: { count: 5, medianMs: 1.5 * HOUR, p90Ms: 86_040_000 },
      // 2 and 3 h: median 2.5 h, 90th percentile 2.9 h.
      toStart: { count: 2, medianMs: 2.5 * HOUR, p90Ms: 10_440_000 },
      // 7, 10.5, 39.5 h: median 10.5 h; 90th percentile 10.5 + 0.8 × 29 = 33.7 h.
      toFinish: { count: 3, medianMs: 10.5 * HOUR, p90Ms: 121_320_000 },
    });
  });

  test('When the period holds only March, then only T5 counts; an empty period has nulls, not zeros divided', async () => {
    const march = (await admin.get('/api/stats?from=2025-03-01&to=2025-03-31').expect(200)).body;
    expect(march.rating).toEqual({ asked: 1, rated: 1, responseRate: 1, average: 4, scores: [0, 0, 0, 1, 0] });
    expect(march.reopen).toEqual({ finished: 1, reopened: 1, rate: 1 });
    expect(march.sla.byTechnician).toEqual([]);
    expect(march.workingTime.toAssign).toEqual({ count: 1, medianMs: HOUR / 2, p90Ms: HOUR / 2 });

    const empty = (await admin.get('/api/stats?from=2030-01-01&to=2030-01-31').expect(200)).body;
    expect(empty.rating).toEqual({ asked: 0, rated: 0, responseRate: null, average: null, scores: [0, 0, 0, 0, 0] });
    expect(empty.reopen).toEqual({ finished: 0, reopened: 0, rate: null });
    expect(empty.sla).toEqual({
      overall: { assign: c(0, 0), start: c(0, 0), finish: c(0, 0) },
      byCategory: [],
      byTechnician: [],
      byMonth: [{ month: '2030-01', assign: c(0, 0), start: c(0, 0), finish: c(0, 0) }],
    });
    expect(empty.workingTime.toFinish).toEqual({ count: 0, medianMs: null, p90Ms: null });
  });
});
