export interface BackoffOptions {
  /** Ceiling of the first retry's delay. */
  baseMs?: number;
  /** No delay is ever longer than this. */
  capMs?: number;
  /**
   * Floor of every delay. Full jitter alone can draw 0 ms, which would make a
   * retried row due again at once and let a worker hammer a failing gateway.
   */
  minMs?: number;
  /** A number in [0, 1); tests pass their own to get a known delay. */
  random?: () => number;
}

/**
 * Delay before retry number `attempt` (1 for the first retry): exponential with
 * full jitter, so workers that failed together do not retry together.
 * See https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export function backoffDelay(attempt: number, opts: BackoffOptions = {}): number {
  const { baseMs = 5_000, capMs = 15 * 60_000, minMs = 1_000, random = Math.random } = opts;
  // Bound the exponent so a large attempt count never overflows to Infinity.
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return Math.max(Math.min(minMs, ceiling), Math.floor(random() * ceiling));
}
