import { BackgroundLoop } from '../../background/background-loop';
import type { Db } from '../../db/create-db';
import type { Logger } from '../../logger';
import type { Clock } from '../../shared/clock';
import { lastRunStartedAt } from './retention-run.repository';
import type { RetentionSettings } from './retention.model';
import { anyRuleOn, runRetention } from './retention.service';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Runs the retention rules (RETENTION_*) once a day in whichever process runs the workers; does
 * nothing while every rule is off. A run started by any process less than a day ago (a restart,
 * a second worker, `wa-ticketing retention`) makes the pass wait for the next: several processes
 * may still overlap, which the rules' conditional updates make harmless.
 */
export class RetentionJob {
  private readonly loop: BackgroundLoop;
  /** Set by stop(): a run in flight ends after its current page (the next run goes on from there). */
  private stopping = false;

  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      logger: Logger;
      settings: RetentionSettings;
      mediaDir: string;
      /** Between looks; the first comes a minute after start(). Default an hour (a run happens once a day). */
      intervalMs?: number;
    },
  ) {
    this.loop = new BackgroundLoop({
      name: 'retention',
      logger: deps.logger,
      pollMs: deps.intervalMs ?? 60 * 60_000,
      firstPassAfterMs: 60_000,
      pass: async () => void (await this.runOnce()),
      onError: (err) => deps.logger.warn({ err }, 'retention pass failed'),
    });
  }

  /** Runs the rules if they are on and no run started in the last day; returns the run's id, or null. */
  async runOnce(): Promise<number | null> {
    const { db, clock, settings } = this.deps;
    if (!anyRuleOn(settings)) return null;
    const last = await lastRunStartedAt(db.kysely);
    if (last !== null && clock.now() - last < DAY_MS) return null;
    const { mediaDir, logger } = this.deps;
    const shouldStop = () => this.stopping;
    const run = await runRetention({ db, settings, mediaDir, logger, now: () => clock.now(), shouldStop }, 'job');
    return run.id;
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop.stop();
  }
}
