import pino from 'pino';
import { sql } from 'kysely';
import { createDb, type Db } from '../../src/db/create-db';
import { selectDue } from '../../src/features/outbox/outbox-delivery.repository';
import { createFonnteClient } from '../../src/fonnte/fonnte-client';
import { OutboxWorker } from '../../src/features/outbox/outbox.worker';
import { replaceOutboxBacklog } from '../support/factories';
import { ManualClock } from '../support/manual-clock';
import { startFakeFonnte, type FakeFonnte } from '../support/fake-fonnte';
import { describeEachDialect, openTestDb, type TestDb } from '../support/test-db';
import { scaled } from './fault-fixtures';

/*
 * Several senders on one backlog, as several `npm run worker` processes would be (each with
 * its own pool on MariaDB). Against a gateway that answers in L ms, a drain of N rows takes at
 * least N × L / (sends in flight), so what more workers must show is more sends in flight at
 * once: the fake gateway holds sends until the expected number wait together. No stopwatch —
 * a shared CI machine makes wall-clock ratios flaky; the wall-clock speed-up lives in
 * `npm run bench` (BENCH_ONLY=workers).
 */
describeEachDialect('several outbox workers on one backlog', (dialect) => {
  let t: TestDb;
  let fake: FakeFonnte;
  const clock = new ManualClock(Date.UTC(2025, 0, 6, 2, 0, 0));
  const backlog = scaled(200);
  const concurrency = 4; // each worker's own sends in flight (the worker's default)

  beforeAll(async () => {
    t = await openTestDb(dialect);
    fake = await startFakeFonnte();
  });
  afterAll(async () => {
    await fake?.close();
    await t?.close();
  });

  async function fillBacklog(tag: string): Promise<void> {
    await replaceOutboxBacklog(t.db, backlog, tag, clock.now());
    fake.reset();
    fake.setDefault({ kind: 'delay', ms: 5 });
  }

  /** Drains the backlog with `n` workers at once; returns how many sends each made. */
  async function drainWith(n: number): Promise<number[]> {
    const dbs: Db[] = Array.from({ length: n }, (_, i) => (dialect === 'mysql' && i > 0 ? createDb(t.url, { poolSize: 3 }) : t.db));
    const client = createFonnteClient({ apiUrl: fake.url, token: 'test-token', timeoutMs: 20_000 });
    const workers = dbs.map(
      (db) => new OutboxWorker({ db, clock, logger: pino({ level: 'silent' }), client, maxAttempts: 10, concurrency }),
    );
    try {
      return await Promise.all(workers.map((w) => w.drain()));
    } finally {
      await Promise.all(dbs.filter((db) => db !== t.db).map((db) => db.destroy()));
    }
  }

  async function expectEachSentOnce(): Promise<void> {
    expect(fake.received).toHaveLength(backlog);
    expect(new Set(fake.received.map((r) => `${r.target}|${r.message}`)).size).toBe(backlog);
    const rows = await t.db.kysely.selectFrom('outbound_messages').select(['status', 'attempts']).execute();
    expect(rows.filter((r) => r.status !== 'sent' || Number(r.attempts) !== 1)).toEqual([]);
  }

  test.each([1, 2, 4].map((n) => ({ n, out: n * concurrency })))(
    'When $n worker(s) drain one backlog, then no row is sent twice and $out sends are out at once, never more',
    async ({ n }) => {
      await fillBacklog(`w${n}`);
      const together = fake.gather(n * concurrency);
      const counts = await drainWith(n);
      expect(await together).toBe(n * concurrency);
      // Never more: a worker's own limit holds, so the figure above is the workers' doing.
      expect(fake.peakInFlight()).toBe(n * concurrency);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(backlog);
      expect(counts.filter((c) => c > 0)).toHaveLength(n);
      await expectEachSentOnce();
    },
    60_000,
  );

  // test/outbox-worker.test.ts already EXPLAINs the claim on 400 rows. This one looks at the shape
  // a busy month leaves: a backlog on top of many rows already final (due_at NULL), statistics fresh.
  if (dialect === 'mysql')
    test('When a backlog sits on 20,000 finished rows, then the claim still reads outbound_due without a filesort', async () => {
      await fillBacklog('explain');
      const now = clock.now();
      for (let i = 0; i < 20_000; i += 2000) {
        const rows = Array.from({ length: 2000 }, (_, j) => ({
          target: '6281200000000',
          body: `old ${i + j}`,
          kind: 'reply',
          status: 'sent' as const,
          attempts: 1,
          due_at: null,
          created_at: now - 86_400_000,
          updated_at: now - 86_400_000,
        }));
        await t.db.kysely.insertInto('outbound_messages').values(rows).execute();
      }
      await sql`ANALYZE TABLE outbound_messages`.execute(t.db.kysely);
      const [plan, ...more] = await selectDue(t.db.kysely, now, 20).forUpdate().skipLocked().explain();
      expect(more).toHaveLength(0);
      expect(plan!.key).toBe('outbound_due');
      expect(String(plan!.Extra ?? '')).not.toMatch(/filesort/i);
    });
});
