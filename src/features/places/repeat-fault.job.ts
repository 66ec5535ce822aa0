import { BackgroundLoop } from '../../background/background-loop';
import type { Db } from '../../db/create-db';
import { isUniqueViolation } from '../../db/db-errors';
import { inTransaction } from '../../db/transaction';
import type { Logger } from '../../logger';
import type { Clock } from '../../shared/clock';
import { enqueueMessage } from '../outbox/outbox.repository';
import { repeatFaultToDesk } from '../texts/place.texts';
import { deleteFaultFlag, insertFaultFlag, listFaultFlags } from './repeat-fault.repository';
import { defaultPeriod, listRepeatFaults, type RepeatFaultRow } from './repeat-fault.service';

interface RepeatFaultDeps {
  db: Db;
  clock: Clock;
  repeatFaults: { days: number; threshold: number };
  /** ADMIN_NOTIFY_TARGET; without it pairs are still flagged (the page shows them), nobody is written to. */
  adminTarget: string | undefined;
}

/** Flags the pair and queues the desk's message in one transaction; false when another worker flagged it first. */
async function flagAndTell(deps: RepeatFaultDeps, row: RepeatFaultRow, now: number): Promise<boolean> {
  try {
    await inTransaction(deps.db, async (trx) => {
      // The flag first: its unique key makes the message go out once whatever the number of workers.
      await insertFaultFlag(trx, { placeId: row.placeId, categoryId: row.categoryId, count: row.count, now });
      if (deps.adminTarget)
        await enqueueMessage(
          trx,
          { target: deps.adminTarget, kind: 'notification', body: repeatFaultToDesk({ ...row, days: deps.repeatFaults.days }) },
          now,
        );
    });
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/**
 * One pass: pairs at or over the threshold in the last `days` days that were never told are
 * flagged and told; a flagged pair that has fallen below the threshold (its old tickets left the
 * period) loses its flag, so a later crossing is told again. Returns how many were told.
 */
async function signalRepeatFaults(deps: RepeatFaultDeps): Promise<number> {
  const now = deps.clock.now();
  const { days, threshold } = deps.repeatFaults;
  const [rows, flags] = await Promise.all([
    listRepeatFaults(deps.db.kysely, { period: defaultPeriod(now, days), threshold }),
    listFaultFlags(deps.db.kysely),
  ]);
  const key = (p: { placeId: number; categoryId: number }) => `${p.placeId}:${p.categoryId}`;
  const repeating = new Set(rows.filter((r) => r.repeat).map(key));
  const flagged = new Set(flags.map(key));
  for (const flag of flags) if (!repeating.has(key(flag))) await deleteFaultFlag(deps.db.kysely, flag);
  let told = 0;
  for (const row of rows) if (row.repeat && !flagged.has(key(row)) && (await flagAndTell(deps, row, now))) told++;
  return told;
}

/** Runs the repeat-fault signal every few minutes in whichever process runs the workers. */
export class RepeatFaultJob {
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly deps: RepeatFaultDeps & {
      logger: Logger;
      onQueued: () => void;
      /** Between runs; the first comes 20 s after start(). Default 5 minutes. */
      intervalMs?: number;
    },
  ) {
    this.loop = new BackgroundLoop({
      name: 'repeat-faults',
      logger: deps.logger,
      pollMs: deps.intervalMs ?? 5 * 60_000,
      firstPassAfterMs: 20_000,
      pass: async () => void (await this.runOnce()),
      onError: (err) => deps.logger.warn({ err }, 'repeat-fault signal failed'),
    });
  }

  async runOnce(): Promise<number> {
    const told = await signalRepeatFaults(this.deps);
    if (told) {
      this.deps.logger.info({ told }, 'repeat faults flagged');
      this.deps.onQueued();
    }
    return told;
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }
}
