import { BackgroundLoop } from '../../background/background-loop';
import type { Config } from '../../config';
import type { Db } from '../../db/create-db';
import type { Logger } from '../../logger';
import type { Clock } from '../../shared/clock';
import { summariseRecentDays } from './stats-summary.service';

/**
 * Keeps the statistics' summary of closed days made ahead of the readers (stats-summary.service.ts):
 * after midnight yesterday is summarised, a day whose tickets changed is made again, and a year's
 * statistics never wait for a year of tickets to be read. Reads only tickets; writes only
 * stats_day_summaries, so no ticket write ever waits on it.
 */
export class StatsSummaryJob {
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly deps: {
      db: Db;
      config: Config;
      clock: Clock;
      logger: Logger;
      /** Between runs; the first comes 30 s after start(). Default 15 minutes. */
      intervalMs?: number;
    },
  ) {
    this.loop = new BackgroundLoop({
      name: 'stats-summary',
      logger: deps.logger,
      pollMs: deps.intervalMs ?? 15 * 60_000,
      firstPassAfterMs: 30_000,
      pass: async () => void (await this.runOnce()),
      onError: (err) => deps.logger.warn({ err }, 'statistics summary failed'),
    });
  }

  /** One pass: the days looked at. */
  runOnce(): Promise<number> {
    return summariseRecentDays(this.deps.db.kysely, this.deps.config, this.deps.clock.now());
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }
}
