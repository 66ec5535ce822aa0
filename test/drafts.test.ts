import { describeEachDialect } from './support/test-db';
import { startTestApp, type TestApp } from './support/test-app';
import { createEmployee } from './support/factories';
import type { ReceivedSend } from './support/fake-fonnte';
import { DraftJob } from '../src/features/drafts/draft.job';
import { createLogger } from '../src/logger';

const ADMINS = '6281999000001';

describeEachDialect('plain-language complaints (drafts)', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    // Strangers are refused here, so the refusal and its inbox row can be tested; employees report.
    app = await startTestApp(dialect, { UNKNOWN_SENDERS: 'reject', ADMIN_NOTIFY_TARGET: ADMINS });
  });
  afterAll(() => app.close());
  beforeEach(() => app.clock.set(Date.UTC(2024, 8, 16, 3, 0, 0)));

  const photo = (n: number) => ({
    type: 'image',
    url: `https://files.fonnte.com/x/foto-${n}.jpg`,
    filename: `foto-${n}.jpg`,
    extension: 'jpg',
  });
  /** Lets `ms` pass, runs the draft job once as the background loop would, and returns what Fonnte was sent. */
  async function after(ms: number, to?: string): Promise<ReceivedSend[]> {
    const before = app.fonnte.received.length;
    app.clock.advance(ms);
    await app.services.drafts.runOnce();
    await app.settle();
    return app.fonnte.received.slice(before).filter((s) => to === undefined || s.target === to);
  }
  const draftsOf = (chatId: string) => app.db.kysely.selectFrom('drafts').selectAll().where('chat_id', '=', chatId).orderBy('id').execute();
  const ticketsOf = (phone: string) =>
    app.db.kysely.selectFrom('tickets').selectAll().where('reporter_phone', '=', phone).orderBy('id').execute();
  const inboundOf = (phone: string) =>
    app.db.kysely.selectFrom('inbound_messages').selectAll().where('sender_phone', '=', phone).orderBy('id').execute();
  const conversation = (chatId: string) =>
    app.db.kysely.selectFrom('conversations').selectAll().where('chat_id', '=', chatId).executeTakeFirst();

  test('When three messages and a photo come within the window, then one prompt quotes them all and names the photo', async () => {
    const emp = await createEmployee(app.db);
    expect(await app.say(emp.phone, 'halo pak, AC di ruang 204 bocor 😭')).toEqual([]);
    app.clock.advance(6_000);
    expect(await app.say(emp.phone, 'airnya netes ke meja dosen')).toEqual([]);
    app.clock.advance(6_000);
    expect(await app.say(emp.phone, '', photo(1))).toEqual([]);
    app.clock.advance(6_000);
    expect(await app.say(emp.phone, 'Pak, mohon dibantu ya')).toEqual([]);

    // 20 s after the last message, not before.
    expect(await after(19_000, emp.phone)).toEqual([]);
    const prompts = await after(1_000, emp.phone);
    expect(prompts).toHaveLength(1);
    expect(prompts[0]!.target).toBe(emp.phone);
    expect(prompts[0]!.message).toContain('AC di ruang 204 bocor');
    expect(prompts[0]!.message).toContain('airnya netes ke meja dosen');
    expect(prompts[0]!.message).toContain('+ 1 foto');
    expect(prompts[0]!.message).toContain('Balas *YA* untuk membuat laporan, atau *BATAL*.');
    // Once per burst: the next look sends nothing more.
    expect(await after(5_000, emp.phone)).toEqual([]);

    const [draft] = await draftsOf(emp.phone);
    expect(draft).toMatchObject({ status: 'awaiting', photos: 1, prompts: 1 });
    const rows = await inboundOf(emp.phone);
    expect(rows.map((r) => [r.status, r.command, r.draft_id])).toEqual(Array(4).fill(['processed', 'draft', draft!.id]));
    expect(await ticketsOf(emp.phone)).toHaveLength(0);
    const [out] = await app.db.kysely.selectFrom('outbound_messages').select('kind').where('target', '=', emp.phone).execute();
    expect(out!.kind).toBe('auto_answer');
  });

  test('When several processes look at a due draft at once, or a restarted one looks again, then exactly one prompt is sent', async () => {
    const emp = await createEmployee(app.db);
    await app.say(emp.phone, 'lampu tangga darurat gedung A mati');
    app.clock.advance(20_000);
    const process = () =>
      new DraftJob({ db: app.db, clock: app.clock, logger: createLogger('silent'), timing: app.config.drafts, onQueued: () => undefined });
    await Promise.all([app.services.drafts.runOnce(), process().runOnce(), process().runOnce()]);
    await process().runOnce();
    await app.settle();
    expect(app.fonnte.received.filter((s) => s.target === emp.phone)).toHaveLength(1);
    expect(await draftsOf(emp.phone)).toEqual([expect.objectContaining({ status: 'awaiting', prompts: 1 })]);
  });

  test('When a burst goes on and on, then the prompt still comes 90 s after its first message', async () => {
    const emp = await createEmployee(app.db);
    for (let i = 0; i < 6; i++) {
      await app.say(emp.phone, `lampu lorong lantai ${i + 1} mati`);
      if (i < 5) expect(await after(15_000, emp.phone)).toEqual([]);
    }
    // The last message came 75 s after the first: 20 s later would be 95 s, past the 90 s bound.
    expect(await after(14_000, emp.phone)).toEqual([]);
    expect(await after(1_000, emp.phone)).toHaveLength(1);
  });

  test('When YA answers the prompt, then the draft becomes a ticket as #request makes one, with every photo attached', async () => {
    const emp = await createEmployee(app.db, { name: 'Sari Wulandari', department: 'FT', unit: 'Lab' });
    await app.say(emp.phone, 'Selamat pagi, proyektor di ruang 3.1 tidak mau nyala', photo(2));
    await app.say(emp.phone, 'kabel HDMI juga putus', photo(3));
    expect(await after(20_000, emp.phone)).toHaveLength(1);

    const sent = await app.say(emp.phone, 'iya pak');
    const [ticket] = await ticketsOf(emp.phone);
    expect(ticket).toMatchObject({
      status: 'baru',
      complaint: 'Selamat pagi, proyektor di ruang 3.1 tidak mau nyala\nkabel HDMI juga putus',
      reporter_employee_id: emp.id,
      reporter_name: 'Sari Wulandari',
      chat_id: emp.phone,
    });
    expect(ticket!.tracking_no).toMatch(/^BRT2409\d{3}$/);
    const toHer = sent.filter((s) => s.target === emp.phone);
    expect(toHer).toHaveLength(1);
    expect(toHer[0]!.message).toContain('Yth. Sari Wulandari (FT/Lab)');
    expect(toHer[0]!.message).toContain(`Nomor tracking Anda: *${ticket!.tracking_no}*`);
    expect(sent.filter((s) => s.target === ADMINS)).toHaveLength(1);

    const media = await app.db.kysely.selectFrom('media').selectAll().where('ticket_id', '=', ticket!.id).orderBy('id').execute();
    expect(media.map((m) => m.source_url)).toEqual(['https://files.fonnte.com/x/foto-2.jpg', 'https://files.fonnte.com/x/foto-3.jpg']);
    const rows = await inboundOf(emp.phone);
    expect(rows.at(-1)).toMatchObject({ status: 'processed', command: 'draft_yes', ticket_id: ticket!.id });
    expect(ticket!.source_message_id).toBe(rows[0]!.id);
    expect(await draftsOf(emp.phone)).toEqual([
      expect.objectContaining({ status: 'filed', ticket_id: ticket!.id, open_chat_id: null, due_at: null }),
    ]);

    // The next #request takes the next number: the YA's fallback counter and the batch's reservation agree.
    const [next] = await app.say(emp.phone, '#request kursi patah');
    const tickets = await ticketsOf(emp.phone);
    expect(next!.message).toContain(tickets[1]!.tracking_no);
    expect(Number(tickets[1]!.tracking_no.slice(-3))).toBe(Number(ticket!.tracking_no.slice(-3)) + 1);
    expect(await after(60 * 60_000, emp.phone)).toEqual([]);
  });

  test('When YA comes while the messages are still gathering, then it confirms at once and no prompt follows', async () => {
    const emp = await createEmployee(app.db);
    await app.say(emp.phone, 'wastafel toilet lt 2 mampet');
    const sent = await app.say(emp.phone, 'ok kirim');
    expect(sent.filter((s) => s.target === emp.phone)[0]!.message).toContain('Nomor tracking Anda');
    expect(await ticketsOf(emp.phone)).toEqual([expect.objectContaining({ complaint: 'wastafel toilet lt 2 mampet' })]);
    expect(await after(120_000, emp.phone)).toEqual([]);
  });

  test('When BATAL answers the prompt, then the draft is dropped with a short answer and nothing more follows', async () => {
    const emp = await createEmployee(app.db);
    await app.say(emp.phone, 'pintu ruang rapat susah ditutup');
    expect(await after(20_000, emp.phone)).toHaveLength(1);
    const sent = await app.say(emp.phone, 'gak jadi pak');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.message).toContain('laporan tidak jadi dibuat');
    expect(await ticketsOf(emp.phone)).toHaveLength(0);
    expect(await draftsOf(emp.phone)).toEqual([expect.objectContaining({ status: 'cancelled', open_chat_id: null })]);
    expect(await after(60 * 60_000, emp.phone)).toEqual([]);
    expect(await conversation(emp.phone)).toBeUndefined();
  });

  test('When a prompt goes unanswered for 30 minutes, then the draft is left for the desk, in its inbox, and the person is told', async () => {
    const emp = await createEmployee(app.db, { name: 'Budi Santoso' });
    await app.say(emp.phone, 'genteng gedung C bocor kalau hujan');
    expect(await after(20_000, emp.phone)).toHaveLength(1);
    expect(await after(29 * 60_000, emp.phone)).toEqual([]);
    const told = await after(60_000, emp.phone);
    expect(told).toHaveLength(1);
    expect(told[0]!.message).toContain('petugas kami akan menindaklanjuti');
    expect(await draftsOf(emp.phone)).toEqual([expect.objectContaining({ status: 'left', open_chat_id: null })]);
    expect(await conversation(emp.phone)).toMatchObject({
      phone: emp.phone,
      name: 'Budi Santoso',
      last_preview: 'genteng gedung C bocor kalau hujan',
      unread: 1,
      is_group: 0,
    });
    expect(await ticketsOf(emp.phone)).toHaveLength(0);
  });

  test('When more text follows the prompt, then it joins the draft and one new prompt quotes it all', async () => {
    const emp = await createEmployee(app.db);
    await app.say(emp.phone, 'stop kontak di R.210 mati');
    expect(await after(20_000, emp.phone)).toHaveLength(1);
    await app.say(emp.phone, 'yang dekat jendela');
    await app.say(emp.phone, 'dua-duanya');
    const again = await after(20_000, emp.phone);
    expect(again).toHaveLength(1);
    expect(again[0]!.message).toContain('stop kontak di R.210 mati yang dekat jendela dua-duanya');
  });

  test('When someone only greets, then a short friendly answer with the menu comes, and no draft is started', async () => {
    const emp = await createEmployee(app.db, { name: 'Dewi' });
    const [answer, ...rest] = await app.say(emp.phone, 'Selamat pagi pak 🙏');
    expect(rest).toEqual([]);
    expect(answer!.message).toContain('Halo, Dewi');
    expect(answer!.message).toContain('#request <keluhan Anda>');
    const [thanks] = await app.say(emp.phone, 'makasih bu');
    expect(thanks!.message).toContain('Sama-sama');
    expect(await draftsOf(emp.phone)).toEqual([]);
    expect((await inboundOf(emp.phone)).map((r) => r.command)).toEqual(['greeting', 'thanks']);
    expect(await after(60_000, emp.phone)).toEqual([]);
  });

  test('When a question or a plea comes with no draft open, then it is acknowledged and put in the inbox', async () => {
    const emp = await createEmployee(app.db);
    const [ack] = await app.say(emp.phone, 'kapan teknisinya datang?');
    expect(ack!.message).toContain('pesan Anda kami teruskan ke petugas');
    expect(await conversation(emp.phone)).toMatchObject({ last_preview: 'kapan teknisinya datang?', unread: 1 });
    await app.say(emp.phone, 'tolong ya');
    expect(await conversation(emp.phone)).toMatchObject({ last_preview: 'tolong ya', unread: 2 });
    expect((await inboundOf(emp.phone)).map((r) => r.command)).toEqual(['question', 'plea']);
    expect(await ticketsOf(emp.phone)).toHaveLength(0);
  });

  test('When only a sticker or an emoji comes, then nothing is answered and the desk sees it, unless a draft is open', async () => {
    const emp = await createEmployee(app.db);
    expect(await app.say(emp.phone, '😭😭')).toEqual([]);
    expect(await conversation(emp.phone)).toMatchObject({ last_preview: '😭😭', unread: 1 });
    await app.say(emp.phone, 'AC ruang 204 bocor');
    expect(await app.say(emp.phone, '😭')).toEqual([]);
    expect(await conversation(emp.phone)).toMatchObject({ last_preview: '😭😭', unread: 1 });
    expect((await inboundOf(emp.phone)).map((r) => [r.status, r.command])).toEqual([
      ['processed', 'empty'],
      ['processed', 'draft'],
      ['processed', 'empty'],
    ]);
  });

  test('When a sender who may not report writes plainly, then the refusal is sent and the desk sees the message', async () => {
    const stranger = '6285700000321';
    const [refusal] = await app.say(stranger, 'AC ruang 101 mati');
    expect(refusal!.message).toContain('belum terdaftar sebagai pegawai');
    expect(await conversation(stranger)).toMatchObject({ last_preview: 'AC ruang 101 mati', unread: 1 });
    expect(await draftsOf(stranger)).toEqual([]);
    expect((await inboundOf(stranger))[0]).toMatchObject({ status: 'processed', command: 'refused' });
  });

  test('When YA or BATAL comes with no draft open, then a friendly answer with the menu comes and nothing is filed', async () => {
    const emp = await createEmployee(app.db);
    for (const text of ['YA', 'batal']) {
      const [answer] = await app.say(emp.phone, text);
      expect(answer!.message).toContain('tidak ada laporan yang menunggu konfirmasi');
      expect(answer!.message).toContain('#request <keluhan Anda>');
    }
    expect(await ticketsOf(emp.phone)).toHaveLength(0);
  });

  test('When #request is sent while a draft is open, then it files its own ticket and leaves the draft to its prompt', async () => {
    const emp = await createEmployee(app.db);
    await app.say(emp.phone, 'keran wudhu masjid bocor');
    const [reply] = (await app.say(emp.phone, '#request lampu parkiran mati')).filter((s) => s.target === emp.phone);
    expect(reply!.message).toContain('Nomor tracking Anda');
    expect(await ticketsOf(emp.phone)).toEqual([expect.objectContaining({ complaint: 'lampu parkiran mati' })]);
    const [prompt] = await after(20_000, emp.phone);
    expect(prompt!.message).toContain('keran wudhu masjid bocor');
    expect(prompt!.message).not.toContain('parkiran');
  });

  test('When our answers meet another bot that answers everything, then the exchange stops after a few messages and a person is reached', async () => {
    const greeter = await createEmployee(app.db);
    const chatty = await createEmployee(app.db);
    const bots = [
      { phone: greeter.phone, says: 'Halo 👋' },
      { phone: chatty.phone, says: 'Terima kasih telah menghubungi kami. Pesan Anda akan segera kami balas.' },
    ];
    const toBots = (sent: ReceivedSend[]) => sent.filter((s) => bots.some((b) => b.phone === s.target));
    // Each bot writes first, then answers every message it gets, while the draft job keeps running.
    let inbox: ReceivedSend[] = [];
    for (const b of bots) inbox.push(...(await app.say(b.phone, b.says)));
    let total = toBots(inbox).length;
    for (let round = 0; round < 30; round++) {
      const answers: ReceivedSend[] = [];
      for (const m of toBots(inbox)) answers.push(...(await app.say(m.target, bots.find((b) => b.phone === m.target)!.says)));
      inbox = [...answers, ...(await after(21_000))];
      total += toBots(inbox).length;
    }
    const sentTo = (phone: string) => app.db.kysely.selectFrom('outbound_messages').select('kind').where('target', '=', phone).execute();
    expect(await sentTo(greeter.phone)).toHaveLength(3);
    // Two prompts for the one draft the chatty bot's texts make, then silence and the desk.
    expect(await sentTo(chatty.phone)).toHaveLength(2);
    expect(total).toBe(5);
    expect(toBots(inbox)).toEqual([]);
    expect(await conversation(greeter.phone)).toMatchObject({ unread: expect.any(Number) });
    expect(await conversation(chatty.phone)).toMatchObject({ last_preview: expect.stringContaining('Terima kasih telah menghubungi') });
    expect(await draftsOf(chatty.phone)).toEqual([expect.objectContaining({ status: 'left', prompts: 2 })]);
  });
});
