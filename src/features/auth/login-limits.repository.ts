import type { Executor } from '../../db/create-db';

/**
 * Rows of `login_limits` whose count ended before `before` (epoch ms). The rows themselves are
 * written by rate-limiter-flexible's own SQL (RateLimiterMySQL / RateLimiterSQLite); only their
 * clean-up is ours.
 */
export async function deleteLoginLimitsEndedBefore(ex: Executor, before: number): Promise<void> {
  await ex.deleteFrom('login_limits').where('expire', '<', before).execute();
}
