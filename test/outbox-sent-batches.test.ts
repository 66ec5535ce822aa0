import { claimDue } from '../src/features/outbox/outbox-delivery.repository';
import { markSentMany } from '../src/features/outbox/outbox-sent.repository';
import { SentRecorder } from '../src/features/outbox/sent-recorder';
import { replaceOutboxBacklog } from './support/factories';
import { ManualClock } from './support/manual-clock';
import { describeEachDialect, openTestDb, type TestDb } from './support/test-db';

/* Accepted sends recorded many to one UPDATE, each with its own provider id, only where the claim still owns the row. */
describeEachDialect('outbox sent batches', (dialect) => {
  let t: TestDb;
  const clock = new ManualClock(Date.UTC(2025, 0, 6, 2, 0, 0));

  beforeAll(async () => {
    t = await openTestDb(dialect);
  });
  afterAll(async () => {
    await t?.close();
  });

  const rows = () =>
    t.db.kysely
      .selectFrom('outbound_messages')
      .select(['id', 'status', 'provider_id', 'claim_token', 'due_at', 'sent_at'])
      .orderBy('id')
      .execute();

  test('When three claimed rows are recorded together and one lost its claim meanwhile, then two become sent with their own ids and the third is left to its new owner', async () => {
    await replaceOutboxBacklog(t.db, 3, 'batch', clock.now());
    const claimed = await claimDue(t.db, { now: clock.now(), limit: 3, leaseMs: 60_000, token: 'token-a' });
    expect(claimed).toHaveLength(3);
    // The third row's lease ran out and another worker claimed it.
    await t.db.kysely.updateTable('outbound_messages').set({ claim_token: 'token-b' }).where('id', '=', claimed[2]!.id).execute();

    const owned = await markSentMany(
      t.db.kysely,
      claimed.map((c, i) => ({ id: c.id, claimToken: c.claimToken, providerId: i === 1 ? null : `p-${i}` })),
      clock.now(),
    );

    expect([...owned].sort((a, b) => a - b)).toEqual([claimed[0]!.id, claimed[1]!.id]);
    const [a, b, c] = await rows();
    expect(a).toMatchObject({ status: 'sent', provider_id: 'p-0', claim_token: null, due_at: null });
    expect(Number(a!.sent_at)).toBe(clock.now());
    expect(b).toMatchObject({ status: 'sent', provider_id: null, claim_token: null });
    expect(c).toMatchObject({ status: 'sending', provider_id: null, claim_token: 'token-b' });
  });

  test('When 60 sends are answered at once, then the recorder records every one with its provider id (batched behind the first)', async () => {
    await replaceOutboxBacklog(t.db, 60, 'burst', clock.now());
    const claimed = await claimDue(t.db, { now: clock.now(), limit: 60, leaseMs: 60_000, token: 'token-c' });
    const recorder = new SentRecorder({ ex: t.db.kysely, clock });

    const owned = await Promise.all(claimed.map((c) => recorder.record({ id: c.id, claimToken: c.claimToken, providerId: `p${c.id}` })));

    expect(owned.every(Boolean)).toBe(true);
    const after = await rows();
    expect(after.filter((r) => r.status === 'sent' && r.provider_id === `p${r.id}`)).toHaveLength(60);
  });

  test('When an UPDATE fails, then its send is told, and the sends that gathered meanwhile are recorded by the next', async () => {
    await replaceOutboxBacklog(t.db, 3, 'fail', clock.now());
    const [one, two, three] = await claimDue(t.db, { now: clock.now(), limit: 3, leaseMs: 60_000, token: 'token-d' });
    let failNext = true;
    const flaky = t.db.kysely.withPlugin({
      transformQuery: (a) => {
        if (!failNext) return a.node;
        failNext = false;
        throw new Error('connection lost');
      },
      transformResult: (a) => Promise.resolve(a.result),
    });
    const recorder = new SentRecorder({ ex: flaky, clock });
    const sent = (r: typeof one) => ({ id: r!.id, claimToken: r!.claimToken, providerId: `p${r!.id}` });

    // The first goes out alone (nothing is being written); the other two gather behind it.
    const settled = await Promise.allSettled([recorder.record(sent(one)), recorder.record(sent(two)), recorder.record(sent(three))]);
    expect(settled.map((f) => f.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect((await rows()).map((r) => r.status)).toEqual(['sending', 'sent', 'sent']);
  });
});
