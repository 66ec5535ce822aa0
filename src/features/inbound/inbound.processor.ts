import type { Config } from '../../config';
import type { Db } from '../../db/create-db';
import { isConnectionError } from '../../db/db-errors';
import { inTransaction } from '../../db/transaction';
import type { Logger } from '../../logger';
import { maskPhone } from '../../logger';
import type { Clock } from '../../shared/clock';
import type { CommandRegistry } from '../../commands/command-registry';
import { dispatchMessage } from '../../commands/dispatch';
import { processingFailed } from '../../commands/replies';
import { enqueueMessage } from '../outbox/outbox.repository';
import { ensureSequence, SequenceMissingError } from '../tickets/tracking-number';
import { listStalePending, recordInboundOutcome, takePendingInbound } from './inbound.repository';

export interface InboundProcessorDeps {
  db: Db;
  config: Config;
  clock: Clock;
  logger: Logger;
  registry: CommandRegistry;
  /** Called after replies were committed, to wake the outbox sender. */
  onQueued?: () => void;
}

/** A message acknowledged this long ago and still pending was orphaned by a crash. */
const STALE_AFTER_MS = 15_000;

/**
 * Processes stored messages after the webhook has answered 200. Each message is
 * handled in one transaction that also marks it processed, so a crash at any point
 * leaves it either done or still pending — and the sweep picks pending ones up.
 */
export class InboundProcessor {
  private readonly inFlight = new Set<Promise<void>>();
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: InboundProcessorDeps) {}

  /** Starts processing in the background; the caller does not wait. */
  schedule(id: number): void {
    const task = this.process(id).finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
  }

  /** Resolves when every scheduled message has been handled (tests, shutdown). */
  async whenIdle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  async process(id: number): Promise<void> {
    const { db, clock, logger } = this.deps;
    try {
      const queued = await this.processOnce(id).catch(async (err) => {
        if (!(err instanceof SequenceMissingError)) throw err;
        await ensureSequence(db, err.period);
        return this.processOnce(id);
      });
      if (queued) this.deps.onQueued?.();
    } catch (err) {
      if (isConnectionError(err)) {
        logger.warn({ err, inboundId: id }, 'database unreachable; message stays pending for the sweep');
        return;
      }
      logger.error({ err, inboundId: id }, 'processing an inbound message failed');
      await this.recordFailure(id, err, clock.now()).catch((e) =>
        // The database is unreachable: the row stays pending and the sweep retries it.
        logger.warn({ err: e, inboundId: id }, 'could not record the failure; message stays pending'),
      );
    }
  }

  /** Returns how many replies were queued. */
  private async processOnce(id: number): Promise<number> {
    const { db, config, clock, registry, logger } = this.deps;
    return inTransaction(db, async (trx) => {
      const now = clock.now();
      const message = await takePendingInbound(trx, id, now);
      if (!message) return 0;
      const result = await dispatchMessage(trx, message, { registry, config, now });
      await recordInboundOutcome(trx, id, { status: result.status, command: result.command, ticketId: result.ticketId, now });
      logger.info(
        { inboundId: id, sender: maskPhone(message.senderPhone), command: result.command, ticketId: result.ticketId, status: result.status },
        'inbound message handled',
      );
      return result.replies;
    });
  }

  private async recordFailure(id: number, err: unknown, now: number): Promise<void> {
    const { db } = this.deps;
    await inTransaction(db, async (trx) => {
      const message = await takePendingInbound(trx, id, now);
      if (!message) return;
      await recordInboundOutcome(trx, id, { status: 'failed', error: String((err as Error)?.message ?? err).slice(0, 2000), now });
      await enqueueMessage(trx, { target: message.chatId, body: processingFailed(), kind: 'reply', inboundMessageId: id }, now);
    });
    this.deps.onQueued?.();
  }

  /** Processes messages left pending by a crash; returns how many it found. */
  async sweep(): Promise<number> {
    const ids = await listStalePending(this.deps.db.kysely, this.deps.clock.now() - STALE_AFTER_MS, 100);
    for (const id of ids) await this.process(id);
    return ids.length;
  }

  startSweeping(intervalMs = 5_000): void {
    const tick = async () => {
      await this.sweep().catch((err) => this.deps.logger.warn({ err }, 'inbound sweep failed'));
      this.sweepTimer = setTimeout(tick, intervalMs).unref();
    };
    this.sweepTimer = setTimeout(tick, 0).unref();
  }

  async stop(): Promise<void> {
    clearTimeout(this.sweepTimer);
    this.sweepTimer = undefined;
    await this.whenIdle();
  }
}
