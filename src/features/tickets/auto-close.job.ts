import { BackgroundLoop } from '../../background/background-loop';
import type { Config } from '../../config';
import type { Db } from '../../db/create-db';
import { inTransaction } from '../../db/transaction';
import type { Logger } from '../../logger';
import type { Clock } from '../../shared/clock';
import { unitOn } from '../../db/unit-of-work';
import { queueRatingQuestion } from '../ratings/rating.service';
import { autoClose } from './ticket-lifecycle';
import { findTicketById, listFinishedBefore } from './ticket.repository';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Closes `selesai` tickets whose reporter did not answer within AUTO_CLOSE_DAYS, and tells
 * the reporter (the lifecycle's `autoClose`), then asks them to rate the work. Each ticket is
 * closed in its own transaction; a ticket confirmed or reopened meanwhile is left alone by the
 * conditional status update.
 */
async function autoCloseFinishedTickets(deps: { db: Db; config: Config; clock: Clock }): Promise<number> {
  const { db, config, clock } = deps;
  const cutoff = clock.now() - config.autoCloseDays * DAY_MS;
  const due = await listFinishedBefore(db.kysely, cutoff, 200);
  let closed = 0;
  for (const id of due) {
    const now = clock.now();
    const done = await inTransaction(db, async (trx) => {
      if (!(await autoClose(unitOn(trx), { ticketId: id, days: config.autoCloseDays, now }))) return false;
      const ticket = await findTicketById(trx, id);
      if (ticket) await queueRatingQuestion(trx, ticket, now);
      return true;
    });
    if (done) closed++;
  }
  return closed;
}

/** Runs the auto-close every few minutes in whichever process runs the workers. */
export class AutoCloseJob {
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly deps: {
      db: Db;
      config: Config;
      clock: Clock;
      logger: Logger;
      onQueued: () => void;
      /** Between runs; the first comes 10 s after start(). Default 5 minutes. */
      intervalMs?: number;
    },
  ) {
    this.loop = new BackgroundLoop({
      name: 'auto-close',
      logger: deps.logger,
      pollMs: deps.intervalMs ?? 5 * 60_000,
      firstPassAfterMs: 10_000,
      pass: async () => void (await this.runOnce()),
      onError: (err) => deps.logger.warn({ err }, 'auto-close failed'),
    });
  }

  async runOnce(): Promise<number> {
    const closed = await autoCloseFinishedTickets(this.deps);
    if (closed) {
      this.deps.logger.info({ closed }, 'finished tickets closed automatically');
      this.deps.onQueued();
    }
    return closed;
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }
}
