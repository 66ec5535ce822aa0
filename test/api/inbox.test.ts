import { signedIn, type SignedIn } from '../support/api-client';
import { createEmployee } from '../support/factories';
import { noteWaiting } from '../../src/features/conversations/conversation.repository';
import { groupMessage } from '../support/fonnte-payloads';
import { sayToInbox } from '../support/inbox-seed';
import { auditRowsOf } from '../support/staff-login';
import { DEVICE, startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';

let phoneSeq = 0;
/** A number nobody in the directory has. */
const stranger = () => `62857${String(++phoneSeq).padStart(7, '0')}`;
const PHOTO = { type: 'image', url: 'https://files.fonnte.com/x/ac-bocor.jpg', filename: 'ac-bocor.jpg', extension: 'jpg' };

describeEachDialect('the desk inbox: /api/conversations', (dialect) => {
  let app: TestApp;
  let admin: SignedIn;
  let staf: SignedIn;
  let tbo: SignedIn;

  beforeAll(async () => {
    // Strangers are refused and their messages go straight to the inbox; employees' questions and pleas do too.
    app = await startTestApp(dialect, { UNKNOWN_SENDERS: 'reject' });
    admin = await signedIn(app, 'Administrator');
    staf = await signedIn(app, 'Staf');
    tbo = await signedIn(app, 'TBO');
  });
  afterAll(() => app.close());
  beforeEach(() => app.fonnte.reset());

  const detail = async (chatId: string, query = '') => {
    const res = await admin.get(`/api/conversations/${chatId}${query}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const lastInboundId = async (chatId: string) =>
    Number(
      (
        await app.db.kysely
          .selectFrom('inbound_messages')
          .select('id')
          .where('chat_id', '=', chatId)
          .orderBy('id', 'desc')
          .executeTakeFirstOrThrow()
      ).id,
    );

  describe('GET /api/conversations/summary', () => {
    test('When nothing waits, then the summary counts zero and has no latest time', async () => {
      const res = await admin.get('/api/conversations/summary');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ waiting: 0, unread: 0, latestAt: null });
    });

    test('When two chats wait with three messages, then the summary counts two chats, three unread and the newest time', async () => {
      const [a, b] = [stranger(), stranger()];
      await sayToInbox(app, a, 'halo pak, AC di ruang 204 bocor');
      await sayToInbox(app, b, 'Selamat pagi, proyektor di ruang 3.1 tidak mau nyala');
      await sayToInbox(app, a, 'tolong dicek ya');
      const res = await staf.get('/api/conversations/summary');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ waiting: 2, unread: 3, latestAt: new Date(app.clock.now()).toISOString() });
      for (const chat of [a, b]) expect((await admin.post(`/api/conversations/${chat}/handled`)).status).toBe(200);
      expect((await staf.get('/api/conversations/summary')).body).toEqual({ waiting: 0, unread: 0, latestAt: null });
    });
  });

  describe('roles', () => {
    const routes = (chat: string): [string, string][] => [
      ['get', '/api/conversations/summary'],
      ['get', '/api/conversations'],
      ['get', `/api/conversations/${chat}`],
      ['post', `/api/conversations/${chat}/read`],
      ['post', `/api/conversations/${chat}/replies`],
      ['post', `/api/conversations/${chat}/tickets`],
      ['post', `/api/conversations/${chat}/handled`],
    ];

    test('When a technician (TBO) calls any inbox route, then 403; without a token, 401', async () => {
      const chat = stranger();
      await sayToInbox(app, chat, 'halo');
      for (const [method, path] of routes(chat)) {
        const asTbo = method === 'get' ? tbo.get(path) : tbo.post(path, { text: 'x' });
        expect([method, path, (await asTbo).status]).toEqual([method, path, 403]);
        const anonymous = method === 'get' ? app.http.get(path) : app.http.post(path).send({ text: 'x' });
        expect([method, path, (await anonymous).status]).toEqual([method, path, 401]);
      }
    });
  });

  describe('GET /api/conversations', () => {
    test('When chats wait, then they are listed newest first with unread counts and the directory name before the WhatsApp name', async () => {
      const emp = await createEmployee(app.db, { name: 'R Marta Dinata' });
      const other = stranger();
      await sayToInbox(app, emp.phone, 'Pak, mohon dibantu ya');
      await sayToInbox(app, other, 'lampu lorong mati');
      await sayToInbox(app, other, 'sudah dua hari');
      const res = await admin.get('/api/conversations?pageSize=2');
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({ chatId: other, phone: other, name: 'Pengirim WA', isGroup: false, unread: 2, preview: 'sudah dua hari' }),
        expect.objectContaining({
          chatId: emp.phone,
          name: 'R Marta Dinata',
          unread: 1,
          preview: 'Pak, mohon dibantu ya',
          handledAt: null,
        }),
      ]);
      expect(res.body.items[0].lastMessageAt > res.body.items[1].lastMessageAt).toBe(true);
      expect(res.body.items[0].waitingSince < res.body.items[0].lastMessageAt).toBe(true);
      expect(res.body).toMatchObject({ page: 1, pageSize: 2 });
    });

    test('When a chat is handled, then it leaves the waiting list, shows under handled and all, and a new message brings it back', async () => {
      const chat = stranger();
      await sayToInbox(app, chat, 'wifi gedung B lemot');
      const ids = async (state: string) =>
        ((await admin.get(`/api/conversations?state=${state}&pageSize=100`)).body.items as { chatId: string }[]).map((c) => c.chatId);
      expect(await ids('waiting')).toContain(chat);
      expect(await ids('handled')).not.toContain(chat);

      const handled = await staf.post(`/api/conversations/${chat}/handled`);
      expect(handled.status).toBe(200);
      expect(handled.body).toMatchObject({
        chatId: chat,
        waitingSince: null,
        unread: 0,
        handledAt: new Date(app.clock.now()).toISOString(),
        handledBy: { id: staf.staff.id, name: staf.staff.name },
      });
      expect(await ids('waiting')).not.toContain(chat);
      expect(await ids('handled')).toContain(chat);
      expect(await ids('all')).toContain(chat);
      const [audit] = await auditRowsOf(app, 'conversation', chat);
      expect(audit).toMatchObject({ action: 'conversation.handled', actor_id: staf.staff.id, before: { unread: 1 } });

      await sayToInbox(app, chat, 'masih lemot pak');
      expect(await ids('waiting')).toContain(chat);
      expect((await detail(chat)).conversation).toMatchObject({ unread: 1, waitingSince: new Date(app.clock.now()).toISOString() });
    });

    test('When the state is not one of waiting, handled or all, then 400 naming the field', async () => {
      const res = await admin.get('/api/conversations?state=semua');
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^state:/);
    });
  });

  describe('GET /api/conversations/:chatId and POST …/read', () => {
    test('When a chat is opened, then in and out are merged in time order with the person, and only POST read clears unread', async () => {
      const emp = await createEmployee(app.db, { name: 'Siti Aminah', department: 'FEB', unit: 'Akuntansi' });
      const acknowledged = await sayToInbox(app, emp.phone, 'Pak, mohon dibantu ya');
      app.clock.advance(1000);
      await app.say(emp.phone, '#cek');
      await sayToInbox(app, emp.phone, 'kapan teknisi datang?');

      const body = await detail(emp.phone);
      const ins = body.messages.filter((m: { direction: string }) => m.direction === 'in');
      const outs = body.messages.filter((m: { direction: string }) => m.direction === 'out');
      expect(ins.map((m: { body: string }) => m.body)).toEqual(['Pak, mohon dibantu ya', '#cek', 'kapan teknisi datang?']);
      // What the service answered (the acknowledgement, the #cek reply) is there, each beside the message it answered.
      expect(acknowledged).toHaveLength(1);
      expect(outs.length).toBeGreaterThanOrEqual(2);
      expect(outs[0]).toMatchObject({ at: ins[0].at, body: acknowledged[0]!.message, kind: 'auto_answer' });
      const times = body.messages.map((m: { at: string }) => m.at);
      expect([...times].sort()).toEqual(times);
      const cekAt = ins[1].at;
      expect(outs.some((o: { at: string; body: string }) => o.at === cekAt && o.body.includes('Siti Aminah'))).toBe(true);
      expect(outs[0]).toMatchObject({ status: 'sent', staff: null });
      expect(body.person).toEqual({
        kind: 'employee',
        id: emp.id,
        name: 'Siti Aminah',
        department: 'FEB',
        unit: 'Akuntansi',
        email: null,
        active: true,
      });
      expect(body.olderCursor).toBeNull();

      const waiting = (await detail(emp.phone)).conversation.unread;
      expect(waiting).toBeGreaterThan(0); // reading with GET changes nothing
      const read = await staf.post(`/api/conversations/${emp.phone}/read`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ unread: 0, handledAt: null });
      expect((await detail(emp.phone)).conversation.waitingSince).not.toBeNull();
    });

    test('When a chat has more messages than the limit, then olderCursor pages back without gaps or repeats', async () => {
      const chat = stranger();
      for (const text of ['satu', 'dua', 'tiga', 'empat', 'lima']) await sayToInbox(app, chat, text);
      const seen: string[] = [];
      let cursor: string | null = '';
      let pages = 0;
      while (cursor !== null) {
        const page = await detail(chat, `?limit=2${cursor ? `&before=${cursor}` : ''}`);
        seen.unshift(...page.messages.map((m: { direction: string; id: number }) => `${m.direction}${m.id}`));
        cursor = page.olderCursor;
        pages += 1;
      }
      const whole = (await detail(chat)).messages.map((m: { direction: string; id: number }) => `${m.direction}${m.id}`);
      expect(seen).toEqual(whole);
      expect(pages).toBe(Math.ceil(whole.length / 2));
      expect((await admin.get(`/api/conversations/${chat}?before=kemarin`)).status).toBe(400);
    });

    test('When the chat never reached the inbox, then 404 on every conversation route', async () => {
      const nobody = stranger();
      for (const res of [
        await admin.get(`/api/conversations/${nobody}`),
        await admin.post(`/api/conversations/${nobody}/read`),
        await admin.post(`/api/conversations/${nobody}/replies`, { text: 'halo' }),
        await admin.post(`/api/conversations/${nobody}/tickets`, { complaint: 'AC bocor' }),
        await admin.post(`/api/conversations/${nobody}/handled`),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('NOT_FOUND');
      }
    });
  });

  describe('POST /api/conversations/:chatId/replies', () => {
    test('When the desk replies, then the gateway receives it, the conversation shows who wrote it and its delivery state, audited', async () => {
      const chat = stranger();
      await sayToInbox(app, chat, 'Pak, mohon dibantu ya');
      app.fonnte.reset();

      const res = await staf.post(`/api/conversations/${chat}/replies`, { text: 'Baik, *ruang berapa* ya Pak?' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        direction: 'out',
        kind: 'desk_message',
        body: 'Baik, *ruang berapa* ya Pak?',
        staff: { id: staf.staff.id, name: staf.staff.name },
      });
      await app.settle();
      expect(app.fonnte.received).toEqual([expect.objectContaining({ target: chat, message: 'Baik, *ruang berapa* ya Pak?' })]);
      const providerId = app.fonnte.received[0]!.providerId!;

      const callback = await app.http
        .post('/webhooks/fonnte/status?secret=test-secret')
        .send({ device: DEVICE, id: providerId, stateid: 'ST-1', status: 'delivered' });
      expect(callback.status).toBe(200);
      const body = await detail(chat);
      expect(body.messages.at(-1)).toMatchObject({ id: res.body.id, status: 'sent', deliveryState: 'delivered' });
      expect(body.conversation).toMatchObject({ unread: 0, handledAt: null });
      expect(body.conversation.waitingSince).not.toBeNull();

      const [audit] = await auditRowsOf(app, 'conversation', chat);
      expect(audit).toMatchObject({ action: 'conversation.reply', actor_id: staf.staff.id, after: { outboundId: res.body.id } });
    });

    test('When the reply is empty or carries an unknown field, then 400 naming the field and nothing is queued', async () => {
      const chat = stranger();
      await sayToInbox(app, chat, 'halo');
      const empty = await admin.post(`/api/conversations/${chat}/replies`, { text: '   ' });
      expect(empty.status).toBe(400);
      expect(empty.body.error.message).toMatch(/^text:/);
      const extra = await admin.post(`/api/conversations/${chat}/replies`, { text: 'ok', staffId: 'ADM01' });
      expect(extra.status).toBe(400);
      const queued = await app.db.kysely
        .selectFrom('outbound_messages')
        .select('id')
        .where('kind', '=', 'desk_message')
        .where('target', '=', chat)
        .execute();
      expect(queued).toEqual([]);
    });
  });

  describe('POST /api/conversations/:chatId/tickets', () => {
    test('When the desk makes a ticket of a stranger’s photo message, then the ticket has its text and photo, the reporter is confirmed, the chat is handled', async () => {
      const chat = stranger();
      await sayToInbox(app, chat, 'halo pak');
      await sayToInbox(app, chat, 'AC di ruang 204 bocor', PHOTO);
      const messageId = await lastInboundId(chat);
      app.fonnte.reset();

      const res = await admin.post(`/api/conversations/${chat}/tickets`, { inboundMessageId: messageId });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'baru', complaint: 'AC di ruang 204 bocor', photos: 1 });
      const trackingNo: string = res.body.trackingNo;

      const ticket = await app.db.kysely.selectFrom('tickets').selectAll().where('tracking_no', '=', trackingNo).executeTakeFirstOrThrow();
      expect(ticket).toMatchObject({ reporter_phone: chat, reporter_name: 'Pengirim WA', reporter_employee_id: null, chat_id: chat });
      expect(Number(ticket.source_message_id)).toBe(messageId);
      const media = await app.db.kysely.selectFrom('media').selectAll().where('ticket_id', '=', ticket.id).execute();
      expect(media).toEqual([expect.objectContaining({ source_url: PHOTO.url, original_filename: 'ac-bocor.jpg' })]);
      expect(Number(media[0]!.inbound_message_id)).toBe(messageId);
      // The history says who at the desk took the message in, as for a ticket the desk opens.
      const [opened] = await app.db.kysely.selectFrom('ticket_events').selectAll().where('ticket_id', '=', ticket.id).execute();
      expect(opened).toMatchObject({ kind: 'created', actor_kind: 'staff', actor_id: admin.staff.id });
      expect(opened!.note).toContain(`dicatat oleh ${admin.staff.name}`);

      await app.settle();
      const confirmation = app.fonnte.received.find((r) => r.target === chat);
      expect(confirmation?.message).toContain(`Nomor tracking Anda: *${trackingNo}*`);
      expect(confirmation?.message).toContain('Yth. Pengirim WA,');

      const body = await detail(chat);
      expect(body.conversation).toMatchObject({ waitingSince: null, unread: 0, handledBy: { id: admin.staff.id } });
      expect(body.tickets).toEqual([expect.objectContaining({ trackingNo, status: 'baru' })]);
      expect(body.messages.find((m: { id: number; direction: string }) => m.direction === 'in' && m.id === messageId)).toMatchObject({
        ticketTrackingNo: trackingNo,
      });
      const [audit] = await auditRowsOf(app, 'conversation', chat);
      expect(audit).toMatchObject({ action: 'conversation.ticket', actor_id: admin.staff.id, after: { trackingNo, photos: 1 } });
    });

    test('When the phone is an employee and the desk edits the text, then the employee reports the edited complaint', async () => {
      const emp = await createEmployee(app.db, { name: 'Budi Santoso', department: 'TIF', unit: 'IT' });
      await sayToInbox(app, emp.phone, 'kapan proyektor 3.1 bisa dipakai lagi pak?');
      const res = await staf.post(`/api/conversations/${emp.phone}/tickets`, {
        inboundMessageId: await lastInboundId(emp.phone),
        complaint: 'Proyektor ruang 3.1 tidak menyala',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ complaint: 'Proyektor ruang 3.1 tidak menyala', photos: 0 });
      const ticket = await app.db.kysely
        .selectFrom('tickets')
        .selectAll()
        .where('tracking_no', '=', res.body.trackingNo)
        .executeTakeFirstOrThrow();
      expect(ticket).toMatchObject({
        reporter_employee_id: emp.id,
        reporter_name: 'Budi Santoso',
        complaint: 'Proyektor ruang 3.1 tidak menyala',
      });
      expect((await detail(emp.phone)).tickets.map((t: { trackingNo: string }) => t.trackingNo)).toContain(res.body.trackingNo);
    });

    /** Lets `ms` pass and runs the draft job once, as its background loop would. */
    const draftJobAfter = async (ms: number) => {
      app.clock.advance(ms);
      await app.services.drafts.runOnce();
      await app.settle();
    };

    test('When a draft the person never confirmed is left for the desk, then the chat waits in the inbox under the directory name', async () => {
      const emp = await createEmployee(app.db, { name: 'Dewi Lestari' });
      app.clock.advance(1000);
      await app.say(emp.phone, 'lampu toilet lantai 2 mati');
      await draftJobAfter(app.config.drafts.gatherMs); // the prompt
      expect((await admin.get(`/api/conversations/${emp.phone}`)).status).toBe(404);
      await draftJobAfter(app.config.drafts.timeoutMs); // unanswered: left for the desk
      const listed = await admin.get('/api/conversations?pageSize=100');
      expect(listed.body.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ chatId: emp.phone, name: 'Dewi Lestari', preview: 'lampu toilet lantai 2 mati' }),
        ]),
      );
    });

    test('When the desk makes a ticket of a message in an open draft, then the draft’s photos come along and a later YA makes no second ticket', async () => {
      const emp = await createEmployee(app.db, { name: 'Dewi Lestari' });
      await sayToInbox(app, emp.phone, 'Pak, mohon dibantu ya');
      app.clock.advance(1000);
      await app.say(emp.phone, 'AC di ruang 204 bocor');
      app.clock.advance(5000);
      await app.say(emp.phone, '', PHOTO);
      await draftJobAfter(app.config.drafts.gatherMs); // prompted, waiting for YA
      const [draft] = await app.db.kysely.selectFrom('drafts').selectAll().where('chat_id', '=', emp.phone).execute();
      expect(draft).toMatchObject({ status: 'awaiting', photos: 1 });

      const text = (await detail(emp.phone)).messages.find((m: { body: string }) => m.body === 'AC di ruang 204 bocor');
      const res = await staf.post(`/api/conversations/${emp.phone}/tickets`, { inboundMessageId: text.id });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ complaint: 'AC di ruang 204 bocor', photos: 1 });
      const ticket = await app.db.kysely
        .selectFrom('tickets')
        .select('id')
        .where('tracking_no', '=', res.body.trackingNo)
        .executeTakeFirstOrThrow();
      const media = await app.db.kysely.selectFrom('media').select('source_url').where('ticket_id', '=', ticket.id).execute();
      expect(media).toEqual([{ source_url: PHOTO.url }]);
      const closed = await app.db.kysely.selectFrom('drafts').selectAll().where('id', '=', draft!.id).executeTakeFirstOrThrow();
      expect(closed).toMatchObject({ status: 'filed', ticket_id: ticket.id });

      app.clock.advance(1000);
      await app.say(emp.phone, 'YA');
      const tickets = await app.db.kysely.selectFrom('tickets').select('tracking_no').where('reporter_phone', '=', emp.phone).execute();
      expect(tickets).toEqual([{ tracking_no: res.body.trackingNo }]);
    });

    test('When the chat is a group, then 409 GROUP_CHAT and no ticket', async () => {
      // In a group only commands act, so the pipeline never puts a group in the inbox: the row is made here.
      const group = '120363040000000001@g.us';
      await app.postWebhook(groupMessage(group, stranger(), 'AC ruang rapat bocor'));
      await app.settle();
      await noteWaiting(app.db.kysely, app.db.dialect, {
        chatId: group,
        phone: null,
        name: 'Grup Sarpras',
        isGroup: true,
        preview: 'AC ruang rapat bocor',
        at: app.clock.now(),
      });
      const before = await app.db.kysely
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      const res = await admin.post(`/api/conversations/${encodeURIComponent(group)}/tickets`, {
        inboundMessageId: await lastInboundId(group),
      });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'GROUP_CHAT' } });
      const after = await app.db.kysely
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });

    test('When the message is another chat’s, the body is malformed or there is no text, then 404 or 400 naming the field', async () => {
      const [chat, other] = [stranger(), stranger()];
      await sayToInbox(app, chat, '', PHOTO);
      await sayToInbox(app, other, 'kran bocor');
      const photoOnly = await lastInboundId(chat);
      const notHers = await admin.post(`/api/conversations/${chat}/tickets`, { inboundMessageId: await lastInboundId(other) });
      expect(notHers.status).toBe(404);
      const noText = await admin.post(`/api/conversations/${chat}/tickets`, { inboundMessageId: photoOnly });
      expect(noText.status).toBe(400);
      expect(noText.body.error.message).toMatch(/^complaint:/);
      const badId = await admin.post(`/api/conversations/${chat}/tickets`, { inboundMessageId: 'satu' });
      expect(badId.status).toBe(400);
      expect(badId.body.error.message).toMatch(/^inboundMessageId:/);
      const withText = await admin.post(`/api/conversations/${chat}/tickets`, { inboundMessageId: photoOnly, complaint: 'Foto kerusakan' });
      expect(withText.status).toBe(201);
      expect(withText.body.photos).toBe(1);
    });
  });
});
