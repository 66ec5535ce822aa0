import { setImmediate as nextTurn } from 'node:timers/promises';
import { BackgroundLoop } from '../background/background-loop';
import type { Config } from '../config';
import type { Db } from '../db/create-db';
import { isConnectionError } from '../db/db-errors';
import { inTransaction } from '../db/transaction';
import type { Logger } from '../logger';
import { maskPhone } from '../logger';
import type { Metrics } from '../observability/metrics';
import type { Clock } from '../shared/clock';
import type { CommandRegistry } from './command-registry';
import { dispatchMessage, type DispatchResult } from './dispatch';
import { newBatchAnswers } from './plain-message';
import { processingFailed } from '../features/texts/reporter.texts';
import { resolveSenders } from './sender';
import { enqueueMessage, enqueueMessages } from '../features/outbox/outbox.repository';
import { ensureSequence, SequenceMissingError } from '../features/tickets/tracking-number';
import { reserveBatchNumbers } from './batch-numbers';
import { recordInboundOutcome, recordInboundOutcomes, takePendingInbound } from '../features/inbound/inbound.repository';
import type { InboundMessage } from '../features/inbound/inbound.model';

export interface ChatProcessorDeps {
  db: Db;
  config: Config;
  clock: Clock;
  logger: Logger;
  registry: CommandRegistry;
  /** Called after replies were committed, to wake the outbox sender. */
  onQueued?: () => void;
  /** Most messages handled in one transaction. Default 50 on MySQL, 10 on SQLite (see below). */
  batchSize?: number;
  /** Told each committed batch: handling latency and outcome per message, in memory (no query). */
  metrics?: Pick<Metrics, 'messagesHandled'>;
  /** After start(), also looks this often for messages stored by another process or left by a crash. Default 250 ms. */
  pollMs?: number;
  /** Longest run of a batch without a turn of the event loop (see handle). Default 4 ms. */
  sliceMs?: number;
}

type Handled = Array<{ message: InboundMessage; result: DispatchResult }>;

/**
 * Handles stored messages after the webhook has answered 200, in batches: each batch is
 * one transaction that takes up to `batchSize` pending messages, runs them in order and
 * marks them handled, so a crash leaves each message either done or still pending, and a
 * burst costs one commit (one log flush) per batch instead of one per message. A batch
 * that fails is run again one message per transaction, so one bad message cannot hold
 * back the others; the one that fails is marked failed and its sender told.
 *
 * Any pending message is fair game: the rows a running batch holds are locked (MySQL) or
 * behind SQLite's single writer, so the web process and any number of worker processes can
 * all run this against one database.
 *
 * One batch at a time per process: a second batch side by side ("lanes") bought nothing
 * measurable (one lane kept 0.96 of the end-to-end rate, bench/RESULTS.md, 2026-12-03) and
 * cost a busy-chat list and a second look after every pass to keep a chat's order.
 */
export class ChatProcessor {
  private readonly batchSize: number;
  private readonly sliceMs: number;
  private readonly loop: BackgroundLoop;

  constructor(private readonly deps: ChatProcessorDeps) {
    // SQLite runs one transaction at a time in the whole process, webhook inserts included:
    // a shorter batch keeps their wait short.
    this.batchSize = deps.batchSize ?? (deps.db.dialect === 'mysql' ? 50 : 10);
    this.sliceMs = deps.sliceMs ?? 4;
    this.loop = new BackgroundLoop({
      name: 'inbound processing',
      logger: deps.logger,
      pollMs: deps.pollMs ?? 250,
      pass: () => this.pass(),
      // The webhook's notify() handles messages whether or not this process polls too.
      wakeBeforeStart: true,
      // Messages stay pending; the next notify or poll tries again.
      onError: (err) => {
        if (isConnectionError(err)) deps.logger.warn({ err }, 'database unreachable; messages stay pending');
        else deps.logger.error({ err }, 'inbound processing failed; messages stay pending');
      },
    });
  }

  /**
   * A message was stored: handle it (and whatever else is pending) soon, on the next turn of the
   * event loop, so the requests of this turn land in one batch. Never waits.
   */
  notify(): void {
    this.loop.notify();
  }

  /** Also looks for pending messages every `pollMs`: those stored by another process, or left by a crash. */
  start(): void {
    this.loop.start();
  }

  /** Resolves when nothing is being handled and nothing was asked for since (tests, shutdown). */
  async whenIdle(): Promise<void> {
    await this.loop.whenIdle();
  }

  /**
   * Stops looking for messages after handling those already stored (the webhook stops
   * first, so no more arrive): a graceful stop leaves nothing acknowledged unhandled.
   * A backlog too long for `deadlineMs` is left pending for the next start.
   */
  async stop(deadlineMs = 15_000): Promise<void> {
    await this.loop.stop();
    const giveUpAt = Date.now() + deadlineMs;
    try {
      while (Date.now() < giveUpAt && (await this.processBatch()) > 0);
    } catch (err) {
      this.deps.logger.warn({ err }, 'pending messages left for the next start');
    }
  }

  /** Handles every message pending now, batch after batch; returns how many it handled. */
  async sweep(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.processBatch();
      total += n;
      if (n < this.batchSize) return total;
    }
  }

  /** One pass of the loop: one batch; a full one asks the loop for the next at once. */
  private async pass(): Promise<boolean> {
    const n = await this.processBatch();
    // better-sqlite3 answers every statement synchronously, so a batch never waits for I/O and
    // the loop's next pass would follow in the same microtask queue: a backlog of hundreds of
    // messages then held the event loop for seconds, and every webhook waited that long for its
    // 200 (p99 3–4 s at c=50). One turn of the event loop between batches lets the requests that
    // arrived meanwhile be read and stored first. On MySQL a batch already waits for the network.
    if (n > 0) await nextTurn();
    return n === this.batchSize;
  }

  private async processBatch(): Promise<number> {
    const taken: number[] = [];
    try {
      return await this.handle({ limit: this.batchSize }, taken);
    } catch (err) {
      if (isConnectionError(err) || taken.length === 0) throw err;
      for (const id of taken) await this.processOne(id);
      return taken.length;
    }
  }

  private async processOne(id: number): Promise<void> {
    const { clock, logger } = this.deps;
    try {
      await this.handle({ id }, []);
    } catch (err) {
      if (isConnectionError(err)) throw err;
      logger.error({ err, inboundId: id }, 'processing an inbound message failed');
      await this.recordFailure(id, err, clock.now()).catch((e) =>
        logger.warn({ err: e, inboundId: id }, 'could not record the failure; message stays pending'),
      );
    }
  }

  /** Takes the messages (`taken` learns their ids), handles them in one transaction; returns how many. */
  private async handle(which: { limit: number } | { id: number }, taken: number[]): Promise<number> {
    const { db, config, clock, registry } = this.deps;
    const attempt = () =>
      inTransaction(db, async (trx): Promise<Handled> => {
        const now = clock.now();
        // Run again after a deadlock or a missing counter: the batch is taken afresh.
        const messages = await takePendingInbound(trx, db.dialect, which);
        taken.splice(0, taken.length, ...messages.map((m) => m.id));
        if (messages.length === 0) return [];
        const senders = await resolveSenders(trx, messages, config);
        const trackingNumbers = db.dialect === 'mysql' ? await reserveBatchNumbers(db, config, registry, messages) : undefined;
        const batch = newBatchAnswers();
        const handled: Handled = [];
        let sliceStart = performance.now();
        for (const [i, message] of messages.entries()) {
          // A batch of #requests waits for no statement of its own (reads memoised, writes kept back; on
          // SQLite no statement waits at all), so its 50 messages would run in one stretch of 15-30 ms
          // while webhooks wait for their 200: after `sliceMs` it lets the event loop take a turn.
          if (performance.now() - sliceStart >= this.sliceMs) {
            await nextTurn();
            sliceStart = performance.now();
          }
          const sender = senders[i]!;
          const result = await dispatchMessage(trx, message, {
            registry,
            config,
            dialect: db.dialect,
            now,
            sender,
            batch,
            trackingNumbers,
          });
          handled.push({ message, result });
        }
        await enqueueMessages(
          trx,
          handled.flatMap((h) => h.result.replies),
          now,
        );
        await recordInboundOutcomes(
          trx,
          handled.map(({ message, result }) => ({ id: message.id, ...result })),
          now,
        );
        return handled;
      });
    return this.commitBatch(attempt);
  }

  /** Runs the batch, creating a month's counter first if it was missing; logs and wakes the sender. */
  private async commitBatch(attempt: () => Promise<Handled>): Promise<number> {
    const { db, logger } = this.deps;
    let handled: Handled;
    for (let tries = 1; ; tries++) {
      try {
        handled = await attempt();
        break;
      } catch (err) {
        // A month's first ticket: its counter row is created outside any batch (see ensureSequence).
        if (!(err instanceof SequenceMissingError) || tries > 3) throw err;
        await ensureSequence(db, err.period);
      }
    }
    this.deps.metrics?.messagesHandled(handled.map(({ message, result }) => ({ receivedAt: message.receivedAt, status: result.status })));
    let replies = 0;
    for (const { message, result } of handled) {
      replies += result.replies.length;
      logger.info(
        {
          inboundId: message.id,
          sender: maskPhone(message.senderPhone),
          command: result.command,
          ticketId: result.ticketId,
          status: result.status,
        },
        'inbound message handled',
      );
    }
    if (replies > 0) this.deps.onQueued?.();
    return handled.length;
  }

  private async recordFailure(id: number, err: unknown, now: number): Promise<void> {
    const { db } = this.deps;
    const failed = await inTransaction(db, async (trx) => {
      const [message] = await takePendingInbound(trx, db.dialect, { id });
      if (!message) return undefined;
      await recordInboundOutcome(trx, id, { status: 'failed', error: String((err as Error)?.message ?? err).slice(0, 2000), now });
      await enqueueMessage(trx, { target: message.chatId, body: processingFailed(), kind: 'reply', inboundMessageId: id }, now);
      return message;
    });
    if (failed) this.deps.metrics?.messagesHandled([{ receivedAt: failed.receivedAt, status: 'failed' }]);
    this.deps.onQueued?.();
  }
}
