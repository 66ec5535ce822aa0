import { randomUUID } from 'node:crypto';
import { BackgroundLoop } from '../../background/background-loop';
import { WorkSlots } from '../../background/work-slots';
import type { Db } from '../../db/create-db';
import { maskPhone, type Logger } from '../../logger';
import type { Metrics } from '../../observability/metrics';
import type { Clock } from '../../shared/clock';
import { claimDue, markDead, markDryRun, markRetry, releaseClaims, type ClaimedMessage } from './outbox-delivery.repository';
import type { GatewayStatusSource } from '../gateway/gateway-state';
import { backoffDelay } from '../../shared/backoff';
import { sendFailureKind, type FonnteClient, type SendOutcome } from '../../fonnte/fonnte-client';
import { SendConcurrency, signalOf } from './send-concurrency';
import { WriteTurns } from './write-turns';
import { SentRecorder } from './sent-recorder';

export interface OutboxWorkerOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** null = dry-run: messages are logged and marked dry_run, never sent. */
  client: FonnteClient | null;
  /** Attempts after which a message that keeps failing may be given up (see retryWindowMs). */
  maxAttempts: number;
  /**
   * How long a message keeps being retried however many attempts it used: a gateway that is
   * down for minutes or hours must not kill the replies queued meanwhile. Default 24 hours.
   */
  retryWindowMs?: number;
  /**
   * Most rows one claim takes; they wait in memory for a send slot. A row whose lease could
   * run out before its send would time out is given back unsent instead (see process).
   */
  batchSize?: number;
  /** How long a claim lasts; must exceed the client's timeout or a slow send could be taken over and sent twice. */
  leaseMs?: number;
  /** Idle poll interval; notify() skips the wait. */
  pollMs?: number;
  /**
   * Sends in flight at start (OUTBOX_CONCURRENCY). The limit adapts from there (see SendConcurrency):
   * up while sends succeed and work waits, halved on timeouts, 5xx and `status:false`.
   */
  concurrency?: number;
  /** The adaptive limit's ceiling (OUTBOX_MAX_CONCURRENCY). Default `concurrency`: a fixed limit. */
  maxConcurrency?: number;
  /** Jitter source for retry backoff, in [0, 1); tests pin it. */
  random?: () => number;
  /**
   * The device state Fonnte reports: while it says disconnected, nothing is claimed (messages
   * wait instead of using up attempts). Omitted or null: never paused by it.
   */
  gateway?: GatewayStatusSource | null;
  /** Longest pause after Fonnte answered "disconnected device" to a send, without a device report. */
  disconnectHoldMs?: number;
  /** Told each send's duration, result and failure reason, and the limit when it changes (in memory; no query). */
  metrics?: Pick<Metrics, 'sendFinished' | 'sendConcurrency'> | null;
}

/** Fonnte's answer to a send while the WhatsApp device is offline: "request invalid on disconnected device". */
const DISCONNECTED_DEVICE = /disconnect/i;

/** A reply still undelivered after a day is no longer worth sending. */
const DEFAULT_RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Sends the outbox through Fonnte. Any number of workers, in one process or
 * several, may run against the same database: claims are exclusive and leased,
 * so a crashed worker's messages are picked up again when their lease expires.
 */
export class OutboxWorker {
  private readonly o: Required<Omit<OutboxWorkerOptions, 'client' | 'gateway' | 'metrics'>> & {
    client: FonnteClient | null;
    gateway: GatewayStatusSource | null;
    metrics: Pick<Metrics, 'sendFinished' | 'sendConcurrency'> | null;
  };
  private readonly loop: BackgroundLoop;
  /** How many sends may be in flight now; the send slots follow it. */
  private readonly limiter: SendConcurrency;
  /** Claimed rows waiting for, or holding, one of the limiter's send slots. */
  private readonly sends: WorkSlots<ClaimedMessage>;
  /** Rows handed to `sends` and not yet done (waiting or in flight). */
  private held = 0;
  /** Failed and dry-run outcomes written at once: `concurrency`, as when it also bounded the sends. */
  private readonly writes: WriteTurns;
  /** Accepted sends, recorded in batches (one UPDATE for those answered while the last one ran). */
  private readonly sent: SentRecorder;
  /** A send met a disconnected device: hold claims from `since` until `until` or a newer "connect" report. */
  private hint: { since: number; until: number } | null = null;
  /** Whether the last check found the gateway down, to log pauses and resumes once each. */
  private paused = false;

  constructor(opts: OutboxWorkerOptions) {
    this.o = {
      ...opts,
      batchSize: opts.batchSize ?? 20,
      retryWindowMs: opts.retryWindowMs ?? DEFAULT_RETRY_WINDOW_MS,
      leaseMs: opts.leaseMs ?? 60_000,
      pollMs: opts.pollMs ?? 500,
      concurrency: opts.concurrency ?? 4,
      maxConcurrency: opts.maxConcurrency ?? opts.concurrency ?? 4,
      random: opts.random ?? Math.random,
      gateway: opts.gateway ?? null,
      metrics: opts.metrics ?? null,
      disconnectHoldMs: opts.disconnectHoldMs ?? 60_000,
    };
    if (opts.client && this.o.leaseMs <= opts.client.timeoutMs) {
      throw new Error(`OutboxWorker: leaseMs (${this.o.leaseMs}) must exceed the client timeout (${opts.client.timeoutMs})`);
    }
    if (this.o.maxAttempts < 1 || this.o.batchSize < 1 || this.o.concurrency < 1 || this.o.maxConcurrency < this.o.concurrency) {
      throw new Error('OutboxWorker: maxAttempts, batchSize and concurrency must be at least 1, maxConcurrency at least concurrency');
    }
    this.limiter = new SendConcurrency({ initial: this.o.concurrency, max: this.o.maxConcurrency });
    this.writes = new WriteTurns(this.o.concurrency);
    this.sent = new SentRecorder({ ex: this.o.db.kysely, clock: this.o.clock });
    this.o.metrics?.sendConcurrency(this.limiter.limit);
    // A send that frees a slot lets the claim a wake-up or a full batch asked for go ahead.
    this.sends = this.slotsFollowingTheLimit(
      (row) => this.process(row, this.sends).finally(() => void (this.held -= 1)),
      () => this.loop.resume(),
    );
    this.loop = new BackgroundLoop({
      name: 'outbox claim',
      logger: this.o.logger,
      pollMs: this.o.pollMs,
      pass: () => this.claimIntoFreeSlots(),
      // Another claim is worth making only once the claimed rows are all out and a slot is free.
      ready: () => this.sends.hasRoom(),
    });
  }

  /** Starts polling. The timer is unref'd: the worker alone never keeps the process alive. */
  start(): void {
    this.loop.start();
  }

  /**
   * Wakes the loop now, e.g. right after a reply was queued, instead of at the next poll.
   * The device state is read again before the next claim, so a device webhook that just
   * reported a disconnect or a reconnect takes effect at once.
   */
  notify(): void {
    this.o.gateway?.invalidate();
    this.loop.notify();
  }

  /** Stops polling and resolves once every send in flight has finished and been recorded. */
  async stop(): Promise<void> {
    this.sends.close();
    await this.loop.stop();
    const waiting = this.sends.takeWaiting();
    this.held -= waiting.length;
    await this.giveBack(waiting);
    await this.sends.whenEmpty();
  }

  /**
   * Claims and processes everything due until nothing is due; returns how many
   * were processed. Retries scheduled in the future are left for later.
   */
  async drain(): Promise<number> {
    let processed = 0;
    for (;;) {
      // Enough for every slot the limit allows, in one claim.
      const rows = await this.claim(Math.max(this.o.batchSize, this.limiter.limit));
      if (rows.length === 0) return processed;
      const slots: WorkSlots<ClaimedMessage> = this.slotsFollowingTheLimit(async (row) => {
        if (await this.process(row, slots)) processed++;
      });
      slots.add(rows);
      await slots.whenEmpty();
    }
  }

  /** How many sends may be in flight now (also the gauge wa_ticketing_outbox_send_concurrency). */
  get sendLimit(): number {
    return this.limiter.limit;
  }

  /**
   * One pass of the loop: claims into the send slots in one statement, as many rows as the limit
   * leaves room for plus a round ahead (at least a batch); true when the claim was full (more are
   * probably due). The round ahead keeps the slots busy while the next claim runs: with 128 in flight
   * a slot frees every few milliseconds, and a claim on a busy database can take a hundred.
   */
  private async claimIntoFreeSlots(): Promise<boolean> {
    const want = Math.max(this.o.batchSize, 2 * this.limiter.limit - this.held);
    const rows = await this.claim(want);
    this.held += rows.length;
    this.sends.add(rows);
    return rows.length === want;
  }

  /** Send slots whose number is the limiter's at each moment: a raised limit is used at the next fill. */
  private slotsFollowingTheLimit(work: (row: ClaimedMessage) => Promise<unknown>, onSettled?: () => void): WorkSlots<ClaimedMessage> {
    const limiter = this.limiter;
    return new WorkSlots({
      concurrency: () => limiter.limit,
      work,
      onSettled,
      // Eight sends' starts are ~2 ms of work: the webhooks' acknowledgements are read in between.
      startsPerTurn: 8,
    });
  }

  private async claim(limit: number): Promise<ClaimedMessage[]> {
    const { db, clock, leaseMs } = this.o;
    if (await this.gatewayDown()) return [];
    return claimDue(db, { now: clock.now(), limit, leaseMs, token: randomUUID() });
  }

  /**
   * True while the device is known to be offline: Fonnte reported a disconnect, or a send was
   * just refused for a disconnected device (held until that message is due again, at most
   * disconnectHoldMs, or until a "connect" report newer than the refusal). Dry-run never holds.
   */
  private async gatewayDown(): Promise<boolean> {
    if (!this.o.client) return false;
    const now = this.o.clock.now();
    const state = this.o.gateway ? await this.o.gateway.current() : null;
    if (this.hint && (now >= this.hint.until || (state?.connected === true && (state.updatedAt ?? 0) > this.hint.since))) this.hint = null;
    const down = state?.connected === false || this.hint !== null;
    if (down !== this.paused) {
      this.paused = down;
      if (down)
        this.o.logger.warn(
          { device: maskPhone(state?.device), reported: state?.connected === false },
          'outbox paused: the WhatsApp device is disconnected',
        );
      else this.o.logger.info('outbox resumed: the WhatsApp device is connected');
    }
    return down;
  }

  /** Sends one claimed message and records the outcome; false when it gave the row back unsent. Never rejects. */
  private async process(msg: ClaimedMessage, slots: WorkSlots<ClaimedMessage>): Promise<boolean> {
    const log = this.o.logger.child({ outboxId: msg.id, target: maskPhone(msg.target), attempts: msg.attempts });
    try {
      // It waited for a slot. Meanwhile a send may have met an offline device (it would meet it too),
      // or the lease may have run short (a send outlasting it could overlap another worker's).
      const now = this.o.clock.now();
      if (this.o.client && ((this.hint && now < this.hint.until) || now + this.o.client.timeoutMs >= msg.leaseExpiresAt)) {
        await this.giveBack([msg]);
        return false;
      }
      if (!this.o.client) {
        const owned = await this.writes.run(() => markDryRun(this.o.db.kysely, msg.id, msg.claimToken, { now: this.o.clock.now() }));
        this.o.metrics?.sendFinished('dry_run', undefined);
        if (owned) log.info({ body: msg.body }, 'outbox dry run: message logged, not sent');
        else this.claimLost(log, 'dry_run');
        return true;
      }
      let outcome: SendOutcome;
      const started = performance.now();
      const permit = this.limiter.start();
      try {
        outcome = await this.o.client.send(msg.target, msg.body);
      } catch (err) {
        // The client classifies every failure itself; this is a bug, but the message deserves another try.
        outcome = { kind: 'retry', reason: `client error: ${err instanceof Error ? err.message : String(err)}` };
      }
      // Saturated: rows wait for a slot, or every slot is taken (this send still holds one).
      if (this.limiter.finish(permit, signalOf(outcome), !slots.hasRoom())) this.limitChanged(outcome);
      const seconds = (performance.now() - started) / 1000;
      await this.record(msg, outcome, log, seconds);
    } catch (err) {
      log.error({ err }, 'outbox outcome not recorded; the message is taken again when its lease expires');
    }
    return true;
  }

  private async record(msg: ClaimedMessage, outcome: SendOutcome, log: Logger, seconds: number): Promise<void> {
    const { db, clock, maxAttempts, random } = this.o;
    const ex = db.kysely;
    const now = clock.now();
    if (outcome.kind === 'sent') {
      this.o.metrics?.sendFinished('sent', seconds);
      const owned = await this.sent.record({ id: msg.id, claimToken: msg.claimToken, providerId: outcome.providerId ?? null });
      if (owned) log.info({ providerId: outcome.providerId }, 'outbox message sent');
      else this.claimLost(log, 'sent');
      return;
    }
    // A disconnected device is the gateway's state, not the message's fault: it never makes a message dead.
    const deviceDown = outcome.kind === 'retry' && DISCONNECTED_DEVICE.test(outcome.reason);
    const givenUp = msg.attempts >= maxAttempts && now - msg.createdAt >= this.o.retryWindowMs;
    const dead = outcome.kind === 'dead' || (givenUp && !deviceDown);
    this.o.metrics?.sendFinished(dead ? 'dead' : 'retry', seconds, sendFailureKind(outcome.reason));
    if (dead) {
      const owned = await this.writes.run(() => markDead(ex, msg.id, msg.claimToken, { now, error: outcome.reason }));
      if (owned) log.warn({ reason: outcome.reason, maxAttempts }, 'outbox message dead');
      else this.claimLost(log, 'dead');
      return;
    }
    const dueAt = now + backoffDelay(msg.attempts, { random });
    if (deviceDown) this.holdForDisconnect(now, dueAt);
    const owned = await this.writes.run(() => markRetry(ex, msg.id, msg.claimToken, { now, dueAt, error: outcome.reason }));
    if (!owned) return this.claimLost(log, 'retry');
    const fields = { reason: outcome.reason, retryAt: new Date(dueAt).toISOString() };
    if (outcome.needsOperator) log.error(fields, 'outbox send refused: an operator must fix the Fonnte configuration');
    else log.warn(fields, 'outbox send failed; will retry');
  }

  private limitChanged(outcome: SendOutcome): void {
    const limit = this.limiter.limit;
    this.o.metrics?.sendConcurrency(limit);
    if (outcome.kind !== 'sent')
      this.o.logger.info({ limit, reason: outcome.reason }, 'outbox sends in flight lowered: the gateway failed');
  }

  /** Other messages would meet the same offline device: stop claiming until this one is due again. */
  private holdForDisconnect(now: number, dueAt: number): void {
    const until = Math.min(dueAt, now + this.o.disconnectHoldMs);
    this.hint = { since: now, until: Math.max(this.hint?.until ?? 0, until) };
  }

  /** Claimed rows that will not be sent by this worker: due again at once, the attempt not counted. */
  private async giveBack(rows: ClaimedMessage[]): Promise<void> {
    const byToken = new Map<string, ClaimedMessage[]>();
    for (const r of rows) byToken.set(r.claimToken, [...(byToken.get(r.claimToken) ?? []), r]);
    for (const [token, group] of byToken) {
      await releaseClaims(
        this.o.db.kysely,
        group.map((r) => r.id),
        token,
        this.o.clock.now(),
      ).catch((err: unknown) =>
        this.o.logger.warn(
          { err, ids: group.map((r) => r.id) },
          'could not give claimed messages back; they are taken again when their lease expires',
        ),
      );
    }
  }

  private claimLost(log: Logger, outcome: string): void {
    log.warn({ outcome }, 'outbox claim lost: the lease expired and another worker owns the message; outcome not recorded');
  }
}
