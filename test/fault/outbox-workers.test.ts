import pino from 'pino';
import { sql } from 'kysely';
import { createDb, type Db } from '../../src/db/create-db';
import { selectDue } from '../../src/features/outbox/outbox-delivery.repository';
import { createFonnteClient } from '../../src/gateway/fonnte-client';
import { OutboxWorker } from '../../src/gateway/outbox-worker';
import { ManualClock } from '../support/manual-clock';
import { startFakeFonnte, type FakeFonnte } from '../support/fake-fonnte';
import { describeEachDialect, openTestDb, type TestDb } from '../support/test-db';
import { scaled } from './fault-fixtures';

/*
 * Several senders on one backlog, as several `npm run worker` processes would be (each with
 * its own pool on MariaDB). The fake gateway answers after a fixed 25 ms, so what limits a
 * drain is sends in flight, which more workers multiply.
 */
describeEachDialect('several outbox workers on one backlog', (dialect) => {
  let t: TestDb;
  let fake: FakeFonnte;
  const clock = new ManualClock(Date.UTC(2025, 0, 6, 2, 0, 0));
  const backlog = scaled(200);

  beforeAll(async () => {
    t = await openTestDb(dialect);
    fake = await startFakeFonnte();
    fake.setDefault({ kind: 'delay', ms: 25 });
  });
  afterAll(async () => {
    await fake?.close();
    await t?.close();
  });

  async function fillBacklog(tag: string): Promise<void> {
    await t.db.kysely.deleteFrom('outbound_messages').execute();
    fake.reset();
    fake.setDefault({ kind: 'delay', ms: 25 });
    const now = clock.now();
    for (let i = 0; i < backlog; i += 200) {
      const rows = Array.from({ length: Math.min(200, backlog - i) }, (_, j) => ({
        target: `62812${String(i + j).padStart(7, '0')}`, body: `${tag} ${i + j}`, kind: 'reply', status: 'queued' as const,
        attempts: 0, due_at: now, created_at: now, updated_at: now,
      }));
      await t.db.kysely.insertInto('outbound_messages').values(rows).execute();
    }
  }

  /** Drains the backlog with `n` workers at once; returns the wall time it took. */
  async function drainWith(n: number): Promise<number> {
    const dbs: Db[] = Array.from({ length: n }, (_, i) => (dialect === 'mysql' && i > 0 ? createDb(t.url, { poolSize: 3 }) : t.db));
    const client = createFonnteClient({ apiUrl: fake.url, token: 'test-token', timeoutMs: 2000 });
    const workers = dbs.map((db) => new OutboxWorker({ db, clock, logger: pino({ level: 'silent' }), client, maxAttempts: 10 }));
    const started = performance.now();
    try {
      const counts = await Promise.all(workers.map((w) => w.drain()));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(backlog);
      if (n > 1) expect(counts.filter((c) => c > 0).length).toBeGreaterThan(1);
      return performance.now() - started;
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

  test('When 1, 2 and 4 workers drain the same backlog, then no row is sent twice and 4 workers are clearly faster than 1', async () => {
    const ms: Record<number, number> = {};
    await fillBacklog('warm-up'); // JIT, first connections: not part of any figure
    await drainWith(2);
    // 1 and 4 twice, the best of each kept: a burst of someone else's work on a shared machine hits one run, not both.
    for (const [i, n] of [1, 2, 4, 1, 4].entries()) {
      await fillBacklog(`w${n}-${i}`);
      ms[n] = Math.min(ms[n] ?? Infinity, await drainWith(n));
      await expectEachSentOnce();
    }
    if (process.env.FAULT_VERBOSE) console.log(dialect, ms);
    // Ideal is 4x; measured ~2x on MariaDB, where every markSent is a commit (fsync). "Clearly faster", generously.
    expect(ms[4]!).toBeLessThan(ms[1]! / 1.4);
    expect(ms[2]!).toBeLessThan(ms[1]!);
  }, 60_000);

  // test/outbox-worker.test.ts already EXPLAINs the claim on 400 rows. This one looks at the shape
  // a busy month leaves: a backlog on top of many rows already final (due_at NULL), statistics fresh.
  if (dialect === 'mysql') test('When a backlog sits on 20,000 finished rows, then the claim still reads outbound_due without a filesort', async () => {
    await fillBacklog('explain');
    const now = clock.now();
    for (let i = 0; i < 20_000; i += 2000) {
      const rows = Array.from({ length: 2000 }, (_, j) => ({
        target: '6281200000000', body: `old ${i + j}`, kind: 'reply', status: 'sent' as const, attempts: 1, due_at: null, created_at: now - 86_400_000, updated_at: now - 86_400_000,
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
