/**
 * `wa-ticketing retention [--dry-run]`: runs the retention rules now with the service's own
 * environment (RETENTION_*, MEDIA_DIR, DATABASE_URL), or with --dry-run prints what a run now would
 * change, writing nothing. Exit codes: 0 done, 1 the run stopped on an error, 64 wrong command line.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config';
import { createDb } from '../../db/create-db';
import { migrateToLatest } from '../../db/migrate';
import { createLogger } from '../../logger';
import { systemClock, type Clock } from '../../shared/clock';
import { EXIT_USAGE } from '../../shared/exit-codes';
import type { RetentionCounts, RetentionSettings } from './retention.model';
import { anyRuleOn, cutoffsAt, previewRetention, runRetention } from './retention.service';

const usage = 'usage: wa-ticketing retention [--dry-run]';

const day = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString().slice(0, 10));

/** One line per rule: its variable, its period, its cut-off and its count (or "off"). */
function report(
  s: RetentionSettings,
  cutoffs: { media: number | null; messages: number | null; anonymise: number | null },
  counts: Partial<Record<keyof RetentionCounts, number | null>>,
): string[] {
  const rule = (name: string, variable: string, period: string, cutoff: number | null, what: string) =>
    cutoff === null ? `  ${name}: off (${variable}=0)` : `  ${name} (${variable}=${period}, before ${day(cutoff)}): ${what}`;
  return [
    rule('photos', 'RETENTION_MEDIA_MONTHS', String(s.mediaMonths), cutoffs.media, `${counts.mediaRemoved ?? 0} files deleted`),
    rule(
      'messages',
      'RETENTION_MESSAGES_MONTHS',
      String(s.messagesMonths),
      cutoffs.messages,
      `${counts.inboundCleared ?? 0} inbound, ${counts.outboundCleared ?? 0} outbound and ${counts.inboxCleared ?? 0} inbox previews or drafts cleared`,
    ),
    rule(
      'reporters',
      'RETENTION_ANONYMISE_YEARS',
      String(s.anonymiseYears),
      cutoffs.anonymise,
      `${counts.ticketsAnonymised ?? 0} tickets anonymised`,
    ),
  ];
}

/** @public loaded lazily by commands.ts with require(); `env` and `clock` are for tests. */
export async function runRetentionCommand(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  clock: Clock = systemClock,
): Promise<number> {
  let dryRun: boolean;
  try {
    dryRun = parseArgs({ args: argv, options: { 'dry-run': { type: 'boolean', default: false } } }).values['dry-run'] ?? false;
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    return EXIT_USAGE;
  }
  const config = loadConfig(env);
  const settings = config.retention;
  const db = createDb(config.databaseUrl, { poolSize: 2 });
  try {
    await migrateToLatest(db);
    const now = clock.now();
    if (dryRun || !anyRuleOn(settings)) {
      const preview = await previewRetention(db, settings, now);
      console.log(dryRun ? 'Retention dry run: a run now would change' : 'Retention: every rule is off, nothing to do');
      for (const line of report(settings, preview.cutoffs, preview.counts)) console.log(line);
      return 0;
    }
    const logger = createLogger(config.logLevel).child({ component: 'retention' });
    const run = await runRetention({ db, settings, mediaDir: config.media.dir, logger, now: () => clock.now() }, 'cli');
    console.log(`Retention run ${run.id}${run.error ? ` stopped (${run.error})` : ' finished'}:`);
    for (const line of report(settings, cutoffsAt(settings, now), run.counts)) console.log(line);
    return run.error ? 1 : 0;
  } finally {
    await db.destroy();
  }
}
