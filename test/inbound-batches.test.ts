import { setTimeout as sleep } from 'node:timers/promises';
import { createCommandRegistry } from '../src/chat';
import { CommandRegistry } from '../src/chat/command-registry';
import type { CommandDefinition } from '../src/chat/command.types';
import { processingFailed } from '../src/features/texts/reporter.texts';
import { ChatProcessor } from '../src/chat/chat.processor';
import { createLogger } from '../src/logger';
import { describeEachDialect } from './support/test-db';
import { DEVICE, startTestApp, type TestApp } from './support/test-app';
import { createEmployee, storePendingMessage } from './support/factories';

/** A command that fails like a bug would, or takes its time, when asked to. */
const breakable: CommandDefinition = {
  name: 'rusak',
  aliases: [],
  roles: ['reporter'],
  usage: '#rusak',
  summary: 'test only',
  listed: false,
  async handle(ctx) {
    if (ctx.args === 'boom') throw new Error('handler bug');
    if (ctx.args === 'slow') await sleep(400);
    ctx.reply('ok');
  },
};

describeEachDialect('inbound processing in batches', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
  });
  afterAll(() => app.close());

  const processor = (batchSize: number) =>
    new ChatProcessor({
      db: app.db,
      config: app.config,
      clock: app.clock,
      logger: createLogger('silent'),
      registry: new CommandRegistry([...createCommandRegistry().commands, breakable]),
      batchSize,
    });

  /** Stored and acknowledged, not yet handled: what a crash right after the 200 leaves behind. */
  const storePending = (phone: string, body: string) =>
    storePendingMessage(app.db, { device: DEVICE, phone, body, receivedAt: app.clock.now() });
  const inbound = (id: number) => app.db.kysely.selectFrom('inbound_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const repliesTo = (id: number) =>
    app.db.kysely.selectFrom('outbound_messages').select('body').where('inbound_message_id', '=', id).execute();

  test('When one message of a batch fails, then the others are handled and only it is marked failed, with an apology', async () => {
    const a = await createEmployee(app.db);
    const b = await createEmployee(app.db);
    const first = await storePending(a.phone, '#request keran bocor');
    const bad = await storePending(b.phone, '#rusak boom');
    const last = await storePending(a.phone, '#rusak fine');

    expect(await processor(10).sweep()).toBe(3);

    expect(await inbound(first)).toMatchObject({ status: 'processed', command: 'request' });
    expect(await inbound(bad)).toMatchObject({ status: 'failed', error: 'handler bug' });
    expect(await inbound(last)).toMatchObject({ status: 'processed', command: 'rusak' });
    expect((await repliesTo(bad)).map((r) => r.body)).toEqual([processingFailed()]);
    expect((await repliesTo(last)).map((r) => r.body)).toEqual(['ok']);
    expect(await app.db.kysely.selectFrom('tickets').select('id').where('reporter_phone', '=', a.phone).execute()).toHaveLength(1);
  });

  test('When one chat sends two unknown commands in the same batch, then it gets one usage hint', async () => {
    const a = await createEmployee(app.db);
    const first = await storePending(a.phone, '#apaini');
    const second = await storePending(a.phone, '#itujuga');

    expect(await processor(10).sweep()).toBe(2);

    expect(await repliesTo(first)).toHaveLength(1);
    expect(await repliesTo(second)).toHaveLength(0);
    expect(await inbound(second)).toMatchObject({ status: 'ignored' });
  });

  test('When a backlog is larger than a batch, then every message is handled once, in arrival order', async () => {
    const people = await Promise.all(Array.from({ length: 5 }, () => createEmployee(app.db)));
    const ids: number[] = [];
    for (let i = 0; i < 23; i++) ids.push(await storePending(people[i % 5]!.phone, `#request lampu ${i} mati`));

    expect(await processor(4).sweep()).toBe(23);

    const tickets = await app.db.kysely
      .selectFrom('tickets')
      .select(['tracking_no', 'source_message_id'])
      .where('source_message_id', 'in', ids)
      .orderBy('source_message_id')
      .execute();
    expect(tickets.map((t) => Number(t.source_message_id))).toEqual(ids);
    const numbers = tickets.map((t) => t.tracking_no);
    expect([...numbers].sort()).toEqual(numbers); // numbered in the order the messages arrived
    expect(new Set(numbers).size).toBe(23);
    for (const id of ids) expect(await repliesTo(id)).toHaveLength(1);
  });

  test("When the chats' messages interleave in a backlog of many batches, then each chat's are handled in the order they arrived", async () => {
    const people = await Promise.all(Array.from({ length: 3 }, () => createEmployee(app.db)));
    const ids: number[] = [];
    for (let i = 0; i < 60; i++) ids.push(await storePending(people[i % 3]!.phone, `#request meja ${i} goyang`));
    const p = processor(5);

    p.notify();
    await p.whenIdle();

    const tickets = await app.db.kysely
      .selectFrom('tickets')
      .select(['tracking_no', 'source_message_id', 'reporter_phone'])
      .where('source_message_id', 'in', ids)
      .execute();
    expect(tickets).toHaveLength(60);
    for (const person of people) {
      const own = tickets
        .filter((t) => t.reporter_phone === person.phone)
        .sort((a, b) => Number(a.source_message_id) - Number(b.source_message_id));
      const numbers = own.map((t) => t.tracking_no);
      expect(numbers).toEqual([...numbers].sort()); // a later message of the chat never got an earlier number
    }
  });

  test('When the backlog is longer than a batch, then the run does not end until its last message is handled', async () => {
    const [x, y] = [await createEmployee(app.db), await createEmployee(app.db)];
    const ids = [
      await storePending(x.phone, '#rusak satu'),
      await storePending(x.phone, '#rusak dua'),
      await storePending(y.phone, '#rusak slow'),
      await storePending(x.phone, '#rusak tiga'),
    ];
    const p = processor(2);

    p.notify();
    await p.whenIdle();

    const left = await app.db.kysely
      .selectFrom('inbound_messages')
      .select(['id', 'status'])
      .where('id', 'in', ids)
      .where('status', '!=', 'processed')
      .execute();
    expect(left).toEqual([]);
  });

  test('When several processors work through one backlog at once, then no message is handled twice', async () => {
    const people = await Promise.all(Array.from({ length: 8 }, () => createEmployee(app.db)));
    const ids: number[] = [];
    for (let i = 0; i < 120; i++) ids.push(await storePending(people[i % 8]!.phone, `#request kursi ${i} patah`));

    const counts = await Promise.all([processor(7), processor(7), processor(7)].map((p) => p.sweep()));

    expect(counts.reduce((s, n) => s + n, 0)).toBe(120);
    const tickets = await app.db.kysely.selectFrom('tickets').select('source_message_id').where('source_message_id', 'in', ids).execute();
    expect(tickets).toHaveLength(120);
    const replies = await app.db.kysely
      .selectFrom('outbound_messages')
      .select('inbound_message_id')
      .where('inbound_message_id', 'in', ids)
      .execute();
    expect(replies).toHaveLength(120);
    const pending = await app.db.kysely
      .selectFrom('inbound_messages')
      .select('id')
      .where('id', 'in', ids)
      .where('status', '!=', 'processed')
      .execute();
    expect(pending).toEqual([]);
  });
});
