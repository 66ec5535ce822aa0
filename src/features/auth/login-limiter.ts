import { RateLimiterMemory, RateLimiterMySQL, RateLimiterRes, RateLimiterSQLite, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Db } from '../../db/create-db';
import { AppError } from '../../errors';
import { deleteLoginLimitsEndedBefore } from './login-limits.repository';

export interface LoginLimits {
  /** Login attempts one IP address may make per window, right or wrong. */
  ipAttempts: number;
  ipWindowSeconds: number;
  /** Consecutive wrong passwords for one username before it is blocked. */
  freeFailures: number;
  /** The first block; each later failure doubles it, up to `maxBlockSeconds`. */
  firstBlockSeconds: number;
  maxBlockSeconds: number;
  /** A failure streak is forgotten this long after it started. */
  forgetFailuresAfterSeconds: number;
}

const defaultLoginLimits: LoginLimits = {
  ipAttempts: 20,
  ipWindowSeconds: 60,
  freeFailures: 5,
  firstBlockSeconds: 30,
  maxBlockSeconds: 15 * 60,
  forgetFailuresAfterSeconds: 60 * 60,
};

/**
 * Slows down password guessing on POST /api/auth/login (and password changes).
 *
 * Per IP, a fixed window of attempts stops one machine from hammering the server (each
 * attempt costs an argon2 verification). Per username, consecutive failures lead to a
 * short block that doubles with each further failure but is capped, and a success clears
 * it: a stranger can delay a real user by minutes, never lock them out for good, and from
 * one IP only until the IP limit stops them. Unknown usernames are counted like real ones,
 * so a 429 says nothing about whether an account exists.
 *
 * Given a database, the counts live in its `login_limits` table, so every process on that
 * database (web instances behind a load balancer, several processes on one SQLite file)
 * counts the same attempts, and a restart forgets nothing. When the table cannot be read or
 * written the attempt fails closed with DATABASE_UNAVAILABLE (503). Without a database (unit
 * tests) the counts are in memory, per process.
 */
export class LoginLimiter {
  private readonly perIp: RateLimiterAbstract;
  private readonly failures: RateLimiterAbstract;
  private readonly blocks: RateLimiterAbstract;
  private nextCleanupAt = 0;

  constructor(
    private readonly limits: LoginLimits = defaultLoginLimits,
    private readonly db?: Db,
  ) {
    this.perIp = limiter(db, { keyPrefix: 'login-ip', points: limits.ipAttempts, duration: limits.ipWindowSeconds });
    this.failures = limiter(db, { keyPrefix: 'login-fail', points: Number.MAX_SAFE_INTEGER, duration: limits.forgetFailuresAfterSeconds });
    this.blocks = limiter(db, { keyPrefix: 'login-block', points: 1, duration: 1 });
  }

  /**
   * Counts an attempt from `ip` and says how many seconds to wait before trying again,
   * or 0 when this attempt may go ahead.
   */
  async attempt(ip: string, username: string): Promise<number> {
    this.cleanUpNowAndThen();
    try {
      await this.store(() => this.perIp.consume(ip));
    } catch (res) {
      if (res instanceof RateLimiterRes) return seconds(res.msBeforeNext);
      throw res;
    }
    return this.blockedFor(username);
  }

  /** Seconds left of this username's block, 0 when it is not blocked. */
  async blockedFor(username: string): Promise<number> {
    const block = await this.store(() => this.blocks.get(key(username)));
    return block && block.consumedPoints > 1 ? seconds(block.msBeforeNext) : 0;
  }

  /** A wrong password (or unknown user): may start or lengthen the username's block. */
  async failed(username: string): Promise<void> {
    const { consumedPoints } = await this.store(() => this.failures.penalty(key(username)));
    const over = consumedPoints - this.limits.freeFailures;
    if (over < 0) return;
    const duration = Math.min(this.limits.maxBlockSeconds, this.limits.firstBlockSeconds * 2 ** Math.min(over, 20));
    await this.store(() => this.blocks.block(key(username), duration));
  }

  /** A correct password: the failure streak and any block end. */
  async succeeded(username: string): Promise<void> {
    await this.store(() => this.failures.delete(key(username)));
    await this.store(() => this.blocks.delete(key(username)));
  }

  /**
   * Runs one limiter call. On SQLite the library writes through the same better-sqlite3
   * handle as Kysely, so the call holds Kysely's connection meanwhile: it never lands inside
   * a transaction Kysely has open (a batch that rolls back would take the count with it).
   * A failure of the store (not a RateLimiterRes, which is a verdict) fails closed.
   */
  private async store<T>(call: () => Promise<T>): Promise<T> {
    const run = this.db?.raw.kind === 'sqlite' ? () => this.db!.kysely.connection().execute(call) : call;
    try {
      return await run();
    } catch (err) {
      if (err instanceof RateLimiterRes || !this.db) throw err;
      throw new AppError('DATABASE_UNAVAILABLE', 'login limits could not be checked', { cause: String((err as Error)?.message ?? err) });
    }
  }

  /**
   * Deletes rows that ended more than an hour ago (the library's own margin, which also
   * covers clocks that differ between hosts), at most every five minutes per process and
   * never in the way of the request: a row past its `expire` is ignored anyway.
   */
  private cleanUpNowAndThen(): void {
    const now = Date.now();
    if (!this.db || now < this.nextCleanupAt) return;
    this.nextCleanupAt = now + CLEANUP_EVERY_MS;
    void deleteLoginLimitsEndedBefore(this.db.kysely, now - 60 * 60_000).catch(() => undefined);
  }
}

const CLEANUP_EVERY_MS = 5 * 60_000;
const TABLE = 'login_limits';

/** One of the three limiters: in the shared table when there is a database, else in memory. */
function limiter(db: Db | undefined, opts: { keyPrefix: string; points: number; duration: number }): RateLimiterAbstract {
  if (!db) return new RateLimiterMemory(opts);
  // tableCreated: the migration made the table. The library's own clearing runs on a timer per
  // limiter and, on SQLite, can reject unhandled once the database is closed: cleanUpNowAndThen() does it.
  const shared = { ...opts, tableName: TABLE, tableCreated: true, clearExpiredByTimeout: false };
  const raw = db.raw;
  return raw.kind === 'mysql'
    ? new RateLimiterMySQL({ ...shared, storeClient: raw.pool, storeType: 'pool', dbName: raw.databaseName })
    : new RateLimiterSQLite({ ...shared, storeClient: raw.database, storeType: 'better-sqlite3' });
}

const key = (username: string) => username.trim().toLowerCase();
const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
