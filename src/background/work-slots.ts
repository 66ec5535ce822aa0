/**
 * Items waiting for one of `concurrency` slots, each handed to `work` when a slot frees: the
 * outbox's sends in flight. `concurrency` may be a function, read at each fill, for a limit that
 * moves (the outbox's adaptive send limit). `work` must not reject (it records its own failures).
 */
export class WorkSlots<T> {
  private readonly waiting: T[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly o: {
      concurrency: number | (() => number);
      work: (item: T) => Promise<unknown>;
      /** Told after each item's work finished and the freed slot was refilled. */
      onSettled?: () => void;
    },
  ) {}

  private get limit(): number {
    return typeof this.o.concurrency === 'function' ? this.o.concurrency() : this.o.concurrency;
  }

  /** Nothing waits and a slot is free: the moment to take more work. */
  hasRoom(): boolean {
    return this.waiting.length === 0 && this.inFlight.size < this.limit;
  }

  add(items: readonly T[]): void {
    this.waiting.push(...items);
    this.fill();
  }

  /** Starts nothing more; what still waits stays until takeWaiting(). */
  close(): void {
    this.closed = true;
  }

  /** Removes and returns the items not started. */
  takeWaiting(): T[] {
    return this.waiting.splice(0);
  }

  /** Resolves when no work is in flight. */
  async whenEmpty(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private fill(): void {
    while (!this.closed && this.inFlight.size < this.limit && this.waiting.length > 0) this.track(this.waiting.shift()!);
  }

  private track(item: T): void {
    const done: Promise<void> = this.o
      .work(item)
      .then(() => undefined)
      .finally(() => {
        this.inFlight.delete(done);
        this.fill();
        this.o.onSettled?.();
      });
    this.inFlight.add(done);
  }
}
