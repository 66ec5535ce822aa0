import { BackgroundLoop } from '../../background/background-loop';
import type { Db } from '../../db/create-db';
import { inTransaction } from '../../db/transaction';
import type { Logger } from '../../logger';
import type { Clock } from '../../shared/clock';
import { listTicketsDueForAlert } from './sla-alert.repository';
import { alertTicket, type AlertTargets } from './sla-alert.service';

const BATCH = 100;

/**
 * The SLA reminders, breaches and escalations (sla-alert.service.ts). Every 30 s it reads the tickets
 * whose `next_alert_at` has come (the `tickets_next_alert` index: what is due, never every open
 * ticket) and handles each in its own transaction. Several processes may run it at once: the ticket's
 * row lock and the unique `sla_alerts` row let exactly one of them send each level.
 */
export class SlaJob {
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      logger: Logger;
      targets: AlertTargets;
      onQueued: () => void;
      /** Between passes; default 30 s. */
      intervalMs?: number;
    },
  ) {
    this.loop = new BackgroundLoop({
      name: 'sla',
      logger: deps.logger,
      pollMs: deps.intervalMs ?? 30_000,
      firstPassAfterMs: 5_000,
      pass: async () => (await this.pass()).full,
      onError: (err) => deps.logger.warn({ err }, 'SLA alerts failed'),
    });
  }

  /** One pass; resolves with the messages queued. */
  async runOnce(): Promise<number> {
    return (await this.pass()).queued;
  }

  private async pass(): Promise<{ queued: number; full: boolean }> {
    const { db, clock, targets } = this.deps;
    const due = await listTicketsDueForAlert(db.kysely, clock.now(), BATCH);
    let queued = 0;
    for (const id of due) queued += await inTransaction(db, (trx) => alertTicket(trx, id, clock.now(), targets));
    if (queued) {
      this.deps.logger.info({ queued, tickets: due.length }, 'SLA alerts queued');
      this.deps.onQueued();
    }
    return { queued, full: due.length === BATCH };
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }
}
