import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Logger } from '../logger';

/** What `serve` and `worker` start and stop: every background loop and scheduled job has this shape. */
export interface BackgroundService {
  start(): void;
  /** Resolves once the work in flight is done and recorded; nothing starts afterwards. */
  stop(): Promise<void>;
}

/** The loop's only timers, so tests can fire them by hand. Handles must not keep the process alive. */
export interface LoopTimers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const unrefTimers: LoopTimers = {
  set: (run, ms) => setTimeout(run, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout | undefined),
};

export interface BackgroundLoopOptions {
  /** Names the loop in its log lines. */
  name: string;
  logger: Logger;
  /** One pass of the work. Resolves true to run again at once (it found a full batch: more is probably due). */
  pass: () => Promise<boolean | void>;
  /** Wait after a pass before looking again when nobody calls notify(). */
  pollMs: number;
  /** Wait before the first pass after start(). Default 0 (at once). */
  firstPassAfterMs?: number;
  /**
   * A pass is worth running only while this holds (the outbox: no claimed row waiting, a send slot free).
   * A wake-up that finds it false is kept until resume() or the next poll finds it true.
   */
  ready?: () => boolean;
  /** notify() runs a pass even before start(), which then only adds the poll. Default false: ignored until started. */
  wakeBeforeStart?: boolean;
  /** Wait after a failed pass, doubled for each failure in a row up to maxBackoffMs. Default pollMs. */
  backoffMs?: number;
  /** Default the larger of pollMs and 5 s. */
  maxBackoffMs?: number;
  /** Logs a failed pass. Default: an error naming the loop. */
  onError?: (err: unknown, retryInMs: number) => void;
  timers?: LoopTimers;
}

/**
 * The one polling/notify loop of the background work: passes never overlap; notify() wakes it
 * early, and a wake-up that lands mid-pass buys exactly one more pass; a pass that finds a full
 * batch runs the next at once; a pass that throws is logged and tried again after a backoff, so
 * one failure never ends the loop; stop() waits for the pass in flight. Its timers are unref'd.
 * Started once: after stop() it stays stopped.
 */
export class BackgroundLoop implements BackgroundService {
  private state: 'new' | 'started' | 'stopped' = 'new';
  /** A wake-up, a poll or a full batch asks for another pass. */
  private pending = false;
  /** Passes back to back until none is asked for; null while idle. */
  private burst: Promise<void> | null = null;
  private timer: unknown;
  private failures = 0;
  private readonly timers: LoopTimers;

  constructor(private readonly o: BackgroundLoopOptions) {
    this.timers = o.timers ?? unrefTimers;
  }

  /** Starts polling; true when this call started it (false if already started or stopped). */
  start(): boolean {
    if (this.state !== 'new') return false;
    this.state = 'started';
    const first = this.o.firstPassAfterMs ?? 0;
    if (first > 0) this.arm(first);
    else this.notify();
    return true;
  }

  /** Asks for a pass now instead of at the next poll. Never waits. */
  notify(): void {
    if (!this.accepting()) return;
    this.pending = true;
    this.kick();
  }

  /** The `ready` condition may hold again: run the pass a wake-up or a full batch asked for, if any. */
  resume(): void {
    if (this.pending) this.kick();
  }

  /** Resolves when no pass is running and none is asked for at once (the poll does not count). */
  async whenIdle(): Promise<void> {
    while (this.burst) await this.burst;
  }

  /** Stops polling and waking; resolves after the pass in flight, if any, has finished. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    this.timers.clear(this.timer);
    this.timer = undefined;
    await this.whenIdle();
  }

  private accepting(): boolean {
    return this.state === 'started' || (this.state === 'new' && this.o.wakeBeforeStart === true);
  }

  private isReady(): boolean {
    return this.o.ready?.() ?? true;
  }

  private kick(): void {
    if (this.burst || !this.accepting()) return;
    if (!this.isReady()) {
      if (this.state === 'started' && this.timer === undefined) this.arm(this.o.pollMs);
      return;
    }
    this.timers.clear(this.timer);
    this.timer = undefined;
    this.burst = this.run();
  }

  private arm(ms: number): void {
    this.timers.clear(this.timer);
    this.timer = this.timers.set(() => {
      this.timer = undefined;
      this.notify();
    }, ms);
  }

  private async run(): Promise<void> {
    // Let whatever else this turn stores land first: one pass then takes it all.
    await nextTurn();
    let wait = this.o.pollMs;
    while (this.pending && this.accepting() && this.isReady()) {
      this.pending = false;
      try {
        if (await this.o.pass()) this.pending = true;
        this.failures = 0;
      } catch (err) {
        // Wake-ups during a failing pass wait for the backoff too: what failed (the database) may still be down.
        this.pending = false;
        this.failures++;
        wait = this.backoff();
        if (this.o.onError) this.o.onError(err, wait);
        else this.o.logger.error({ err, retryInMs: wait }, `${this.o.name} failed; retrying after a pause`);
        break;
      }
    }
    // No await since the loop's last look: a notify() from here on starts a new burst.
    this.burst = null;
    if (this.state === 'started') this.arm(wait);
  }

  private backoff(): number {
    const base = this.o.backoffMs ?? this.o.pollMs;
    const cap = this.o.maxBackoffMs ?? Math.max(this.o.pollMs, 5_000);
    return Math.min(cap, base * 2 ** Math.min(this.failures - 1, 20));
  }
}
