import { createDb } from '../src/db/create-db';
import { inTransaction } from '../src/db/transaction';
import { recomputeClocks } from '../src/features/sla/sla-clock.service';
import { SlaJob } from '../src/features/sla/sla.job';
import { createLogger } from '../src/logger';
import { staffMember } from './api/ticket-fixtures';
import { assignDirectly, createEmployee, createStaff } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';
import { describeEachDialect } from './support/test-db';

/** `2026-12-03 09:00` on the wall clock of Jakarta (a Thursday). */
const wib = (s: string) => Date.parse(`${s.replace(' ', 'T')}:00+07:00`);
const DESK = '6281100000001';
const HEAD = '6281100000002';
const SUPERVISOR = '6281100000003';

describeEachDialect('SLA clocks, reminders and escalation', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect, { ADMIN_NOTIFY_TARGET: DESK, SLA_HEAD_TARGET: HEAD, SLA_SECOND_LEVEL_MINUTES: '120' });
    await app.db.kysely.updateTable('categories').set({ supervisor_target: SUPERVISOR }).where('code', '=', 'listrik').execute();
  });
  afterAll(() => app.close());

  const row = (id: number) => app.db.kysely.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const kinds = async (id: number) =>
    (await app.db.kysely.selectFrom('ticket_events').select('kind').where('ticket_id', '=', id).orderBy('id').execute()).map((e) => e.kind);

  async function newTicket(at: string, complaint = 'lampu kelas 3.2 mati') {
    app.clock.set(wib(at));
    const reporter = await createEmployee(app.db);
    await app.say(reporter.phone, `#request ${complaint}`);
    const t = await app.db.kysely.selectFrom('tickets').selectAll().where('reporter_phone', '=', reporter.phone).executeTakeFirstOrThrow();
    return { reporter, trackingNo: t.tracking_no, id: t.id };
  }

  /**
   * Moves the clock, runs one pass of the reminder job and returns what Fonnte received about this
   * ticket because of it (the other tests' tickets have their own alerts).
   */
  async function alertsAt(at: string, trackingNo: string) {
    app.clock.set(wib(at));
    await app.settle();
    const before = app.fonnte.received.length;
    await app.services.sla.runOnce();
    await app.settle();
    return app.fonnte.received.slice(before).filter((m) => m.message.includes(trackingNo));
  }

  test('When a #request arrives on a Thursday morning, then its clocks are due by the normal targets in working hours', async () => {
    const { id } = await newTicket('2026-12-03 09:00');
    const t = await row(id);
    expect(t.priority).toBe('normal');
    expect(Number(t.due_assign_at)).toBe(wib('2026-12-03 13:00'));
    // 960 working minutes: 420 on Thursday, 510 on Friday, 30 on Saturday.
    expect(Number(t.due_start_at)).toBe(wib('2026-12-05 08:00'));
    expect(Number(t.due_finish_at)).toBe(wib('2026-12-10 10:00'));
    expect(Number(t.sla_due_at)).toBe(wib('2026-12-03 13:00'));
    expect(Number(t.next_alert_at)).toBe(wib('2026-12-03 12:00'));
  });

  test('When the start clock runs out, then the technician is reminded with the #start line, the supervisor hears of the breach and the head of the escalation, each once and in the history', async () => {
    const tech = await createStaff(app.db, { level: 'TBO', name: 'Siswanto' });
    const { reporter, trackingNo, id } = await newTicket('2026-12-03 09:00');
    await assignDirectly(app.db, trackingNo, tech.id, null, wib('2026-12-03 09:30'));
    expect(Number((await row(id)).next_alert_at)).toBe(wib('2026-12-04 12:30'));

    expect(await alertsAt('2026-12-04 12:29', trackingNo)).toEqual([]);
    const reminder = await alertsAt('2026-12-04 12:30', trackingNo);
    expect(reminder.map((m) => m.target)).toEqual([tech.phone]);
    expect(reminder[0]!.message).toContain(`#start ${trackingNo}`);
    expect(reminder[0]!.message).toContain(`#pending ${trackingNo} <alasan>`);
    expect(await alertsAt('2026-12-04 15:00', trackingNo)).toEqual([]);

    const breach = await alertsAt('2026-12-05 08:00', trackingNo);
    expect(breach.map((m) => m.target)).toEqual([SUPERVISOR]);
    expect(breach[0]!.message).toContain(`SLA terlampaui: ${trackingNo}`);
    expect(breach[0]!.message).toContain('Ditangani: Siswanto');
    expect(await alertsAt('2026-12-05 09:59', trackingNo)).toEqual([]);

    const escalation = await alertsAt('2026-12-05 10:00', trackingNo);
    expect(escalation.map((m) => m.target)).toEqual([HEAD]);
    expect(escalation[0]!.message).toContain('Terlambat: 2 jam');
    expect(await alertsAt('2026-12-05 11:00', trackingNo)).toEqual([]);

    expect(await kinds(id)).toEqual(['created', 'assigned', 'sla_reminder', 'sla_breach', 'sla_escalation']);
    const [track] = await app.say(reporter.phone, `#track ${trackingNo}`);
    expect(track!.message).not.toMatch(/terlampaui|Pengingat/);
  });

  test('When a technician sends #pending, then the reporter hears the reason, the clocks stand, and #start resumes them a paused working day later', async () => {
    const tech = await createStaff(app.db, { level: 'TBO', name: 'Siswanto' });
    const { reporter, trackingNo, id } = await newTicket('2026-12-03 09:00');
    await assignDirectly(app.db, trackingNo, tech.id, null, wib('2026-12-03 09:05'));
    app.clock.set(wib('2026-12-03 09:10'));
    await app.say(tech.phone!, `#start ${trackingNo}`);

    app.clock.set(wib('2026-12-03 10:00'));
    const paused = await app.say(tech.phone!, `#pending ${trackingNo} menunggu sparepart`);
    expect(paused.find((m) => m.target === reporter.phone)!.message).toContain('menunggu sparepart');
    expect(paused.find((m) => m.target === tech.phone)!.message).toContain(`#start ${trackingNo}`);
    let t = await row(id);
    expect(t.status).toBe('pending');
    expect(Number(t.sla_paused_at)).toBe(wib('2026-12-03 10:00'));
    expect([t.sla_due_at, t.next_alert_at]).toEqual([null, null]);
    expect(await alertsAt('2026-12-11 09:00', trackingNo)).toEqual([]);

    app.clock.set(wib('2026-12-04 10:00'));
    const resumed = await app.say(tech.phone!, `#start ${trackingNo}`);
    expect(resumed.find((m) => m.target === tech.phone)!.message).toContain('dilanjutkan');
    t = await row(id);
    expect(t.status).toBe('proses');
    expect(t.sla_paused_at).toBeNull();
    // 510 working minutes paused (Thursday 10:00–16:00, Friday 07:30–10:00): Thursday 10:00 becomes Friday 10:00.
    expect(Number(t.due_finish_at)).toBe(wib('2026-12-11 10:00'));
    expect(Number(t.sla_due_at)).toBe(wib('2026-12-11 10:00'));
    expect(await kinds(id)).toEqual(['created', 'assigned', 'started', 'pending', 'resumed']);
  });

  test('When alerts fall due at night for a normal ticket, then nothing is sent until the morning, and then only the breach', async () => {
    const { trackingNo, id } = await newTicket('2026-12-03 12:00');
    expect(Number((await row(id)).due_assign_at)).toBe(wib('2026-12-03 16:00'));
    expect(await alertsAt('2026-12-03 20:00', trackingNo)).toEqual([]);
    expect(Number((await row(id)).next_alert_at)).toBe(wib('2026-12-04 07:30'));
    const morning = await alertsAt('2026-12-04 07:30', trackingNo);
    expect(morning.map((m) => m.target)).toEqual([SUPERVISOR]);
    expect(morning[0]!.message).toContain(trackingNo);
    expect(await kinds(id)).toEqual(['created', 'sla_breach']);
  });

  test('When a darurat ticket is reported at night, then its reminder reaches the desk at night, on the wall clock', async () => {
    const { trackingNo, id } = await newTicket('2026-12-03 21:00', 'stop kontak di lab 2 korslet, keluar asap');
    const t = await row(id);
    expect(t.priority).toBe('darurat');
    expect(Number(t.due_assign_at)).toBe(wib('2026-12-03 21:15'));
    const reminder = await alertsAt('2026-12-03 21:12', trackingNo);
    expect(reminder.map((m) => m.target)).toEqual([DESK]);
    expect(reminder[0]!.message).toContain(`Pengingat SLA: ${trackingNo}* belum ditugaskan`);
  });

  test('When two reminder jobs run at once on one database, then each level goes out once, and a restarted job sends nothing again', async () => {
    const { trackingNo, id } = await newTicket('2026-12-03 09:00');
    await app.settle();
    const db = dialect === 'mysql' ? createDb(app.tdb.url) : app.db;
    const logger = createLogger('silent');
    const other = new SlaJob({ db, clock: app.clock, logger, targets: { adminTarget: DESK, headTarget: HEAD }, onQueued: () => {} });
    try {
      app.clock.set(wib('2026-12-03 12:00'));
      const before = app.fonnte.received.length;
      await Promise.all([app.services.sla.runOnce(), other.runOnce()]);
      await app.settle();
      const sent = app.fonnte.received.slice(before).filter((m) => m.message.includes(trackingNo));
      expect(sent.map((m) => m.target)).toEqual([DESK]);
      expect(sent[0]!.message).toContain('Pengingat SLA');

      // A restart: the job's next look is set back as if lost; the sla_alerts row still holds.
      await app.db.kysely
        .updateTable('tickets')
        .set({ next_alert_at: wib('2026-12-03 11:00') })
        .where('id', '=', id)
        .execute();
      const restarted = new SlaJob({
        db: app.db,
        clock: app.clock,
        logger,
        targets: { adminTarget: DESK, headTarget: HEAD },
        onQueued: () => {},
      });
      await restarted.runOnce();
      await app.settle();
      expect(app.fonnte.received.slice(before).filter((m) => m.message.includes(trackingNo))).toHaveLength(1);
      expect(await app.db.kysely.selectFrom('sla_alerts').select('level').where('ticket_id', '=', id).execute()).toEqual([
        { level: 'reminder' },
      ]);
    } finally {
      if (db !== app.db) await db.destroy();
    }
  });

  test('When the desk raises the priority to darurat, then recomputeClocks puts the dues on the wall clock from the creation, counting the pause', async () => {
    const tech = await createStaff(app.db, { level: 'TBO' });
    const { trackingNo, id } = await newTicket('2026-12-03 09:00');
    await assignDirectly(app.db, trackingNo, tech.id, null, wib('2026-12-03 09:01'));
    app.clock.set(wib('2026-12-03 09:02'));
    await app.say(tech.phone!, `#pending ${trackingNo} ruangan terkunci`);
    app.clock.set(wib('2026-12-03 09:32'));
    await app.say(tech.phone!, `#start ${trackingNo}`);

    await app.db.kysely.updateTable('tickets').set({ priority: 'darurat' }).where('id', '=', id).execute();
    await inTransaction(app.db, (trx) => recomputeClocks(trx, id, wib('2026-12-03 09:35')));
    const t = await row(id);
    // Assigned before the pause: 15 minutes from 09:00. Started and finished after it: 30 minutes later.
    expect(Number(t.due_assign_at)).toBe(wib('2026-12-03 09:15'));
    expect(Number(t.due_start_at)).toBe(wib('2026-12-03 10:30'));
    expect(Number(t.due_finish_at)).toBe(wib('2026-12-03 13:30'));
    expect(Number(t.next_alert_at)).toBe(wib('2026-12-03 12:30'));
  });

  test('When the reporter reopens a job after its finish due, then the finish clock runs on from its due and the supervisor and the head hear of it at once', async () => {
    const tech = await createStaff(app.db, { level: 'TBO' });
    const { reporter, trackingNo, id } = await newTicket('2026-12-03 09:00');
    await assignDirectly(app.db, trackingNo, tech.id, null, wib('2026-12-03 09:10'));
    app.clock.set(wib('2026-12-03 11:00'));
    await app.say(tech.phone!, `#finish ${trackingNo}`);
    let t = await row(id);
    expect([t.sla_due_at, t.next_alert_at, Number(t.first_started_at)]).toEqual([null, null, wib('2026-12-03 11:00')]);

    app.clock.set(wib('2026-12-11 09:00'));
    await app.say(reporter.phone, `#belum ${trackingNo} lampu masih berkedip`);
    t = await row(id);
    expect(t.status).toBe('proses');
    expect(Number(t.due_finish_at)).toBe(wib('2026-12-10 10:00'));
    expect(Number(t.sla_due_at)).toBe(wib('2026-12-10 10:00'));
    const late = await alertsAt('2026-12-11 09:00', trackingNo);
    expect(late.map((m) => m.target)).toEqual([SUPERVISOR, HEAD]);
    expect(late[0]!.message).toContain('Batas waktu penyelesaian: 10 Desember 2026');
  });

  test('When the desk puts a ticket on pending and back to proses, then the clocks stand and resume by the same rule', async () => {
    const desk = await staffMember(app, 'Staf');
    const { trackingNo, id } = await newTicket('2026-12-03 09:00');
    app.clock.set(wib('2026-12-03 10:00'));
    await desk.patch(`/api/tickets/${trackingNo}`, { status: 'pending', note: 'menunggu izin ruangan' }).expect(200);
    expect(Number((await row(id)).sla_paused_at)).toBe(wib('2026-12-03 10:00'));
    app.clock.set(wib('2026-12-03 11:30'));
    await desk.patch(`/api/tickets/${trackingNo}`, { status: 'proses' }).expect(200);
    const t = await row(id);
    expect(t.sla_paused_at).toBeNull();
    // The assign clock was still running: 13:00 plus the 90 minutes paused.
    expect(Number(t.due_assign_at)).toBe(wib('2026-12-03 14:30'));
    expect(Number(t.next_alert_at)).toBe(wib('2026-12-03 13:30'));
  });
});
