import { setImmediate as nextTurn } from 'node:timers/promises';
import { createCommandRegistry } from '../src/chat';
import { ChatProcessor } from '../src/chat/chat.processor';
import { createLogger } from '../src/logger';
import { describeEachDialect } from './support/test-db';
import { DEVICE, startTestApp, type TestApp } from './support/test-app';
import { createEmployee, storePendingMessage } from './support/factories';

/**
 * better-sqlite3 answers synchronously, so without a turn of the event loop between batches a
 * backlog was handled in one microtask run and every webhook of that time waited for all of it.
 * Asserted by order of events, not by a clock: a message stored on the next turn must land
 * while the backlog is still being worked through.
 */
describeEachDialect('inbound processing gives the event loop a turn between batches', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
  });
  afterAll(() => app.close());

  const storePending = (phone: string, body: string) =>
    storePendingMessage(app.db, { device: DEVICE, phone, body, receivedAt: app.clock.now() });

  const pendingAmong = async (ids: number[]) =>
    (await app.db.kysely.selectFrom('inbound_messages').select('id').where('id', 'in', ids).where('status', '=', 'pending').execute())
      .length;

  test('When a backlog of several batches is handled, then a message arriving on a later turn is stored before the backlog is done, and all are handled', async () => {
    const people = await Promise.all(Array.from({ length: 4 }, () => createEmployee(app.db)));
    const backlog: number[] = [];
    for (let i = 0; i < 30; i++) backlog.push(await storePending(people[i % 4]!.phone, `#request kursi ${i} patah`));
    const processor = new ChatProcessor({
      db: app.db,
      config: app.config,
      clock: app.clock,
      logger: createLogger('silent'),
      registry: createCommandRegistry(),
      batchSize: 5,
    });

    processor.notify();
    // What a webhook does: its request is read on a later turn of the event loop, and it stores its message.
    await nextTurn();
    await nextTurn();
    const late = await storePending(people[0]!.phone, '#request meja patah');
    const stillPendingWhenStored = await pendingAmong(backlog);
    await processor.whenIdle();
    await processor.sweep();

    expect(stillPendingWhenStored).toBeGreaterThan(0);
    expect(await pendingAmong([...backlog, late])).toBe(0);
  });

  test('When one batch handles many #requests, then the event loop gets turns while it runs, and the batch still commits as one', async () => {
    const people = await Promise.all(Array.from({ length: 4 }, () => createEmployee(app.db)));
    const backlog: number[] = [];
    for (let i = 0; i < 12; i++) backlog.push(await storePending(people[i % 4]!.phone, `#request lemari ${i} rusak`));
    const processor = new ChatProcessor({
      db: app.db,
      config: app.config,
      clock: app.clock,
      logger: createLogger('silent'),
      registry: createCommandRegistry(),
      batchSize: 12,
      sliceMs: 0, // a turn before every message, so the assertion does not depend on the machine's speed
    });
    let turnsDuringBatch = 0;
    let done = false;
    const count = async () => {
      while (!done) {
        await nextTurn();
        if (!done) turnsDuringBatch++;
      }
    };

    const counting = count();
    const handled = processor.sweep().finally(() => (done = true));
    await Promise.all([handled, counting]);

    expect(await handled).toBe(12);
    // Without the slices the batch waits for no statement per message: on SQLite none at all.
    expect(turnsDuringBatch).toBeGreaterThanOrEqual(12);
    expect(await pendingAmong(backlog)).toBe(0);
  });
});
