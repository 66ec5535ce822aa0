import { COMMENT_WINDOW_MS, RATING_WINDOW_MS } from '../src/features/ratings/rating.service';
import { DAY, fileTicket, staffMember } from './api/ticket-fixtures';
import type { SignedIn } from './support/api-client';
import { assignDirectly, createEmployee, createStaff } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';
import { describeEachDialect } from './support/test-db';

const DESK = '6281199990000';
const QUESTION = 'Balas dengan angka *1*–*5* (5 = sangat puas); boleh ditambah komentar.';

describeEachDialect('the reporter rates a closed ticket', (dialect) => {
  let app: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    app = await startTestApp(dialect, { ADMIN_NOTIFY_TARGET: DESK });
    admin = await staffMember(app, 'Administrator');
  });
  afterAll(() => app.close());

  const ratingOf = (ticketId: number) =>
    app.db.kysely.selectFrom('ratings').selectAll().where('ticket_id', '=', ticketId).executeTakeFirst();
  const questionsTo = (phone: string) =>
    app.db.kysely
      .selectFrom('outbound_messages')
      .select(['body', 'ticket_id'])
      .where('target', '=', phone)
      .where('body', 'like', '%Bagaimana penilaian%')
      .execute();

  /** A ticket filed by a new reporter, finished by `technicians` (names), waiting for #selesai. */
  async function finishedTicket(o: { phone?: string; technicians?: string[] } = {}) {
    const phone = o.phone ?? (await createEmployee(app.db)).phone;
    const t = await fileTicket(app, { phone, complaint: 'lampu ruang 204 mati' });
    const techs = [];
    for (const name of o.technicians ?? ['Siswanto']) {
      const tech = await createStaff(app.db, { level: 'TBO', name });
      await assignDirectly(app.db, t.trackingNo, tech.id, null, app.clock.now());
      techs.push(tech);
    }
    for (const tech of techs) await app.say(tech.phone, `#finish ${t.trackingNo}`);
    return { ...t, phone, techs };
  }

  /** finishedTicket, confirmed by its reporter: returns what the reporter was sent for #selesai. */
  async function closedTicket(o: { phone?: string; technicians?: string[] } = {}) {
    const t = await finishedTicket(o);
    const sent = await app.say(t.phone, `#selesai ${t.trackingNo}`);
    return { ...t, sent };
  }

  test('When the reporter confirms with #selesai, then after the confirmation they are asked once to rate it, and the question is stored', async () => {
    const t = await closedTicket();
    expect(t.sent.map((m) => m.target)).toEqual([t.phone, t.phone]);
    expect(t.sent[0]!.message).toContain('telah Anda konfirmasi selesai');
    expect(t.sent[1]!.message).toContain(`Bagaimana penilaian Anda atas penanganan laporan *${t.trackingNo}*? ${QUESTION}`);
    expect(await ratingOf(t.id)).toMatchObject({ chat_id: t.phone, score: null, comment: null, rated_at: null });
    expect(Number((await ratingOf(t.id))!.asked_at)).toBe(app.clock.now());

    const again = await app.say(t.phone, `#selesai ${t.trackingNo}`);
    expect(again.map((m) => m.message).join('\n')).toContain('sudah ditutup');
    expect(await questionsTo(t.phone)).toHaveLength(1);
  });

  test('When a finished ticket is closed automatically, then the reporter is asked after being told, and later passes do not ask again', async () => {
    const t = await finishedTicket();
    app.clock.advance((app.config.autoCloseDays + 1) * DAY);
    const before = app.fonnte.received.length;
    expect(await app.services.autoClose.runOnce()).toBeGreaterThanOrEqual(1);
    await app.settle();
    const sent = app.fonnte.received.slice(before).filter((m) => m.target === t.phone);
    expect(sent.map((m) => m.message)).toEqual([expect.stringContaining('tutup otomatis'), expect.stringContaining(QUESTION)]);
    expect(await ratingOf(t.id)).toMatchObject({ chat_id: t.phone, score: null });

    app.clock.advance(DAY);
    await app.services.autoClose.runOnce();
    await app.settle();
    expect(await questionsTo(t.phone)).toHaveLength(1);
  });

  test('When the reporter answers with a digit, then the score is stored with no comment and they are thanked once, with a word on how to comment', async () => {
    const t = await closedTicket();
    app.clock.advance(60_000);
    const sent = await app.say(t.phone, '5');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.message).toContain(`Terima kasih atas penilaian Anda untuk laporan *${t.trackingNo}*: ⭐⭐⭐⭐⭐ (5/5).`);
    expect(sent[0]!.message).toContain('kirim pada pesan berikutnya');
    const r = await ratingOf(t.id);
    expect(r).toMatchObject({ score: 5, comment: null });
    expect(Number(r!.rated_at)).toBe(app.clock.now());
  });

  test('When the reporter answers with a digit and a comment, then both are stored and the thanks does not ask for a comment', async () => {
    const t = await closedTicket();
    const [thanks, ...rest] = await app.say(t.phone, '4 mantap, cepat ditangani');
    expect(rest).toEqual([]);
    expect(thanks!.message).toContain('(4/5)');
    expect(thanks!.message).not.toContain('pesan berikutnya');
    expect(await ratingOf(t.id)).toMatchObject({ score: 4, comment: 'mantap, cepat ditangani' });
    // Stars count too: "⭐⭐⭐" on another ticket is a 3.
    const u = await closedTicket();
    await app.say(u.phone, '⭐⭐⭐');
    expect(await ratingOf(u.id)).toMatchObject({ score: 3, comment: null });
  });

  test('When a bare digit is followed by a message within the comment window, then it is the comment, with no second thanks; after the window, messages are ordinary', async () => {
    const t = await closedTicket();
    await app.say(t.phone, '3');
    app.clock.advance(COMMENT_WINDOW_MS - 60_000);
    expect(await app.say(t.phone, 'lumayan, tapi teknisinya datang terlambat')).toEqual([]);
    expect(await ratingOf(t.id)).toMatchObject({ score: 3, comment: 'lumayan, tapi teknisinya datang terlambat' });
    const inbound = await app.db.kysely
      .selectFrom('inbound_messages')
      .select(['command', 'ticket_id'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(inbound).toEqual({ command: 'rating_comment', ticket_id: t.id });

    // A greeting or a question after a bare digit is not a comment (the question reaches the desk);
    // nor is anything after the window.
    const u = await closedTicket();
    await app.say(u.phone, '4');
    const [greeting] = await app.say(u.phone, 'halo pak');
    expect(greeting!.message).not.toContain('penilaian');
    const [forwarded] = await app.say(u.phone, 'kapan petugas bisa cek AC di ruang lain?');
    expect(forwarded!.message).toContain('kami teruskan ke petugas');
    app.clock.advance(COMMENT_WINDOW_MS + 60_000);
    await app.say(u.phone, 'oke sudah beres');
    expect(await ratingOf(u.id)).toMatchObject({ score: 4, comment: null });
  });

  test('When the answer is nonsense, then a number out of range gets one hint, and words go on as ordinary messages; a digit afterwards still rates', async () => {
    const t = await closedTicket();
    const [hint, ...none] = await app.say(t.phone, '7');
    expect(none).toEqual([]);
    expect(hint!.message).toBe(
      `Untuk menilai laporan *${t.trackingNo}*, balas dengan satu angka *1*–*5* (5 = sangat puas), boleh ditambah komentar.`,
    );
    const second = await app.say(t.phone, '10');
    expect(second.map((m) => m.message).join('\n')).not.toContain('Untuk menilai');
    for (const words of ['lima', 'ok']) {
      const sent = await app.say(t.phone, words);
      expect(sent.map((m) => m.message).join('\n')).not.toMatch(/penilaian|Untuk menilai/);
    }
    expect(await ratingOf(t.id)).toMatchObject({ score: null });
    const [thanks] = await app.say(t.phone, '4');
    expect(thanks!.message).toContain('(4/5)');
  });

  test('When the answer comes after the rating window, then it is an ordinary message and the rating stays unanswered', async () => {
    const t = await closedTicket();
    app.clock.advance(RATING_WINDOW_MS + 60_000);
    const sent = await app.say(t.phone, '5');
    expect(sent.map((m) => m.message).join('\n')).not.toContain('Terima kasih atas penilaian');
    expect(await ratingOf(t.id)).toMatchObject({ score: null, rated_at: null });
    const inbound = await app.db.kysely.selectFrom('inbound_messages').select('command').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(inbound.command).not.toMatch(/^rating/);
  });

  test('When a reporter never answers and the ticket is reopened by the desk and closed again, then they are not asked a second time', async () => {
    const t = await closedTicket();
    await admin.patch(`/api/tickets/${t.trackingNo}`, { status: 'proses' }).expect(200);
    await app.say(t.techs[0]!.phone, `#finish ${t.trackingNo}`);
    const sent = await app.say(t.phone, `#selesai ${t.trackingNo}`);
    expect(sent.map((m) => m.message)).toEqual([expect.stringContaining('telah Anda konfirmasi selesai')]);
    expect(await questionsTo(t.phone)).toHaveLength(1);
  });

  test('When several tickets of a reporter were closed, then a digit rates the one asked last, and the older stays unanswered', async () => {
    const phone = (await createEmployee(app.db)).phone;
    const older = await closedTicket({ phone });
    app.clock.advance(60_000);
    const newer = await closedTicket({ phone });
    const [thanks] = await app.say(phone, '5');
    expect(thanks!.message).toContain(newer.trackingNo);
    expect(await ratingOf(newer.id)).toMatchObject({ score: 5 });
    expect(await ratingOf(older.id)).toMatchObject({ score: null });
  });

  test('When the score is 1 or 2, then the desk hears the ticket, score, comment and the technicians still on it; a later comment follows', async () => {
    const t = await finishedTicket({ technicians: ['Siswanto', 'Joko'] });
    // Joko is taken off before the close: he is not named.
    const joko = await app.db.kysely
      .selectFrom('assignments')
      .select('id')
      .where('staff_id', '=', t.techs[1]!.id)
      .executeTakeFirstOrThrow();
    await admin.delete(`/api/tickets/${t.trackingNo}/assignments/${joko.id}`).expect(200);
    await app.say(t.phone, `#selesai ${t.trackingNo}`);
    const sent = await app.say(t.phone, '1 tidak diperbaiki sama sekali');
    expect(sent.map((m) => m.target)).toEqual([t.phone, DESK]);
    expect(sent[0]!.message).toContain('Mohon maaf');
    expect(sent[1]!.message).toBe(
      [
        `*Penilaian rendah 1/5 untuk laporan ${t.trackingNo}*`,
        `Pelapor: ${t.row.reporter_name} (${t.row.reporter_unit})`,
        'Keluhan: lampu ruang 204 mati',
        'Petugas: Siswanto',
        'Komentar: tidak diperbaiki sama sekali',
      ].join('\n'),
    );

    const u = await closedTicket({ technicians: ['Bayu'] });
    const [, toDesk] = await app.say(u.phone, '2');
    expect(toDesk).toMatchObject({ target: DESK, message: expect.stringContaining('Komentar: (belum ada)') });
    const [follow] = await app.say(u.phone, 'lampunya masih kedip');
    expect(follow).toEqual(
      expect.objectContaining({
        target: DESK,
        message: `*Komentar pelapor atas penilaian 2/5 laporan ${u.trackingNo}:*\nlampunya masih kedip`,
      }),
    );
    // A 3 tells nobody.
    const v = await closedTicket();
    expect((await app.say(v.phone, '3 biasa saja')).map((m) => m.target)).toEqual([v.phone]);
  });

  test('When the desk typed in a reporter without a phone, then closing the ticket asks nobody and stores no question', async () => {
    const tech = await createStaff(app.db, { level: 'TBO' });
    const start = app.clock.now();
    const res = await admin
      .post('/api/tickets', {
        reporter: { name: 'Pak Harun', phone: '', unit: 'Perpustakaan' },
        complaint: 'atap bocor',
        channel: 'surat_email',
      })
      .expect(201);
    const no = res.body.trackingNo as string;
    await admin.post(`/api/tickets/${no}/assignments`, { staffId: tech.id }).expect(201);
    await admin.patch(`/api/tickets/${no}`, { status: 'selesai' }).expect(200);
    app.clock.set(start + (app.config.autoCloseDays + 1) * DAY);
    await app.services.autoClose.runOnce();
    await app.settle();
    const ticket = await app.db.kysely
      .selectFrom('tickets')
      .select(['id', 'status'])
      .where('tracking_no', '=', no)
      .executeTakeFirstOrThrow();
    expect(ticket.status).toBe('ditutup');
    expect(await ratingOf(ticket.id)).toBeUndefined();
  });
});
