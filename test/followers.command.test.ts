import { signedIn } from './support/api-client';
import { createEmployee, createStaff } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';
import { describeEachDialect } from './support/test-db';
import type { ReceivedSend } from './support/fake-fonnte';
import { groupMessage } from './support/fonnte-payloads';

/** Jakarta wall clock (UTC+7). */
const wib = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h - 7, mi);
const ADMINS = '6281299990000';
const photo = { type: 'image', url: 'https://files.fonnte.com/x/lampu.jpg', filename: 'lampu.jpg', extension: 'jpg' };

describeEachDialect('#request about a fault reported already: the offer, #ikut, #baru and followers', (dialect) => {
  let app: TestApp;
  let room: number;
  beforeAll(async () => {
    app = await startTestApp(dialect, { ADMIN_NOTIFY_TARGET: ADMINS, DRAFT_TIMEOUT_MINUTES: '30', DUPLICATE_WINDOW_DAYS: '7' });
    const at = wib(2026, 12, 1);
    const building = await app.db.kysely
      .insertInto('places')
      .values({ kind: 'building', code: 'GA', name: 'Gedung A', parent_id: null, aliases: '', active: 1, created_at: at, updated_at: at })
      .executeTakeFirstOrThrow();
    const r = await app.db.kysely
      .insertInto('places')
      .values({
        kind: 'room',
        code: 'R-3.2',
        name: 'ruang 3.2',
        parent_id: Number(building.insertId),
        aliases: 'kelas 3.2',
        active: 1,
        created_at: at,
        updated_at: at,
      })
      .executeTakeFirstOrThrow();
    room = Number(r.insertId);
  });
  afterAll(() => app.close());
  // Each test at its own day, so the tickets of one are outside the window of the next.
  let day = 0;
  beforeEach(() => app.clock.set(wib(2026, 12, 1 + (day += 8), 9, 12)));

  const ticketsOf = (phone: string) =>
    app.db.kysely.selectFrom('tickets').selectAll().where('reporter_phone', '=', phone).orderBy('id').execute();
  const offersOf = (phone: string) =>
    app.db.kysely.selectFrom('duplicate_offers').selectAll().where('phone', '=', phone).orderBy('id').execute();
  const followersOf = (ticketId: number) =>
    app.db.kysely.selectFrom('ticket_followers').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();
  const eventsOf = (ticketId: number) =>
    app.db.kysely.selectFrom('ticket_events').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();
  const to = (sent: ReceivedSend[], target: string) => sent.filter((s) => s.target === target).map((s) => s.message);

  /** Siti reports the lamp of room 3.2; returns her and the ticket. */
  async function firstReport(complaint = 'lampu kelas 3.2 mati') {
    const siti = await createEmployee(app.db, { name: 'Siti Aminah' });
    await app.say(siti.phone, `#request ${complaint}`);
    const [ticket] = await ticketsOf(siti.phone);
    expect(ticket!.place_id).toBe(room);
    return { siti, ticket: ticket! };
  }

  test('When someone else reports the same fault at the same room, then they get the offer with number, what, where, when and who; nothing is filed yet', async () => {
    const { ticket } = await firstReport();
    const budi = await createEmployee(app.db, { name: 'Budi' });
    app.clock.advance(5 * 60_000);
    const sent = await app.say(budi.phone, '#request lampu di kelas 3.2 mati total', photo);

    expect(await ticketsOf(budi.phone)).toEqual([]);
    const [offer] = to(sent, budi.phone);
    expect(offer).toContain(
      `Sudah ada laporan *${ticket.tracking_no}* untuk listrik di ruang 3.2 (dilaporkan 09.12, belum ditangani). ` +
        `Balas *#ikut ${ticket.tracking_no}* untuk mengikuti laporan itu, atau *#baru* jika ini masalah lain.`,
    );
    expect(to(sent, ADMINS)).toEqual([]);
    expect(await offersOf(budi.phone)).toEqual([
      expect.objectContaining({
        status: 'pending',
        complaint: 'lampu di kelas 3.2 mati total',
        candidate_ticket_id: ticket.id,
        place_id: room,
      }),
    ]);
  });

  test('When the open ticket has a technician and was reported another day, then the offer names them and the date', async () => {
    const { ticket } = await firstReport();
    const admin = await signedIn(app, 'Administrator');
    const tech = await createStaff(app.db, { level: 'TBO', name: 'Siswanto' });
    await admin.post(`/api/tickets/${ticket.tracking_no}/assignments`, { staffId: tech.id }).expect(201);
    await app.settle();
    app.clock.advance(26 * 3_600_000);
    const budi = await createEmployee(app.db);
    const [offer] = await app.say(budi.phone, '#request lampu kelas 3.2 mati');
    expect(offer!.message).toMatch(/\(dilaporkan \d+ Des 2026 09\.12, sedang ditangani Siswanto\)/);
  });

  test('When the sender answers #ikut, then they follow the ticket, their words and photo join it, and nothing new is filed', async () => {
    const { ticket } = await firstReport();
    const budi = await createEmployee(app.db, { name: 'Budi' });
    await app.say(budi.phone, '#request lampu kelas 3.2 mati, gelap sekali', photo);
    const [answer] = await app.say(budi.phone, `#ikut ${ticket.tracking_no}`);

    expect(answer!.message).toContain(`Anda kini mengikuti laporan *${ticket.tracking_no}*`);
    expect(await ticketsOf(budi.phone)).toEqual([]);
    expect(await followersOf(ticket.id)).toEqual([
      expect.objectContaining({ phone: budi.phone, name: 'Budi', chat_id: budi.phone, via_ticket_id: null }),
    ]);
    expect(await offersOf(budi.phone)).toEqual([expect.objectContaining({ status: 'followed', ticket_id: ticket.id, due_at: null })]);
    expect((await eventsOf(ticket.id)).map((e) => [e.kind, e.note])).toContainEqual([
      'followed',
      'Budi ikut melaporkan masalah ini: lampu kelas 3.2 mati, gelap sekali',
    ]);
    const media = await app.db.kysely.selectFrom('media').selectAll().where('ticket_id', '=', ticket.id).execute();
    expect(media.map((m) => m.source_url)).toEqual([photo.url]);

    const [again] = await app.say(budi.phone, `#ikut ${ticket.tracking_no}`);
    expect(again!.message).toContain('Anda sudah mengikuti');
    // Reporting it once more: they are told they follow it already, and no offer is made.
    const [told] = await app.say(budi.phone, '#request lampu kelas 3.2 mati');
    expect(told!.message).toContain(`Anda sudah mengikuti laporan *${ticket.tracking_no}*`);
    expect(await offersOf(budi.phone)).toHaveLength(1);
  });

  test('When the sender answers #baru, then the complaint is filed exactly as #request files it: reply, admins told, photo queued', async () => {
    const { ticket } = await firstReport();
    const budi = await createEmployee(app.db, { name: 'Budi' });
    await app.say(budi.phone, '#request lampu kelas 3.2 berkedip terus', photo);
    const sent = await app.say(budi.phone, '#BARU');

    const [filed] = await ticketsOf(budi.phone);
    expect(filed).toMatchObject({
      complaint: 'lampu kelas 3.2 berkedip terus',
      place_id: room,
      category_id: ticket.category_id,
      status: 'baru',
    });
    expect(to(sent, budi.phone)[0]).toContain(`Nomor tracking Anda: *${filed!.tracking_no}*`);
    expect(to(sent, ADMINS)[0]).toContain(`*Laporan baru ${filed!.tracking_no}*`);
    expect(await offersOf(budi.phone)).toEqual([expect.objectContaining({ status: 'filed', ticket_id: filed!.id })]);
    const media = await app.db.kysely.selectFrom('media').selectAll().where('ticket_id', '=', filed!.id).execute();
    expect(media.map((m) => m.source_url)).toEqual([photo.url]);
    expect(await followersOf(ticket.id)).toEqual([]);

    const [nothing] = await app.say(budi.phone, '#baru');
    expect(nothing!.message).toContain('tidak ada laporan Anda yang menunggu');
  });

  test('When nobody answers the offer in time, then the complaint goes to the desk inbox and the person is told', async () => {
    const { ticket } = await firstReport();
    const budi = await createEmployee(app.db, { name: 'Budi' });
    await app.say(budi.phone, '#request lampu kelas 3.2 mati');
    app.clock.advance(29 * 60_000);
    await app.services.drafts.runOnce();
    expect((await offersOf(budi.phone))[0]!.status).toBe('pending');

    app.clock.advance(2 * 60_000);
    const before = app.fonnte.received.length;
    await app.services.drafts.runOnce();
    await app.settle();
    const told = app.fonnte.received.slice(before).filter((s) => s.target === budi.phone);
    expect(told.map((s) => s.message)).toEqual([expect.stringContaining('kami teruskan ke petugas')]);
    expect(await offersOf(budi.phone)).toEqual([expect.objectContaining({ status: 'expired', due_at: null })]);
    const inbox = await app.db.kysely.selectFrom('conversations').selectAll().where('chat_id', '=', budi.phone).executeTakeFirstOrThrow();
    expect(inbox.last_preview).toBe(`[mirip ${ticket.tracking_no}] lampu kelas 3.2 mati`);
    expect(inbox.waiting_since).not.toBeNull();
    // Decided once: a late #baru finds nothing waiting.
    const [late] = await app.say(budi.phone, '#baru');
    expect(late!.message).toContain('tidak ada laporan Anda yang menunggu');
  });

  test('When the reporter reports the same fault again, then they are told their number and no offer is made', async () => {
    const { siti, ticket } = await firstReport();
    const [told] = await app.say(siti.phone, '#request lampu kelas 3.2 masih mati');
    expect(told!.message).toContain(`Anda sudah melaporkan masalah ini dengan nomor *${ticket.tracking_no}*`);
    expect(await ticketsOf(siti.phone)).toHaveLength(1);
    expect(await offersOf(siti.phone)).toEqual([]);
  });

  test('When another fault in the same room is reported, or the same fault in a closed ticket, then it is filed at once', async () => {
    const { ticket } = await firstReport();
    const budi = await createEmployee(app.db);
    await app.say(budi.phone, '#request AC kelas 3.2 bocor');
    expect(await ticketsOf(budi.phone)).toHaveLength(1);
    await app.db.kysely.updateTable('tickets').set({ status: 'ditutup' }).where('id', '=', ticket.id).execute();
    const rina = await createEmployee(app.db);
    await app.say(rina.phone, '#request lampu kelas 3.2 mati');
    expect(await ticketsOf(rina.phone)).toHaveLength(1);
  });

  test('When a confirmed plain-language draft names the fault, then the offer comes instead of a ticket, and #baru files it with its photo', async () => {
    const { ticket } = await firstReport();
    const budi = await createEmployee(app.db, { name: 'Budi' });
    await app.say(budi.phone, 'pak lampu kelas 3.2 mati semua', photo);
    const [offer] = await app.say(budi.phone, 'ya');
    expect(offer!.message).toContain(`Balas *#ikut ${ticket.tracking_no}*`);
    expect(await ticketsOf(budi.phone)).toEqual([]);
    const drafts = await app.db.kysely.selectFrom('drafts').selectAll().where('chat_id', '=', budi.phone).execute();
    expect(drafts).toEqual([expect.objectContaining({ status: 'filed', open_chat_id: null, ticket_id: null })]);

    await app.say(budi.phone, '#baru');
    const [filed] = await ticketsOf(budi.phone);
    expect(filed!.complaint).toBe('pak lampu kelas 3.2 mati semua');
    const media = await app.db.kysely.selectFrom('media').selectAll().where('ticket_id', '=', filed!.id).execute();
    expect(media.map((m) => m.source_url)).toEqual([photo.url]);
  });

  test('When a follower follows, then they hear assign, start and finish as the reporter does, confirm with #selesai and are asked to rate; the reporter hears who closed it', async () => {
    const { siti, ticket } = await firstReport();
    const budi = await createEmployee(app.db, { name: 'Budi' });
    await app.say(budi.phone, `#ikut ${ticket.tracking_no}`);
    const admin = await signedIn(app, 'Administrator');
    const tech = await createStaff(app.db, { level: 'TBO', name: 'Siswanto' });

    await admin.post(`/api/tickets/${ticket.tracking_no}/assignments`, { staffId: tech.id }).expect(201);
    await app.settle();
    const assigned = app.fonnte.received.filter((s) => s.message.includes('diteruskan kepada petugas Siswanto'));
    expect(assigned.filter((s) => s.target === siti.phone)[0]!.message).toContain('Yth. Siti Aminah');
    expect(assigned.filter((s) => s.target === budi.phone)[0]!.message).toContain('Yth. Budi,');

    const started = await app.say(tech.phone, `#start ${ticket.tracking_no}`);
    expect(to(started, budi.phone)[0]).toContain('Petugas Siswanto mulai menangani');
    const finished = await app.say(tech.phone, `#finish ${ticket.tracking_no} lampu diganti`);
    expect(to(finished, budi.phone)[0]).toContain(`Jika sudah sesuai, balas *#selesai ${ticket.tracking_no}*`);
    expect(to(finished, siti.phone)[0]).toContain(`#selesai ${ticket.tracking_no}`);

    const [cek] = await app.say(budi.phone, `#cek ${ticket.tracking_no}`);
    expect(cek!.message).toContain('Selesai dikerjakan');
    const [list] = await app.say(budi.phone, '#riwayat');
    expect(list!.message).toContain(`*${ticket.tracking_no}*`);
    expect(list!.message).toContain('· diikuti');
    const confirmed = await app.say(budi.phone, `#selesai ${ticket.tracking_no}`);
    expect(to(confirmed, budi.phone)).toEqual([
      expect.stringContaining('telah Anda konfirmasi selesai'),
      expect.stringContaining('Bagaimana penilaian Anda'),
    ]);
    expect(to(confirmed, siti.phone)).toEqual([expect.stringContaining('telah dikonfirmasi selesai oleh Budi')]);
    const row = await app.db.kysely.selectFrom('tickets').selectAll().where('id', '=', ticket.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('ditutup');
    const rating = await app.db.kysely.selectFrom('ratings').selectAll().where('ticket_id', '=', ticket.id).executeTakeFirstOrThrow();
    expect(rating.chat_id).toBe(budi.phone);
  });

  test('When a follower says #belum, then the ticket reopens, the technician hears why and so does the reporter', async () => {
    const { siti, ticket } = await firstReport();
    const budi = await createEmployee(app.db, { name: 'Budi' });
    await app.say(budi.phone, `#follow ${ticket.tracking_no}`);
    const admin = await signedIn(app, 'Administrator');
    const tech = await createStaff(app.db, { level: 'TBO', name: 'Siswanto' });
    await admin.post(`/api/tickets/${ticket.tracking_no}/assignments`, { staffId: tech.id }).expect(201);
    await app.say(tech.phone, `#finish ${ticket.tracking_no}`);

    const sent = await app.say(budi.phone, `#belum ${ticket.tracking_no} masih berkedip`);
    expect(to(sent, budi.phone)[0]).toContain('kami buka kembali');
    expect(to(sent, tech.phone)[0]).toContain('masih berkedip');
    expect(to(sent, siti.phone)[0]).toContain('dibuka kembali karena Budi menyatakan belum selesai: masih berkedip');
    const row = await app.db.kysely.selectFrom('tickets').selectAll().where('id', '=', ticket.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('proses');
  });

  test('When someone who neither reported nor follows a ticket asks about it, then it is not found for them', async () => {
    const { ticket } = await firstReport();
    const stranger = await createEmployee(app.db);
    const [cek] = await app.say(stranger.phone, `#selesai ${ticket.tracking_no}`);
    expect(cek!.message).toContain('tidak ditemukan');
  });

  test('When the offer is made in a group, then the group reads it, #ikut there makes the member a follower, and one message reaches the group for both', async () => {
    const group = '120363000000099999@g.us';
    const siti = await createEmployee(app.db, { name: 'Siti Aminah' });
    const budi = await createEmployee(app.db, { name: 'Budi' });
    const inGroup = async (member: string, text: string) => {
      const before = app.fonnte.received.length;
      expect((await app.postWebhook(groupMessage(group, member, text))).status).toBe(200);
      await app.settle();
      return app.fonnte.received.slice(before);
    };
    await inGroup(siti.phone, '#request lampu kelas 3.2 mati');
    const [ticket] = await ticketsOf(siti.phone);
    const [offer] = await inGroup(budi.phone, '#request lampu kelas 3.2 mati juga');
    expect(offer).toMatchObject({ target: group, message: expect.stringContaining(`Balas *#ikut ${ticket!.tracking_no}*`) });
    await inGroup(budi.phone, '#ikut');
    expect(await followersOf(ticket!.id)).toEqual([expect.objectContaining({ phone: budi.phone, chat_id: group })]);

    const admin = await signedIn(app, 'Administrator');
    const tech = await createStaff(app.db, { level: 'TBO', name: 'Siswanto' });
    await admin.post(`/api/tickets/${ticket!.tracking_no}/assignments`, { staffId: tech.id }).expect(201);
    await app.settle();
    const told = app.fonnte.received.filter((s) => s.target === group && s.message.includes('diteruskan kepada petugas Siswanto'));
    expect(told).toHaveLength(1);
  });

  test('When "baru saja …" is written in private with no offer waiting, then it is a complaint like any other', async () => {
    const rina = await createEmployee(app.db);
    await app.say(rina.phone, 'baru saja AC ruang dosen bocor');
    const [filed] = await ticketsOf(rina.phone);
    expect(filed!.complaint).toBe('baru saja AC ruang dosen bocor');
  });

  test('When the same fault was sent twice while choosing, then one #ikut answers both and nothing waits for the desk', async () => {
    const { ticket } = await firstReport();
    const budi = await createEmployee(app.db, { name: 'Budi' });
    await app.say(budi.phone, '#request lampu kelas 3.2 mati');
    await app.say(budi.phone, '#request lampu kelas 3.2 mati, tolong cepat');
    await app.say(budi.phone, '#ikut');
    expect((await offersOf(budi.phone)).map((o) => o.status)).toEqual(['followed', 'followed']);
    const notes = (await eventsOf(ticket.id)).filter((e) => e.kind === 'followed').map((e) => e.note);
    expect(notes).toEqual([
      'Budi ikut melaporkan masalah ini: lampu kelas 3.2 mati',
      'Budi ikut melaporkan masalah ini: lampu kelas 3.2 mati, tolong cepat',
    ]);
    app.clock.advance(60 * 60_000);
    await app.services.drafts.runOnce();
    expect(await app.db.kysely.selectFrom('conversations').selectAll().where('chat_id', '=', budi.phone).execute()).toEqual([]);
  });

  test('When the offered ticket closes before the answer, then #ikut says so and #baru still files the complaint', async () => {
    const { ticket } = await firstReport();
    const budi = await createEmployee(app.db);
    await app.say(budi.phone, '#request lampu kelas 3.2 mati');
    await app.db.kysely.updateTable('tickets').set({ status: 'ditutup' }).where('id', '=', ticket.id).execute();
    const [closed] = await app.say(budi.phone, `#ikut ${ticket.tracking_no}`);
    expect(closed!.message).toContain('sudah ditutup');
    expect(closed!.message).toContain('Balas *#baru*');
    await app.say(budi.phone, '#baru');
    expect(await ticketsOf(budi.phone)).toHaveLength(1);
  });
});
