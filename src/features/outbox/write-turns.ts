/**
 * At most `size` tasks at once, the others started in arrival order as turns free up: the outbox's
 * outcome writes. Sends in flight follow the gateway (up to OUTBOX_MAX_CONCURRENCY), but recording
 * their outcomes needs the database pool, which the webhook and the chat processor share: 100 sends
 * answered together must not queue 100 statements ahead of them.
 */
export class WriteTurns {
  private active = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`WriteTurns: size must be a positive integer, got ${size}`);
  }

  /** Runs `task` in its turn; settles as it does. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.active += 1;
    try {
      return await task();
    } finally {
      // Hand the turn straight to the next in line (active stays the same), or give it up.
      const next = this.queue.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}
