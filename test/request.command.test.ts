import { describeEachDialect } from './support/test-db';
import { startTestApp, type TestApp } from './support/test-app';
import { createEmployee } from './support/factories';
import { textMessage } from './support/fonnte-payloads';

describeEachDialect('#request', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
  });
  afterAll(() => app.close());
  beforeEach(() => app.clock.set(Date.UTC(2024, 8, 16, 11, 26, 28)));

  const ticketsOf = (phone: string) =>
    app.db.kysely.selectFrom('tickets').selectAll().where('reporter_phone', '=', phone).orderBy('id').execute();

  test('When an employee sends #request, then a ticket is created and the reply carries name, unit and the tracking number in bold', async () => {
    const emp = await createEmployee(app.db, { name: 'R Marta Dinata', department: 'TIF', unit: 'IT' });
    const sent = await app.say(emp.phone, '#request lampu kelas 3.2 mati');

    const tickets = await ticketsOf(emp.phone);
    expect(tickets).toHaveLength(1);
    const t = tickets[0]!;
    expect(t).toMatchObject({
      status: 'baru',
      complaint: 'lampu kelas 3.2 mati',
      reporter_employee_id: emp.id,
      reporter_name: 'R Marta Dinata',
    });
    expect(t.tracking_no).toMatch(/^BRT2409\d{3}$/);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.target).toBe(emp.phone);
    expect(sent[0]!.message).toContain('Yth. R Marta Dinata (TIF/IT)');
    expect(sent[0]!.message).toContain(`*${t.tracking_no}*`);
    expect(sent[0]!.message).toContain(`#cek ${t.tracking_no}`);

    const inbound = await app.db.kysely
      .selectFrom('inbound_messages')
      .selectAll()
      .where('sender_phone', '=', emp.phone)
      .executeTakeFirstOrThrow();
    expect(inbound).toMatchObject({ status: 'processed', command: 'request', ticket_id: t.id });
    const out = await app.db.kysely.selectFrom('outbound_messages').selectAll().where('inbound_message_id', '=', inbound.id).execute();
    expect(out).toEqual([expect.objectContaining({ status: 'sent', ticket_id: t.id, kind: 'reply' })]);
    const events = await app.db.kysely.selectFrom('ticket_events').selectAll().where('ticket_id', '=', t.id).execute();
    expect(events).toEqual([expect.objectContaining({ kind: 'created', status_to: 'baru' })]);
  });

  test.each([
    ['REQUEST atap bocor'],
    ['Req atap bocor'],
    ['#REQ atap bocor'],
    ['#lapor atap bocor'],
    ['#bantu atap bocor'],
    ['tolong atap bocor'],
    ['#Help atap bocor'],
    ['*#request* atap bocor'],
  ])('When the complaint is sent as "%s", then it becomes a ticket', async (text) => {
    const emp = await createEmployee(app.db);
    const sent = await app.say(emp.phone, text);
    const tickets = await ticketsOf(emp.phone);
    expect(tickets.map((t) => t.complaint)).toEqual(['atap bocor']);
    expect(sent[0]!.message).toContain(tickets[0]!.tracking_no);
  });

  test('When #request has no text, then the usage pattern is sent and no ticket is made', async () => {
    const emp = await createEmployee(app.db);
    const sent = await app.say(emp.phone, '#req');
    expect(await ticketsOf(emp.phone)).toHaveLength(0);
    expect(sent[0]!.message).toContain('#req <keluhan Anda>');
  });

  test('When a multi-line complaint with emoji arrives, then it is stored intact', async () => {
    const emp = await createEmployee(app.db);
    const complaint = 'AC ruang 3.2 bocor 💧\nair menetes ke meja dosen';
    await app.say(emp.phone, `#request ${complaint}`);
    expect((await ticketsOf(emp.phone))[0]!.complaint).toBe(complaint);
  });

  test('When reports arrive around midnight WIB at the month end, then the number follows the Jakarta month, and numbers grow past 999', async () => {
    const emp = await createEmployee(app.db);
    app.clock.set(Date.UTC(2025, 0, 31, 16, 59, 0)); // 23:59 WIB, 31 January
    await app.say(emp.phone, '#request januari');
    app.clock.set(Date.UTC(2025, 0, 31, 17, 30, 0)); // 00:30 WIB, 1 February
    await app.say(emp.phone, '#request februari');
    await app.db.kysely.updateTable('ticket_sequences').set({ last_value: 999 }).where('period', '=', 'BRT2502').execute();
    await app.say(emp.phone, '#request keseribu');
    expect((await ticketsOf(emp.phone)).map((t) => t.tracking_no)).toEqual(['BRT2501001', 'BRT2502001', 'BRT25021000']);
  });

  test('When 200 people send #request at once, then 200 distinct tracking numbers are given and each gets one reply', async () => {
    const people = await Promise.all(Array.from({ length: 200 }, () => createEmployee(app.db)));
    const before = app.fonnte.received.length;
    const responses = await Promise.all(people.map((p, i) => app.postWebhook(textMessage(p.phone, `#request keluhan nomor ${i}`))));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    await app.settle();
    const rows = await app.db.kysely
      .selectFrom('tickets')
      .select(['tracking_no', 'reporter_phone'])
      .where(
        'reporter_phone',
        'in',
        people.map((p) => p.phone),
      )
      .execute();
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((r) => r.tracking_no)).size).toBe(200);
    const replies = app.fonnte.received.slice(before);
    expect(replies).toHaveLength(200);
    expect(new Set(replies.map((r) => r.target)).size).toBe(200);
    for (const r of rows) expect(replies.find((m) => m.target === r.reporter_phone)!.message).toContain(r.tracking_no);
  });
});

describeEachDialect('#request from numbers not in the directory', (dialect) => {
  let accepting: TestApp;
  let rejecting: TestApp;
  beforeAll(async () => {
    accepting = await startTestApp(dialect);
    rejecting = await startTestApp(dialect, { UNKNOWN_SENDERS: 'reject' });
  });
  afterAll(async () => {
    await accepting.close();
    await rejecting.close();
  });

  test('When UNKNOWN_SENDERS=accept, then the ticket is filed under the WhatsApp display name', async () => {
    const sent = await accepting.say('6289900000001', '#request kran wc bocor', { name: 'Pak Budi' });
    const t = await accepting.db.kysely
      .selectFrom('tickets')
      .selectAll()
      .where('reporter_phone', '=', '6289900000001')
      .executeTakeFirstOrThrow();
    expect(t).toMatchObject({ reporter_name: 'Pak Budi', reporter_employee_id: null, reporter_unit: null });
    expect(sent[0]!.message).toContain('Yth. Pak Budi,');
  });

  test('When UNKNOWN_SENDERS=reject, then the sender gets a polite refusal and no ticket exists', async () => {
    const sent = await rejecting.say('6289900000002', '#request kran wc bocor');
    const count = await rejecting.db.kysely
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
    expect(sent[0]!.message).toContain('belum terdaftar');
  });

  test('When UNKNOWN_SENDERS=reject and the number is an employee’s written as 08…, then the ticket is accepted', async () => {
    await createEmployee(rejecting.db, { phone: '6281234567890', name: 'Ibu Sari' });
    const sent = await rejecting.say('081234567890', '#request proyektor mati');
    expect(sent[0]!.target).toBe('6281234567890');
    expect(sent[0]!.message).toContain('Yth. Ibu Sari');
  });
});
