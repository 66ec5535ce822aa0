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
      /**
       * Most items started in one turn of the event loop; the rest start on the next turns. A send's
       * start (building the request, writing it) is a quarter of a millisecond of work that runs
       * before anything else may: 128 of them at once held webhooks for 30 ms. Default: no bound.
       */
      startsPerTurn?: number;
    },
  ) {}
  private nextFill: Promise<void> | undefined;
  private startedThisTurn = 0;

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
    for (;;) {
      if (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      else if (this.nextFill) await this.nextFill;
      else return;
    }
  }

  private fill(): void {
    const most = this.o.startsPerTurn;
    while (!this.closed && this.inFlight.size < this.limit && this.waiting.length > 0) {
      if (most !== undefined) {
        if (this.startedThisTurn >= most) return this.onNextTurn();
        // The count covers this turn: work that ends at once starts more within it.
        if (this.startedThisTurn++ === 0) this.onNextTurn();
      }
      this.track(this.waiting.shift()!);
    }
  }

  /** On the next turn the count starts again and whatever waits may start. */
  private onNextTurn(): void {
    this.nextFill ??= new Promise((resolve) =>
      setImmediate(() => {
        this.nextFill = undefined;
        this.startedThisTurn = 0;
        this.fill();
        resolve();
      }),
    );
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
