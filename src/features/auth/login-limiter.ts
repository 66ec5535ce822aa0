import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

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

export const defaultLoginLimits: LoginLimits = {
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
 * State is in memory, per process: several processes behind a load balancer each keep
 * their own counts (the README says so).
 */
export class LoginLimiter {
  private readonly perIp: RateLimiterMemory;
  private readonly failures: RateLimiterMemory;
  private readonly blocks: RateLimiterMemory;

  constructor(private readonly limits: LoginLimits = defaultLoginLimits) {
    this.perIp = new RateLimiterMemory({ keyPrefix: 'login-ip', points: limits.ipAttempts, duration: limits.ipWindowSeconds });
    this.failures = new RateLimiterMemory({ keyPrefix: 'login-fail', points: Number.MAX_SAFE_INTEGER, duration: limits.forgetFailuresAfterSeconds });
    this.blocks = new RateLimiterMemory({ keyPrefix: 'login-block', points: 1, duration: 1 });
  }

  /**
   * Counts an attempt from `ip` and says how many seconds to wait before trying again,
   * or 0 when this attempt may go ahead.
   */
  async attempt(ip: string, username: string): Promise<number> {
    try {
      await this.perIp.consume(ip);
    } catch (res) {
      if (res instanceof RateLimiterRes) return seconds(res.msBeforeNext);
      throw res;
    }
    return this.blockedFor(username);
  }

  /** Seconds left of this username's block, 0 when it is not blocked. */
  async blockedFor(username: string): Promise<number> {
    const block = await this.blocks.get(key(username));
    return block && block.consumedPoints > 1 ? seconds(block.msBeforeNext) : 0;
  }

  /** A wrong password (or unknown user): may start or lengthen the username's block. */
  async failed(username: string): Promise<void> {
    const { consumedPoints } = await this.failures.penalty(key(username));
    const over = consumedPoints - this.limits.freeFailures;
    if (over < 0) return;
    const duration = Math.min(this.limits.maxBlockSeconds, this.limits.firstBlockSeconds * 2 ** Math.min(over, 20));
    await this.blocks.block(key(username), duration);
  }

  /** A correct password: the failure streak and any block end. */
  async succeeded(username: string): Promise<void> {
    await this.failures.delete(key(username));
    await this.blocks.delete(key(username));
  }
}

const key = (username: string) => username.trim().toLowerCase();
const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
