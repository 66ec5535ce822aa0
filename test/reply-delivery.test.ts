import { describeEachDialect } from './support/test-db';
import { startTestApp, type TestApp } from './support/test-app';
import { createEmployee } from './support/factories';
import { textMessage } from './support/fonnte-payloads';

describeEachDialect('replies through the outbox', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
  });
  afterAll(() => app.close());
  beforeEach(() => app.fonnte.reset());

  const outboxOf = (phone: string) => app.db.kysely.selectFrom('outbound_messages').selectAll().where('target', '=', phone).execute();

  /** Runs the sender until nothing is left to retry, moving the clock past each backoff. */
  async function drainThroughBackoffs() {
    for (let i = 0; i < 20; i++) {
      await app.services.outbox.drain();
      const pending = await app.db.kysely.selectFrom('outbound_messages').select('due_at').where('due_at', 'is not', null).execute();
      if (pending.length === 0) return;
      app.clock.set(Math.max(...pending.map((p) => Number(p.due_at))) + 1);
    }
    throw new Error('outbox never drained');
  }

  test('When the gateway fails (5xx, disconnected device) and then recovers, then every reply is sent exactly once', async () => {
    const people = await Promise.all(Array.from({ length: 6 }, () => createEmployee(app.db)));
    app.fonnte.script(
      { kind: 'http', status: 502 },
      { kind: 'statusFalse', reason: 'request invalid on disconnected device' },
      { kind: 'http', status: 500 },
      { kind: 'statusFalse', reason: 'request timeout' },
    );
    for (const p of people) expect((await app.postWebhook(textMessage(p.phone, '#request lampu mati'))).status).toBe(200);
    await app.services.processor.whenIdle();
    await drainThroughBackoffs();

    const delivered = app.fonnte.received.filter((r) => r.providerId);
    expect(delivered.map((r) => r.target).sort()).toEqual(people.map((p) => p.phone).sort());
    for (const p of people) {
      const [row] = await outboxOf(p.phone);
      expect(row).toMatchObject({ status: 'sent', due_at: null });
      expect(row!.provider_id).toBe(delivered.find((r) => r.target === p.phone)!.providerId);
    }
    expect(app.fonnte.received).toHaveLength(people.length + 4);
  });

  test('When the gateway says the target is invalid, then the reply is dead with the reason and is not tried again', async () => {
    const emp = await createEmployee(app.db);
    app.fonnte.script({ kind: 'statusFalse', reason: 'target invalid' });
    await app.postWebhook(textMessage(emp.phone, '#request kipas angin rusak'));
    await app.services.processor.whenIdle();
    await drainThroughBackoffs();
    const [row] = await outboxOf(emp.phone);
    expect(row).toMatchObject({ status: 'dead', attempts: 1, due_at: null });
    expect(row!.last_error).toContain('target invalid');
    expect(app.fonnte.received).toHaveLength(1);
    // The ticket itself is safe: only the reply could not be delivered.
    const ticket = await app.db.kysely
      .selectFrom('tickets')
      .select('status')
      .where('reporter_phone', '=', emp.phone)
      .executeTakeFirstOrThrow();
    expect(ticket.status).toBe('baru');
  });
});

describeEachDialect('replies in dry-run', (dialect) => {
  test('When no FONNTE_TOKEN is set, then replies are stored as dry_run and nothing reaches the gateway', async () => {
    const app = await startTestApp(dialect, { FONNTE_TOKEN: '' });
    try {
      const emp = await createEmployee(app.db);
      const sent = await app.say(emp.phone, '#request printer macet');
      expect(sent).toHaveLength(0);
      const rows = await app.db.kysely.selectFrom('outbound_messages').selectAll().where('target', '=', emp.phone).execute();
      expect(rows).toEqual([expect.objectContaining({ status: 'dry_run', kind: 'reply' })]);
      expect(rows[0]!.body).toContain('Nomor tracking Anda');
    } finally {
      await app.close();
    }
  });
});
