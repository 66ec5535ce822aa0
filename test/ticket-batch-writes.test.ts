import type { KyselyPlugin, RootOperationNode } from 'kysely';
import { createCommandRegistry } from '../src/chat';
import { ChatProcessor } from '../src/chat/chat.processor';
import type { Db } from '../src/db/create-db';
import { reserveTicketIds } from '../src/features/tickets/ticket-id.repository';
import { createLogger } from '../src/logger';
import { describeEachDialect } from './support/test-db';
import { DEVICE, startTestApp, type TestApp } from './support/test-app';
import { createEmployee, storePendingMessage } from './support/factories';

/** The tables each INSERT statement the processor sends writes to, in order. */
function countingDb(db: Db, inserts: string[]): Db {
  const plugin: KyselyPlugin = {
    transformQuery({ node }: { node: RootOperationNode }) {
      if (node.kind === 'InsertQueryNode')
        inserts.push((node.into as unknown as { table: { identifier: { name: string } } }).table.identifier.name);
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return { ...db, kysely: db.kysely.withPlugin(plugin) };
}

describeEachDialect('the tickets of a batch, written together', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect, { ADMIN_NOTIFY_TARGET: '628111000999' });
  });
  afterAll(() => app.close());

  const processor = (db: Db) =>
    new ChatProcessor({
      db,
      config: app.config,
      clock: app.clock,
      logger: createLogger('silent'),
      registry: createCommandRegistry(),
      batchSize: 50,
    });

  const storePending = (phone: string, body: string) =>
    storePendingMessage(app.db, { device: DEVICE, phone, body, receivedAt: app.clock.now() });
  const ticketsOf = (ids: number[]) =>
    app.db.kysely
      .selectFrom('tickets')
      .select(['id', 'tracking_no', 'source_message_id'])
      .where('source_message_id', 'in', ids)
      .orderBy('source_message_id')
      .execute();
  const repliesTo = (id: number) =>
    app.db.kysely.selectFrom('outbound_messages').select(['body', 'ticket_id']).where('inbound_message_id', '=', id).execute();

  test('When a batch files ten tickets, then they, their history entries and the messages (replies, the admins told) are written in one INSERT each on MySQL, and each reply names its own ticket', async () => {
    const people = await Promise.all(Array.from({ length: 5 }, () => createEmployee(app.db)));
    const ids: number[] = [];
    for (let i = 0; i < 10; i++) ids.push(await storePending(people[i % 5]!.phone, `#request kipas ${i} mati`));
    const inserts: string[] = [];

    expect(await processor(countingDb(app.db, inserts)).sweep()).toBe(10);

    const tickets = await ticketsOf(ids);
    expect(tickets.map((t) => Number(t.source_message_id))).toEqual(ids);
    expect(inserts.filter((t) => t === 'tickets')).toHaveLength(dialect === 'mysql' ? 1 : 10);
    // SQLite writes each ticket at once (no round trip to save), which writes the entries kept back before it.
    expect(inserts.filter((t) => t === 'ticket_events')).toHaveLength(dialect === 'mysql' ? 1 : 10);
    for (const t of tickets) {
      const replies = await repliesTo(Number(t.source_message_id));
      expect(replies).toHaveLength(1);
      expect(Number(replies[0]!.ticket_id)).toBe(Number(t.id));
      expect(replies[0]!.body).toContain(t.tracking_no);
    }
    const events = await app.db.kysely
      .selectFrom('ticket_events')
      .select('ticket_id')
      .where(
        'ticket_id',
        'in',
        tickets.map((t) => t.id),
      )
      .where('kind', '=', 'created')
      .execute();
    expect(events).toHaveLength(10);
    if (dialect === 'mysql') expect(inserts.filter((t) => t === 'outbound_messages')).toHaveLength(1);
    const told = await app.db.kysely
      .selectFrom('outbound_messages')
      .select(['ticket_id', 'body'])
      .where('target', '=', '628111000999')
      .where(
        'ticket_id',
        'in',
        tickets.map((t) => t.id),
      )
      .orderBy('id')
      .execute();
    expect(told.map((m) => Number(m.ticket_id))).toEqual(tickets.map((t) => Number(t.id)));
    told.forEach((m, i) => expect(m.body).toContain(tickets[i]!.tracking_no));
  });

  test('When a chat files a ticket and asks for it by number in the same batch, then the question sees the ticket the batch has not written yet', async () => {
    const a = await createEmployee(app.db);
    const first = await storePending(a.phone, '#request atap bocor di aula');
    // The tracking number is not known before the batch runs: #cek without a number lists the sender's open tickets.
    const ask = await storePending(a.phone, '#cek');

    expect(await processor(app.db).sweep()).toBe(2);

    const [ticket] = await ticketsOf([first]);
    expect(ticket).toBeDefined();
    const answer = (await repliesTo(ask)).map((r) => r.body).join('\n');
    expect(answer).toContain(ticket!.tracking_no);
  });

  test('When tickets are written without a reserved id (an import, an operator), then the next reserved ids come after them', async () => {
    if (dialect !== 'mysql') return; // SQLite takes the database's own ids, one INSERT at a time
    const block = await reserveTicketIds(app.db.kysely, 3);
    const a = await createEmployee(app.db);
    const ahead = block.last + 1000;
    await app.db.kysely
      .insertInto('tickets')
      .values({
        id: ahead,
        tracking_no: 'IMP0001',
        status: 'ditutup',
        complaint: 'impor lama',
        reporter_employee_id: null,
        reporter_phone: a.phone,
        reporter_name: 'Lama',
        reporter_unit: null,
        chat_id: a.phone,
        channel: 'whatsapp',
        source_message_id: null,
        created_at: 1,
        updated_at: 1,
      })
      .execute();
    const next = await reserveTicketIds(app.db.kysely, 2);
    expect(next).toEqual({ first: ahead + 1, last: ahead + 2 });
    const first = await storePending(a.phone, '#request pintu macet');
    await processor(app.db).sweep();
    const [ticket] = await ticketsOf([first]);
    expect(Number(ticket!.id)).toBeGreaterThan(ahead + 2);
  });
});
