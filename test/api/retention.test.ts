import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { runRetention } from '../../src/features/retention/retention.service';
import { signedIn } from '../support/api-client';
import { createEmployee } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';
import { DAY, fileTicket } from './ticket-fixtures';
import { closeTicket, messagesOf, MONTH, storePhoto } from './retention-fixtures';

const SETTINGS = { RETENTION_MEDIA_MONTHS: '6', RETENTION_MESSAGES_MONTHS: '12', RETENTION_ANONYMISE_YEARS: '2' };

describeEachDialect('Retention rules (RETENTION_*)', (dialect) => {
  let app: TestApp;
  let mediaDir: string;
  /** GET as an Administrator signed in afresh (the clock jumps months, past any token's lifetime); the body. */
  const asAdmin = async (path: string, status: number) => (await (await signedIn(app, 'Administrator')).get(path).expect(status)).body;

  beforeEach(async () => {
    mediaDir = mkdtempSync(join(tmpdir(), 'wa-retention-'));
    app = await startTestApp(dialect, { ...SETTINGS, MEDIA_DIR: mediaDir });
  });
  afterEach(async () => {
    await app?.close();
    rmSync(mediaDir, { recursive: true, force: true });
  });

  /** The daily job's pass a little more than a day after the last one. */
  async function runJob() {
    app.clock.advance(DAY + 1000);
    const id = await app.services.retention.runOnce();
    expect(id).not.toBeNull();
    const runs = (await asAdmin('/api/retention/runs', 200)).items as { id: number; counts: Record<string, number> }[];
    return runs.find((r) => r.id === id)!;
  }
  /** Sets the clock to `ms` after `from`, minus the day runJob() adds. */
  const at = (from: number, ms: number) => app.clock.set(from + ms - DAY - 1000);

  test('When photos of a closed ticket pass RETENTION_MEDIA_MONTHS, then their files are deleted and rows marked; an open ticket’s photos stay', async () => {
    const closed = await fileTicket(app, { complaint: 'kran toilet bocor' });
    const open = await fileTicket(app, { complaint: 'lampu lorong mati' });
    const oldPhoto = await storePhoto(app, closed.id);
    const openPhoto = await storePhoto(app, open.id);
    await closeTicket(app, closed.id);
    const closedAt = app.clock.now();

    at(closedAt, 6 * MONTH - 10 * DAY);
    expect((await runJob()).counts.mediaRemoved).toBe(0);
    expect(existsSync(oldPhoto.file)).toBe(true);

    at(closedAt, 6 * MONTH + 10 * DAY);
    const preview = await asAdmin('/api/retention/preview', 200);
    expect(preview.settings).toEqual({ mediaMonths: 6, messagesMonths: 12, anonymiseYears: 2 });
    expect(preview.counts.mediaRemoved).toBe(1);
    // The preview wrote nothing: the file is there and no run was recorded for it.
    expect(existsSync(oldPhoto.file)).toBe(true);
    const runsBefore = (await asAdmin('/api/retention/runs', 200)).items.length;

    const run = await runJob();
    expect(run.counts).toEqual({ mediaRemoved: 1, inboundCleared: 0, outboundCleared: 0, inboxCleared: 0, ticketsAnonymised: 0 });
    expect((await asAdmin('/api/retention/runs', 200)).items).toHaveLength(runsBefore + 1);
    expect(existsSync(oldPhoto.file)).toBe(false);
    expect(existsSync(openPhoto.file)).toBe(true);
    const rows = await app.db.kysely.selectFrom('media').selectAll().where('ticket_id', 'in', [closed.id, open.id]).orderBy('id').execute();
    expect(rows.map((r) => [r.id, r.storage_path === null])).toEqual([
      [oldPhoto.id, true],
      [openPhoto.id, false],
    ]);
    await asAdmin(`/api/media/${oldPhoto.id}`, 404);
    // Nothing left for the rule: a second run changes nothing.
    expect((await runJob()).counts.mediaRemoved).toBe(0);
  });

  test('When messages pass RETENTION_MESSAGES_MONTHS, then bodies and raw payloads of closed tickets and of no ticket are cleared; the ticket and its history stay', async () => {
    const closed = await fileTicket(app, { complaint: 'AC ruang 204 bocor' });
    const open = await fileTicket(app, { complaint: 'proyektor rusak' });
    const chatter = await createEmployee(app.db);
    await app.say(chatter.phone, 'halo');
    // A question goes to the desk inbox (its preview is a copy of the text); a draft left for the desk holds its text too.
    const asker = await createEmployee(app.db);
    await app.say(asker.phone, 'pak, kapan teknisi datang?');
    const now = app.clock.now();
    await app.db.kysely
      .insertInto('drafts')
      .values({
        chat_id: asker.phone,
        open_chat_id: null,
        phone: asker.phone,
        name: null,
        status: 'left',
        text: 'AC di ruang 204 bocor',
        photos: 0,
        first_message_id: null,
        burst_started_at: now,
        last_message_at: now,
        due_at: null,
        prompts: 1,
        ticket_id: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    // The open ticket was filed from a plain-language draft: its message names the draft, not the ticket.
    const filed = await app.db.kysely
      .insertInto('drafts')
      .values({
        chat_id: open.phone,
        open_chat_id: null,
        phone: open.phone,
        name: null,
        status: 'filed',
        text: 'proyektor rusak',
        photos: 0,
        first_message_id: null,
        burst_started_at: now,
        last_message_at: now,
        due_at: null,
        prompts: 1,
        ticket_id: open.id,
        created_at: now,
        updated_at: now,
      })
      .executeTakeFirstOrThrow();
    await app.db.kysely
      .insertInto('inbound_messages')
      .values({
        dedupe_key: `draft-${open.id}`,
        device: null,
        chat_id: open.phone,
        sender_phone: open.phone,
        sender_name: null,
        is_group: 0,
        body: 'proyektor di ruang 301 rusak',
        message_type: 'text',
        media_url: null,
        media_filename: null,
        media_extension: null,
        raw_payload: '{}',
        status: 'processed',
        command: 'draft',
        ticket_id: null,
        error: null,
        sent_at: now,
        received_at: now,
        processed_at: now,
        draft_id: Number(filed.insertId),
      })
      .execute();
    const inbox = await app.db.kysely.selectFrom('conversations').select(['chat_id', 'last_preview']).execute();
    expect(inbox.map((c) => c.chat_id)).toContain(asker.phone);
    expect(inbox.every((c) => c.last_preview !== '')).toBe(true);
    await closeTicket(app, closed.id);
    const closedAt = app.clock.now();
    const before = await messagesOf(app, closed.id);
    expect(before.inbound.length).toBeGreaterThan(0);
    expect(before.outbound.length).toBeGreaterThan(0);

    at(closedAt, 12 * MONTH - 10 * DAY);
    const early = await runJob();
    expect([early.counts.inboundCleared, early.counts.outboundCleared, early.counts.inboxCleared]).toEqual([0, 0, 0]);

    at(closedAt, 12 * MONTH + 10 * DAY);
    const preview = (await asAdmin('/api/retention/preview', 200)).counts;
    const run = await runJob();
    expect(run.counts.inboundCleared).toBe(preview.inboundCleared);
    expect(run.counts.outboundCleared).toBe(preview.outboundCleared);
    expect(run.counts.inboxCleared).toBe(preview.inboxCleared);

    const after = await messagesOf(app, closed.id);
    expect(after.inbound.every((m) => m.body === '' && m.raw_payload === '')).toBe(true);
    expect(after.outbound.every((m) => m.body === '')).toBe(true);
    const stillOpen = await messagesOf(app, open.id);
    expect(stillOpen.inbound.map((m) => m.body)).toEqual(['#request proyektor rusak']);
    expect(stillOpen.outbound.every((m) => m.body !== '')).toBe(true);
    const viaDraft = await app.db.kysely
      .selectFrom('inbound_messages')
      .select('body')
      .where('dedupe_key', '=', `draft-${open.id}`)
      .executeTakeFirstOrThrow();
    expect(viaDraft.body).toBe('proyektor di ruang 301 rusak');
    expect((await app.db.kysely.selectFrom('drafts').select('text').where('ticket_id', '=', open.id).executeTakeFirstOrThrow()).text).toBe(
      'proyektor rusak',
    );
    const greeting = await app.db.kysely.selectFrom('inbound_messages').selectAll().where('sender_phone', '=', chatter.phone).execute();
    expect(greeting.map((m) => m.body)).toEqual(['']);
    // Exactly those rows: the closed ticket's, the greeting and the question.
    expect(run.counts.inboundCleared).toBe(before.inbound.length + 2);
    // The draft left for the desk and every old preview; the open ticket's draft waits with it.
    expect(run.counts.inboxCleared).toBe(inbox.length + 1);
    expect(
      await app.db.kysely.selectFrom('conversations').select('last_preview').where('chat_id', '=', asker.phone).executeTakeFirstOrThrow(),
    ).toEqual({
      last_preview: '',
    });
    expect(
      (await app.db.kysely.selectFrom('drafts').select('text').where('chat_id', '=', asker.phone).executeTakeFirstOrThrow()).text,
    ).toBe('');

    const detail = await asAdmin(`/api/tickets/${closed.trackingNo}`, 200);
    expect(detail.ticket.complaint).toBe('AC ruang 204 bocor');
    expect(detail.ticket.status).toBe('ditutup');
    const events = await app.db.kysely.selectFrom('ticket_events').select('kind').where('ticket_id', '=', closed.id).execute();
    expect(events.map((e) => e.kind)).toContain('created');
  });

  test('When tickets were closed more than RETENTION_ANONYMISE_YEARS ago, then their reporters are anonymised, statistics are unchanged and open tickets are untouched', async () => {
    const start = app.clock.now();
    const oldOne = await fileTicket(app, { name: 'Budi Santoso', complaint: 'kran toilet bocor' });
    const open = await fileTicket(app, { name: 'Sari Dewi', complaint: 'lampu lorong mati' });
    await app.db.kysely
      .insertInto('ratings')
      .values({ ticket_id: oldOne.id, chat_id: oldOne.phone, asked_at: start, score: 4, comment: 'cepat', rated_at: start })
      .execute();
    // Someone else's complaint about the same fault, held and then followed into this ticket.
    await app.db.kysely
      .insertInto('duplicate_offers')
      .values({
        chat_id: '6281299990001',
        phone: '6281299990001',
        name: 'Ani Wulandari',
        employee_id: null,
        workplace: 'TIF/IT',
        complaint: 'kran toilet juga bocor',
        source_message_id: null,
        draft_id: null,
        reported_at: start,
        place_id: null,
        category_id: null,
        candidate_ticket_id: oldOne.id,
        status: 'followed',
        due_at: null,
        ticket_id: oldOne.id,
        created_at: start,
        updated_at: start,
      })
      .execute();
    await closeTicket(app, oldOne.id);
    const closedAt = app.clock.now();
    const day = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
    const statsUrl = `/api/stats?from=${day(start - DAY)}&to=${day(start + DAY)}`;

    at(closedAt, 24 * MONTH - 10 * DAY);
    const early = await runJob();
    expect(early.counts.ticketsAnonymised).toBe(0);
    const statsBefore = await asAdmin(statsUrl, 200);
    // The period holds both tickets, the rating and a finished one: something for anonymisation to disturb.
    expect(statsBefore.perMonth).toEqual([{ month: '2024-09', tickets: 2 }]);
    expect(statsBefore.timeToFinish.count).toBe(1);
    expect(statsBefore.rating).toMatchObject({ asked: 1 });

    at(closedAt, 2 * 365 * DAY + 10 * DAY);
    const run = await runJob();
    expect(run.counts.ticketsAnonymised).toBe(1);

    const detail = await asAdmin(`/api/tickets/${oldOne.trackingNo}`, 200);
    expect(detail.ticket.reporter.name).toBe('Pelapor dihapus');
    expect(detail.ticket.reporter.phone).toBeNull();
    expect(detail.ticket.reporter.employeeId).toBeNull();
    expect(detail.ticket.complaint).toBe('kran toilet bocor');
    const row = await app.db.kysely.selectFrom('tickets').selectAll().where('id', '=', oldOne.id).executeTakeFirstOrThrow();
    expect([row.reporter_phone, row.chat_id, row.status, row.created_at, row.closed_at]).toEqual([
      '',
      '',
      'ditutup',
      oldOne.row.created_at,
      closedAt,
    ]);
    const rating = await app.db.kysely.selectFrom('ratings').selectAll().where('ticket_id', '=', oldOne.id).executeTakeFirstOrThrow();
    expect([rating.chat_id, rating.score]).toEqual(['', 4]);
    const events = await app.db.kysely.selectFrom('ticket_events').selectAll().where('ticket_id', '=', oldOne.id).execute();
    expect(events.filter((e) => e.actor_kind === 'reporter').map((e) => e.actor_name)).toEqual(['Pelapor dihapus']);
    const inbound = await app.db.kysely.selectFrom('inbound_messages').selectAll().where('ticket_id', '=', oldOne.id).execute();
    expect(inbound.map((m) => [m.sender_phone, m.chat_id, m.sender_name])).toEqual([['', '', null]]);
    const offer = await app.db.kysely
      .selectFrom('duplicate_offers')
      .selectAll()
      .where('ticket_id', '=', oldOne.id)
      .executeTakeFirstOrThrow();
    expect([offer.phone, offer.name, offer.complaint, offer.status]).toEqual(['', null, '', 'followed']);
    const dump = JSON.stringify(await app.db.kysely.selectFrom('tickets').selectAll().where('id', '=', oldOne.id).execute());
    expect(dump).not.toContain('Budi');

    const untouched = await asAdmin(`/api/tickets/${open.trackingNo}`, 200);
    expect(untouched.ticket.reporter.name).toBe('Sari Dewi');
    expect(untouched.ticket.reporter.phone).toBe(open.phone);

    expect(await asAdmin(statsUrl, 200)).toEqual(statsBefore);
  });

  test('When a run ends, then it is logged in the runs and audited with counts only; the dry run of the API changes nothing', async () => {
    const closed = await fileTicket(app, { name: 'Rina Kartika' });
    await storePhoto(app, closed.id);
    await closeTicket(app, closed.id);
    app.clock.advance(3 * 365 * DAY);
    const snapshot = async () =>
      JSON.stringify([
        await app.db.kysely.selectFrom('tickets').selectAll().execute(),
        await app.db.kysely.selectFrom('inbound_messages').selectAll().execute(),
        await app.db.kysely.selectFrom('media').selectAll().execute(),
        await app.db.kysely.selectFrom('retention_runs').selectAll().execute(),
      ]);
    const beforePreview = await snapshot();
    const preview = await asAdmin('/api/retention/preview', 200);
    expect(preview.counts).toMatchObject({ mediaRemoved: 1, ticketsAnonymised: 1 });
    expect(await snapshot()).toBe(beforePreview);

    const run = await runJob();
    expect(run.counts).toMatchObject({ mediaRemoved: 1, ticketsAnonymised: 1 });
    const audit = (await asAdmin('/api/audit?entity=retention_run', 200)).items;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'retention.run', entityId: String(run.id), actor: null });
    expect(audit[0].after.counts).toEqual(run.counts);
    expect(JSON.stringify(audit[0])).not.toContain(closed.phone);
    // A pass within the day does not run again.
    app.clock.advance(3_600_000);
    expect(await app.services.retention.runOnce()).toBeNull();
  });

  test('When two processes run the rules at once, then each row is changed once and the counts add up to the rows', async () => {
    const tickets = [];
    for (let i = 0; i < 3; i++) {
      const t = await fileTicket(app, { complaint: `keran ${i} bocor` });
      await storePhoto(app, t.id);
      await closeTicket(app, t.id);
      tickets.push(t);
    }
    app.clock.advance(3 * 365 * DAY);
    const deps = {
      db: app.db,
      settings: app.config.retention,
      mediaDir,
      logger: pino({ level: 'silent' }),
      now: () => app.clock.now(),
    };
    const runs = await Promise.all([runRetention(deps, 'job'), runRetention(deps, 'cli')]);
    const total = (k: 'mediaRemoved' | 'ticketsAnonymised') => runs.reduce((n, r) => n + r.counts[k], 0);
    expect(runs.map((r) => r.error)).toEqual([null, null]);
    expect(total('mediaRemoved')).toBe(3);
    expect(total('ticketsAnonymised')).toBe(3);
    const names = await app.db.kysely
      .selectFrom('tickets')
      .select('reporter_name')
      .where(
        'id',
        'in',
        tickets.map((t) => t.id),
      )
      .execute();
    expect(names.map((n) => n.reporter_name)).toEqual(['Pelapor dihapus', 'Pelapor dihapus', 'Pelapor dihapus']);
  });

  test('When a run is asked to stop (the process is shutting down), then it ends between pages as interrupted and the next run finishes the work', async () => {
    const t = await fileTicket(app, { name: 'Yudi Pratama' });
    await closeTicket(app, t.id);
    app.clock.advance(3 * 365 * DAY);
    const deps = { db: app.db, settings: app.config.retention, mediaDir, logger: pino({ level: 'silent' }), now: () => app.clock.now() };
    const stopped = await runRetention({ ...deps, shouldStop: () => true }, 'job');
    expect(stopped.error).toBe('interrupted');
    expect(stopped.counts.ticketsAnonymised).toBe(0);
    const runs = await asAdmin('/api/retention/runs', 200);
    expect(runs.items[0]).toMatchObject({ id: stopped.id, error: 'interrupted' });
    const next = await runRetention(deps, 'job');
    expect([next.error, next.counts.ticketsAnonymised]).toEqual([null, 1]);
  });

  test('When the retention routes are called by Staf, then 403', async () => {
    const staf = await signedIn(app, 'Staf');
    await staf.get('/api/retention/preview').expect(403);
    await staf.get('/api/retention/runs').expect(403);
  });
});

describeEachDialect('Retention off (the default)', (dialect) => {
  test('When no RETENTION_* is set, then the job does nothing and the preview says every rule is off', async () => {
    const app = await startTestApp(dialect);
    try {
      const asAdmin = async (path: string, status: number) => (await (await signedIn(app, 'Administrator')).get(path).expect(status)).body;
      const closed = await fileTicket(app);
      await closeTicket(app, closed.id);
      app.clock.advance(10 * 365 * DAY);
      expect(await app.services.retention.runOnce()).toBeNull();
      const preview = await asAdmin('/api/retention/preview', 200);
      expect(preview.counts).toEqual({
        mediaRemoved: null,
        inboundCleared: null,
        outboundCleared: null,
        inboxCleared: null,
        ticketsAnonymised: null,
      });
      expect((await asAdmin(`/api/tickets/${closed.trackingNo}`, 200)).ticket.reporter.phone).toBe(closed.phone);
    } finally {
      await app.close();
    }
  });
});
