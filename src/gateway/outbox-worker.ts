import { randomUUID } from 'node:crypto';
import type { Db } from '../db/create-db';
import { maskPhone, type Logger } from '../logger';
import type { Clock } from '../shared/clock';
import { claimDue, markDead, markDryRun, markRetry, markSent, type ClaimedMessage } from '../features/outbox/outbox-delivery.repository';
import { backoffDelay } from './backoff';
import type { FonnteClient, SendOutcome } from './fonnte-client';

export interface OutboxWorkerOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** null = dry-run: messages are logged and marked dry_run, never sent. */
  client: FonnteClient | null;
  /** Attempts after which a message that keeps failing is dead. */
  maxAttempts: number;
  /** Most rows one claim takes. A claim never takes more than the free send slots. */
  batchSize?: number;
  /** How long a claim lasts; must exceed the client's timeout or a slow send could be taken over and sent twice. */
  leaseMs?: number;
  /** Idle poll interval; notify() skips the wait. */
  pollMs?: number;
  /** Sends in flight at once. */
  concurrency?: number;
  /** Jitter source for retry backoff, in [0, 1); tests pin it. */
  random?: () => number;
}

/**
 * Sends the outbox through Fonnte. Any number of workers, in one process or
 * several, may run against the same database: claims are exclusive and leased,
 * so a crashed worker's messages are picked up again when their lease expires.
 */
export class OutboxWorker {
  private readonly o: Required<Omit<OutboxWorkerOptions, 'client'>> & { client: FonnteClient | null };
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | null = null;
  private wakeRequested = false;
  /** The last claim filled every free slot, so more rows are probably due. */
  private backlog = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(opts: OutboxWorkerOptions) {
    this.o = {
      ...opts,
      batchSize: opts.batchSize ?? 20,
      leaseMs: opts.leaseMs ?? 60_000,
      pollMs: opts.pollMs ?? 500,
      concurrency: opts.concurrency ?? 4,
      random: opts.random ?? Math.random,
    };
    if (opts.client && this.o.leaseMs <= opts.client.timeoutMs) {
      throw new Error(`OutboxWorker: leaseMs (${this.o.leaseMs}) must exceed the client timeout (${opts.client.timeoutMs})`);
    }
    if (this.o.maxAttempts < 1 || this.o.batchSize < 1 || this.o.concurrency < 1) {
      throw new Error('OutboxWorker: maxAttempts, batchSize and concurrency must be at least 1');
    }
  }

  /** Starts polling. The timer is unref'd: the worker alone never keeps the process alive. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Wakes the loop now, e.g. right after a reply was queued, instead of at the next poll. */
  notify(): void {
    if (!this.running) return;
    if (this.ticking) this.wakeRequested = true;
    else this.schedule(0);
  }

  /** Stops polling and resolves once every send in flight has finished and been recorded. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.ticking;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Claims and processes everything due until nothing is due; returns how many
   * were processed. Retries scheduled in the future are left for later.
   */
  async drain(): Promise<number> {
    let processed = 0;
    for (;;) {
      const rows = await this.claim(Math.min(this.o.batchSize, this.o.concurrency));
      if (rows.length === 0) return processed;
      await Promise.all(rows.map((row) => this.track(row)));
      processed += rows.length;
    }
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    if (!this.running || this.ticking) return;
    this.wakeRequested = false;
    this.ticking = this.claimIntoFreeSlots().catch((err: unknown) => {
      this.backlog = false;
      this.o.logger.error({ err }, 'outbox claim failed; retrying at the next poll');
    });
    await this.ticking;
    this.ticking = null;
    if (!this.running) return;
    const slotFree = this.inFlight.size < this.o.concurrency;
    // With every slot busy, a finishing send wakes the loop (see track).
    this.schedule(this.wakeRequested || (this.backlog && slotFree) ? 0 : this.o.pollMs);
  }

  private async claimIntoFreeSlots(): Promise<void> {
    const free = this.o.concurrency - this.inFlight.size;
    if (free <= 0) {
      this.backlog = true;
      return;
    }
    // Claim no more than can start now: a claimed row waiting for a slot would use up its lease.
    const limit = Math.min(this.o.batchSize, free);
    const rows = await this.claim(limit);
    for (const row of rows) void this.track(row);
    this.backlog = rows.length === limit;
  }

  private claim(limit: number): Promise<ClaimedMessage[]> {
    const { db, clock, leaseMs } = this.o;
    return claimDue(db, { now: clock.now(), limit, leaseMs, token: randomUUID() });
  }

  private track(row: ClaimedMessage): Promise<void> {
    const done = this.process(row).finally(() => {
      this.inFlight.delete(done);
      if (this.backlog) this.notify();
    });
    this.inFlight.add(done);
    return done;
  }

  /** Sends one claimed message and records the outcome. Never rejects. */
  private async process(msg: ClaimedMessage): Promise<void> {
    const log = this.o.logger.child({ outboxId: msg.id, target: maskPhone(msg.target), attempts: msg.attempts });
    try {
      if (!this.o.client) {
        const owned = await markDryRun(this.o.db.kysely, msg.id, msg.claimToken, { now: this.o.clock.now() });
        if (owned) log.info({ body: msg.body }, 'outbox dry run: message logged, not sent');
        else this.claimLost(log, 'dry_run');
        return;
      }
      let outcome: SendOutcome;
      try {
        outcome = await this.o.client.send(msg.target, msg.body);
      } catch (err) {
        // The client classifies every failure itself; this is a bug, but the message deserves another try.
        outcome = { kind: 'retry', reason: `client error: ${err instanceof Error ? err.message : String(err)}` };
      }
      await this.record(msg, outcome, log);
    } catch (err) {
      log.error({ err }, 'outbox outcome not recorded; the message is taken again when its lease expires');
    }
  }

  private async record(msg: ClaimedMessage, outcome: SendOutcome, log: Logger): Promise<void> {
    const { db, clock, maxAttempts, random } = this.o;
    const ex = db.kysely;
    const now = clock.now();
    if (outcome.kind === 'sent') {
      const owned = await markSent(ex, msg.id, msg.claimToken, { now, providerId: outcome.providerId ?? null });
      if (owned) log.info({ providerId: outcome.providerId }, 'outbox message sent');
      else this.claimLost(log, 'sent');
      return;
    }
    if (outcome.kind === 'dead' || msg.attempts >= maxAttempts) {
      const owned = await markDead(ex, msg.id, msg.claimToken, { now, error: outcome.reason });
      if (owned) log.warn({ reason: outcome.reason, maxAttempts }, 'outbox message dead');
      else this.claimLost(log, 'dead');
      return;
    }
    const dueAt = now + backoffDelay(msg.attempts, { random });
    const owned = await markRetry(ex, msg.id, msg.claimToken, { now, dueAt, error: outcome.reason });
    if (!owned) return this.claimLost(log, 'retry');
    const fields = { reason: outcome.reason, retryAt: new Date(dueAt).toISOString() };
    if (outcome.needsOperator) log.error(fields, 'outbox send refused: an operator must fix the Fonnte configuration');
    else log.warn(fields, 'outbox send failed; will retry');
  }

  private claimLost(log: Logger, outcome: string): void {
    log.warn({ outcome }, 'outbox claim lost: the lease expired and another worker owns the message; outcome not recorded');
  }
}
