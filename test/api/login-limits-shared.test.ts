import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createDb, type Db, type Dialect } from '../../src/db/create-db';
import { migrateToLatest } from '../../src/db/migrate';
import { AppError } from '../../src/errors';
import { LoginLimiter, type LoginLimits } from '../../src/features/auth/login-limiter';
import { createMysqlTestDatabase } from '../support/mysql-databases';
import { createStaffWithPassword, freshIp, login } from '../support/staff-login';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';
import { until } from '../support/webhook-stream';

const limits: LoginLimits = {
  ipAttempts: 6,
  ipWindowSeconds: 60,
  freeFailures: 3,
  firstBlockSeconds: 30,
  maxBlockSeconds: 120,
  forgetFailuresAfterSeconds: 3600,
};

/**
 * Two handles on one database, as two processes have them: two better-sqlite3 connections on
 * one file, or two mysql2 pools on one MariaDB database.
 */
async function twoHandles(dialect: Dialect): Promise<{ url: string; a: Db; b: Db; close(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'wt-limits-'));
    const url = `sqlite:${path.join(dir, 'shared.db')}`;
    const a = createDb(url);
    await migrateToLatest(a);
    const b = createDb(url);
    return {
      url,
      a,
      b,
      async close() {
        await Promise.allSettled([a.destroy(), b.destroy()]);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const database = await createMysqlTestDatabase();
  const a = createDb(database.url, { poolSize: 3 });
  await migrateToLatest(a);
  const b = createDb(database.url, { poolSize: 3 });
  return {
    url: database.url,
    a,
    b,
    async close() {
      await Promise.allSettled([a.destroy(), b.destroy()]);
      await database.drop();
    },
  };
}

describeEachDialect('login limits shared by two instances on one database', (dialect) => {
  let handles: Awaited<ReturnType<typeof twoHandles>>;
  let one: LoginLimiter;
  let two: LoginLimiter;
  beforeAll(async () => {
    handles = await twoHandles(dialect);
    one = new LoginLimiter(limits, handles.a);
    two = new LoginLimiter(limits, handles.b);
  });
  afterAll(() => handles.close());

  test('When wrong passwords for one username alternate between the instances, then the block starts after the free failures in total, both see it, it doubles up to the cap, and a success on either ends it', async () => {
    for (let i = 0; i < limits.freeFailures - 1; i++) {
      const limiter = i % 2 ? two : one;
      expect(await limiter.attempt(freshIp(), 'Shared-User')).toBe(0);
      await limiter.failed('Shared-User');
    }
    expect(await one.blockedFor('shared-user')).toBe(0);
    expect(await two.blockedFor('shared-user')).toBe(0);

    await one.failed('shared-user'); // the third in total: blocked for 30 s
    const first = await two.attempt(freshIp(), 'SHARED-USER');
    expect(first).toBeGreaterThan(20);
    expect(first).toBeLessThanOrEqual(30);
    expect(await one.blockedFor('shared-user')).toBe(first);

    await two.failed('shared-user'); // doubled
    expect(await one.blockedFor('shared-user')).toBeGreaterThan(30);
    await one.failed('shared-user');
    await two.failed('shared-user'); // capped
    const capped = await one.blockedFor('shared-user');
    expect(capped).toBeGreaterThan(60);
    expect(capped).toBeLessThanOrEqual(120);

    await two.succeeded('shared-user');
    expect(await one.blockedFor('shared-user')).toBe(0);
    // The streak began again: one failure is no block on either.
    await one.failed('shared-user');
    expect(await two.blockedFor('shared-user')).toBe(0);
  });

  test('When one IP spreads its attempts over both instances, then the window is counted once: the attempt after the allowance is refused on either', async () => {
    const ip = freshIp();
    for (let i = 0; i < limits.ipAttempts; i++) expect(await (i % 2 ? two : one).attempt(ip, `spray-${i}`)).toBe(0);
    const refused = await two.attempt(ip, 'spray-last');
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThanOrEqual(60);
    expect(await one.attempt(ip, 'spray-last')).toBeGreaterThan(0);
    expect(await one.attempt(freshIp(), 'spray-last')).toBe(0);
  });

  test('When a Kysely transaction on the same handle is open and then rolls back, then a failure counted meanwhile is kept', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const inside = new Promise<void>((r) => (started = r));
    const rolledBack = handles.a.kysely
      .transaction()
      .execute(async (trx) => {
        await trx.selectFrom('staff').select('id').limit(1).execute();
        started();
        await gate;
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await inside;
    const counting = one.failed('during-a-transaction');
    release();
    await rolledBack;
    await counting;
    const row = await handles.b.kysely
      .selectFrom('login_limits')
      .select('points')
      .where('key', '=', 'login-fail:during-a-transaction')
      .executeTakeFirst();
    expect(row?.points).toBe(1);
  });

  test('When rows ended more than an hour ago, then the next attempt removes them and leaves live ones', async () => {
    const now = Date.now();
    await handles.a.kysely
      .insertInto('login_limits')
      .values([
        { key: 'login-ip:203.0.113.9', points: 3, expire: now - 2 * 3600_000 },
        { key: 'login-fail:still-counting', points: 2, expire: now + 3600_000 },
      ])
      .execute();
    const fresh = new LoginLimiter(limits, handles.b);
    await fresh.attempt(freshIp(), 'someone');
    await until(
      async () => {
        const rows = await handles.a.kysely.selectFrom('login_limits').select('key').where('key', '=', 'login-ip:203.0.113.9').execute();
        return rows.length === 0;
      },
      'the expired row removed',
      10_000,
      50,
    );
    const live = await handles.a.kysely.selectFrom('login_limits').select('key').where('key', '=', 'login-fail:still-counting').execute();
    expect(live).toHaveLength(1);
  });

  test('When the database behind one instance is gone, then its attempts fail closed with DATABASE_UNAVAILABLE while the other goes on', async () => {
    const db = createDb(handles.url, { poolSize: 1 });
    const doomed = new LoginLimiter(limits, db);
    expect(await doomed.attempt(freshIp(), 'doomed')).toBe(0);
    await db.destroy();
    await expect(doomed.attempt(freshIp(), 'doomed')).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    await expect(doomed.failed('doomed')).rejects.toBeInstanceOf(AppError);
    expect(await one.attempt(freshIp(), 'doomed')).toBe(0);
  });
});

describeEachDialect('POST /api/auth/login when the limits cannot be counted', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
  });
  afterAll(() => app.close());

  test('When the login_limits table cannot be written, then the login answers 503 DATABASE_UNAVAILABLE with Retry-After, and works again once it can', async () => {
    const s = await createStaffWithPassword(app);
    await sql`alter table login_limits rename to login_limits_away`.execute(app.db.kysely);
    try {
      const res = await login(app, s.username, s.password);
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('DATABASE_UNAVAILABLE');
      expect(res.headers['retry-after']).toBeDefined();
      expect(res.body.token).toBeUndefined();
    } finally {
      await sql`alter table login_limits_away rename to login_limits`.execute(app.db.kysely);
    }
    expect((await login(app, s.username, s.password)).status).toBe(200);
  });
});
