import type { Insertable } from 'kysely';
import type { TicketStatus, TicketsTable } from '../../src/db/database';
import { forgetCalendar, loadCalendar } from '../../src/features/sla/working-calendar';
import { serviceLevelStats } from '../../src/features/stats/stats-sla.service';
import { periodStats } from '../../src/features/stats/stats-summary.service';
import { heldOf } from '../../src/features/stats/stats-summary-cache';
import { ticketStats } from '../../src/features/stats/stats.service';
import { epochRange } from '../../src/http/query.schema';
import { createStaff } from '../support/factories';
import { seeded } from '../support/seeded-random';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';
import { HOUR, insertTickets, staffMember, wib } from './ticket-fixtures';
import { inTransaction } from '../../src/db/transaction';
import { deletePersonRows } from '../../src/features/personal-data/personal-data-erasure.repository';

const MINUTE = 60_000;
const STATUSES: TicketStatus[] = ['baru', 'proses', 'pending', 'selesai', 'ditutup'];

/**
 * GET /api/stats from the summary of closed days (stats-summary.service.ts) against the live reads of
 * the whole period (ticketStats, serviceLevelStats), on 400 generated tickets from January to mid-March
 * 2025 with statuses, clocks and dues, categories, ratings, technicians, reporter reopens, merges and
 * followers; then after each kind of correction to old tickets the summaries must follow.
 */
describeEachDialect('GET /api/stats from the summary of closed days', (dialect) => {
  let app: TestApp;
  const rng = seeded(17);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)]!;
  const ids: number[] = [];
  let staff: string[] = [];

  const range = (from: string, to: string) => epochRange({ from, to }, app.config.timezone) as { from: number; to: number };
  async function live(from: string, to: string) {
    const r = range(from, to);
    const calendar = await loadCalendar(app.db.kysely, app.config);
    return {
      ...(await ticketStats(app.db.kysely, r, app.config.timezone)),
      ...(await serviceLevelStats(app.db.kysely, r, app.config.timezone, calendar)),
    };
  }
  const summarised = (from: string, to: string) => periodStats(app.db.kysely, range(from, to), app.config, app.clock.now());
  const PERIODS: [string, string][] = [
    ['2025-01-01', '2025-03-31'],
    ['2025-02-01', '2025-02-28'],
    ['2025-01-20', '2025-03-10'],
    ['2025-03-01', '2025-03-31'],
  ];
  async function expectIdentical() {
    for (const [from, to] of PERIODS) expect(await summarised(from, to)).toEqual(await live(from, to));
  }
  const storedDays = async () =>
    Number(
      (
        await app.db.kysely
          .selectFrom('stats_day_summaries')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    app = await startTestApp(dialect);
    staff = await Promise.all(['Andi', 'Bayu', 'Citra', 'andi'].map(async (name) => (await createStaff(app.db, { name })).id));
    const categories = (await app.db.kysely.selectFrom('categories').select('id').execute()).map((c) => c.id);
    const start = wib(2025, 1, 1, 7);
    for (let i = 0; i < 400; i++) {
      // Created by 15 March and every later moment by the 20th, the test's today: nothing happens after now.
      const created = start + Math.floor(rng() * 73 * 24) * HOUR + Math.floor(rng() * 60) * MINUTE;
      const status = pick(STATUSES);
      const assigned = status === 'baru' ? null : created + Math.floor(rng() * 30) * HOUR;
      const started = assigned && status !== 'proses' && rng() < 0.8 ? assigned + Math.floor(rng() * 5) * HOUR : null;
      const finished = status === 'selesai' || status === 'ditutup' ? (started ?? assigned!) + Math.floor(rng() * 50) * HOUR : null;
      const due = (base: number) => (rng() < 0.7 ? base + Math.floor(rng() * 40) * HOUR : null);
      const columns: Partial<Insertable<TicketsTable>> = {
        status,
        created_at: created,
        updated_at: finished ?? created,
        first_assigned_at: assigned,
        first_started_at: started,
        finished_at: finished,
        closed_at: status === 'ditutup' ? finished : null,
        category_id: rng() < 0.2 ? null : pick(categories),
        due_assign_at: due(created),
        due_start_at: due(created),
        due_finish_at: due(created),
      };
      await insertTickets(app, 1, `T${String(i).padStart(4, '0')}`, () => columns);
      const { id, reporter_phone } = await app.db.kysely
        .selectFrom('tickets')
        .select(['id', 'reporter_phone'])
        .where('tracking_no', '=', `T${String(i).padStart(4, '0')}00001`)
        .executeTakeFirstOrThrow();
      ids.push(id);
      if (finished && rng() < 0.7) {
        const score = rng() < 0.6 ? 1 + Math.floor(rng() * 5) : null;
        await app.db.kysely
          .insertInto('ratings')
          .values({ ticket_id: id, chat_id: reporter_phone, asked_at: finished, score, rated_at: score ? finished + HOUR : null })
          .execute();
      }
      if (assigned) {
        for (const s of new Set([pick(staff), ...(rng() < 0.3 ? [pick(staff)] : [])]))
          await app.db.kysely
            .insertInto('assignments')
            .values({
              ticket_id: id,
              staff_id: s,
              note: null,
              status: rng() < 0.85 ? 'active' : 'withdrawn',
              assigned_by: null,
              assigned_at: assigned,
            })
            .execute();
      }
      if (finished && rng() < 0.15)
        await app.db.kysely
          .insertInto('ticket_events')
          .values({
            ticket_id: id,
            kind: 'reopened',
            status_from: 'selesai',
            status_to: 'proses',
            note: 'belum',
            actor_kind: rng() < 0.7 ? 'reporter' : 'staff',
            actor_id: null,
            actor_name: null,
            created_at: finished + HOUR,
          })
          .execute();
      if (rng() < 0.1) await follow(id, created + HOUR, null);
    }
    // Merges: a ticket into an older one, its reporter following the main ticket.
    for (let k = 0; k < 20; k++) await merge(ids[k * 19 + 5]!, ids[k * 19]!, wib(2025, 3, 19, 9));
    await app.db.kysely.insertInto('holidays').values({ day: '2025-02-12', name: 'Libur', created_at: 0 }).execute();
    forgetCalendar(app.db.kysely);
  }, 120_000);
  afterAll(() => app.close());

  let followers = 0;
  async function follow(ticketId: number, at: number, via: number | null) {
    followers += 1;
    await app.db.kysely
      .insertInto('ticket_followers')
      .values({
        ticket_id: ticketId,
        phone: `62877${String(followers).padStart(7, '0')}`,
        name: null,
        chat_id: `62877${followers}`,
        employee_id: null,
        via_ticket_id: via,
        created_at: at,
      })
      .execute();
  }
  async function merge(ticketId: number, into: number, at: number) {
    await app.db.kysely
      .insertInto('ticket_merges')
      .values({ ticket_id: ticketId, into_ticket_id: into, merged_by: null, merged_at: at })
      .execute();
    await follow(into, at, ticketId);
    // As stopClocksOfMerged: the merged ticket's row changes without its updated_at.
    await app.db.kysely.updateTable('tickets').set({ sla_due_at: null }).where('id', '=', ticketId).execute();
  }

  test('When the statistics are asked for periods of closed days, today and a day in progress, then they equal the live reads of the tickets, first from the tickets and then from the stored summaries', async () => {
    app.clock.set(wib(2025, 3, 20, 11)); // 20 March is today: its tickets and the days after are read live
    expect(await storedDays()).toBe(0);
    await expectIdentical();
    expect(await storedDays()).toBe(31 + 28 + 19);
    const built = await app.db.kysely.selectFrom('stats_day_summaries').select(['day', 'built_at']).orderBy('day').execute();
    app.clock.set(app.clock.now() + MINUTE);
    await expectIdentical(); // now from the stored summaries, none made again
    expect(await app.db.kysely.selectFrom('stats_day_summaries').select(['day', 'built_at']).orderBy('day').execute()).toEqual(built);
    const admin = await staffMember(app, 'Staf');
    const res = await admin.get('/api/stats?from=2025-01-01&to=2025-03-31').expect(200);
    expect(res.body).toEqual(
      JSON.parse(
        JSON.stringify({
          from: '2025-01-01',
          to: '2025-03-31',
          timezone: app.config.timezone,
          ...(await live('2025-01-01', '2025-03-31')),
        }),
      ),
    );
  });

  test.each([
    [
      'a status move on an old ticket',
      async () => {
        await app.db.kysely
          .updateTable('tickets')
          .set({ status: 'ditutup', finished_at: app.clock.now(), closed_at: app.clock.now(), updated_at: app.clock.now() })
          .where('id', '=', ids[3]!)
          .execute();
      },
    ],
    ['a merge', () => merge(ids[301]!, ids[300]!, app.clock.now())],
    ['a follower', () => follow(ids[150]!, app.clock.now(), null)],
    [
      'a rating given late',
      async () => {
        const open = await app.db.kysely
          .selectFrom('ratings')
          .select('ticket_id')
          .where('score', 'is', null)
          .limit(1)
          .executeTakeFirstOrThrow();
        await app.db.kysely
          .updateTable('ratings')
          .set({ score: 2, rated_at: app.clock.now() })
          .where('ticket_id', '=', open.ticket_id)
          .execute();
      },
    ],
    [
      'an anonymisation (its followers go, the row keeps its updated_at)',
      async () => {
        const f = await app.db.kysely
          .selectFrom('ticket_followers')
          .select('ticket_id')
          .where('via_ticket_id', 'is', null)
          .limit(1)
          .executeTakeFirstOrThrow();
        await app.db.kysely.deleteFrom('ticket_followers').where('ticket_id', '=', f.ticket_id).execute();
        await app.db.kysely
          .updateTable('tickets')
          .set({ reporter_name: 'Anonim' })
          .set({ anonymised_at: app.clock.now() } as never)
          .where('id', '=', f.ticket_id)
          .execute();
      },
    ],
    [
      'an old ticket imported',
      () =>
        insertTickets(app, 1, 'LEGACY', () => ({
          status: 'ditutup',
          created_at: wib(2025, 2, 3, 10),
          updated_at: wib(2025, 2, 4, 10), // as the legacy import: the old system's times, not now
          finished_at: wib(2025, 2, 4, 10),
          first_assigned_at: wib(2025, 2, 3, 12),
        })),
    ],
    [
      'a technician withdrawn',
      async () => {
        const a = await app.db.kysely
          .selectFrom('assignments')
          .select(['id', 'ticket_id'])
          .where('status', '=', 'active')
          .limit(1)
          .executeTakeFirstOrThrow();
        await app.db.kysely.updateTable('assignments').set({ status: 'withdrawn' }).where('id', '=', a.id).execute();
        await app.db.kysely.updateTable('tickets').set({ updated_at: app.clock.now() }).where('id', '=', a.ticket_id).execute(); // lockTicket
      },
    ],
    [
      'a holiday added',
      async () => {
        await app.db.kysely.insertInto('holidays').values({ day: '2025-01-15', name: 'Libur baru', created_at: app.clock.now() }).execute();
        forgetCalendar(app.db.kysely);
      },
    ],
    [
      'a ticket filed today (the open part, held in memory between reads)',
      () => insertTickets(app, 1, 'TODAY', () => ({ created_at: app.clock.now() - HOUR, updated_at: app.clock.now() - HOUR })),
    ],
    [
      "a move of today's ticket",
      () =>
        app.db.kysely
          .updateTable('tickets')
          .set({ status: 'proses', first_assigned_at: app.clock.now(), updated_at: app.clock.now() })
          .where('tracking_no', '=', 'TODAY00001')
          .execute(),
    ],
    [
      "a follower's personal data erased (their follows deleted)",
      async () => {
        const f = await app.db.kysely.selectFrom('ticket_followers').select('phone').orderBy('id').limit(1).executeTakeFirstOrThrow();
        await inTransaction(app.db, (trx) => deletePersonRows(trx, f.phone, [], app.clock.now()));
      },
    ],
    ['a staff member renamed', () => app.db.kysely.updateTable('staff').set({ name: 'Zaki' }).where('id', '=', staff[0]!).execute()],
  ] as const)('When %s changes the statistics of a summarised day, then the summary follows', async (_what, change) => {
    app.clock.set(app.clock.now() + 10 * MINUTE);
    await expectIdentical(); // every closed day summarised
    const before = await live('2025-01-01', '2025-03-31');
    app.clock.set(app.clock.now() + 10 * MINUTE);
    await change();
    const after = await live('2025-01-01', '2025-03-31');
    expect(after).not.toEqual(before); // the change is one the statistics show
    await expectIdentical();
  });

  test('When the summary job runs, then every closed day of the last 13 months is summarised ahead of the readers, and the statistics still equal the live reads', async () => {
    await app.db.kysely.deleteFrom('stats_day_summaries').execute();
    const looked = await app.services.statsSummary.runOnce();
    expect(looked).toBeGreaterThan(365);
    expect(await storedDays()).toBe(looked);
    const built = await app.db.kysely.selectFrom('stats_day_summaries').select(['day', 'built_at']).orderBy('day').execute();
    await expectIdentical();
    expect(await app.db.kysely.selectFrom('stats_day_summaries').select(['day', 'built_at']).orderBy('day').execute()).toEqual(built);
  });

  test('When many old tickets are added at once, then the days they left alone take the new watermark at the next read, and the statistics still equal the live reads', async () => {
    app.clock.set(app.clock.now() + MINUTE);
    await expectIdentical(); // every closed day summarised, none made long ago
    const day = wib(2025, 1, 15, 9);
    // An import of 600 reports of one old day: that day is made again, the others stay as they were.
    await insertTickets(app, 600, 'IMP', () => ({ status: 'ditutup', created_at: day, updated_at: day, finished_at: day, closed_at: day }));
    const newest = Number(
      (
        await app.db.kysely
          .selectFrom('tickets')
          .select((eb) => eb.fn.max('id').as('m'))
          .executeTakeFirstOrThrow()
      ).m,
    );
    const watermarkOf = async (d: string) =>
      Number(
        (
          await app.db.kysely.selectFrom('stats_day_summaries').select('fingerprint').where('day', '=', d).executeTakeFirstOrThrow()
        ).fingerprint.split('|')[0],
      );
    expect(await watermarkOf('2025-02-10')).toBeLessThan(newest);

    app.clock.set(app.clock.now() + MINUTE);
    await expectIdentical();

    // Without it, each later read would read those 600 tickets again until the day is next touched (TOUCH_AFTER_MS).
    expect(await watermarkOf('2025-02-10')).toBe(newest);
    expect(await watermarkOf('2025-01-15')).toBe(newest);
    // The open part (today) held in memory moves on too, though none of the 600 is of it.
    const readNow = [...heldOf(app.db.kysely).values()].filter((h) => h.at === app.clock.now());
    expect(readNow.length).toBeGreaterThan(0);
    expect(readNow.map((h) => h.maxId)).toEqual(readNow.map(() => newest));
    app.clock.set(app.clock.now() + MINUTE);
    await expectIdentical();
  });
});
