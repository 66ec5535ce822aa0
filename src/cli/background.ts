import type { BackgroundService } from '../background/background-loop';
import type { Config } from '../config';
import { createDb, type Db } from '../db/create-db';
import type { Logger } from '../logger';
import type { Services } from '../services';

/**
 * The background loops a process runs, in the order they start and stop: message handling first
 * (on stop it handles every stored message and queues their replies), the draft prompts, then the
 * outbox sender (it sends what is in flight), photo downloads, auto-close, the SLA alerts, the
 * repeat-fault signal, the retention rules, the statistics' summary of closed days. Each stop() waits for its pass in flight.
 */
function backgroundOf(services: Services): BackgroundService[] {
  return [
    services.processor,
    services.drafts,
    services.outbox,
    services.media,
    services.autoClose,
    services.sla,
    services.repeatFaults,
    services.retention,
    services.statsSummary,
  ];
}

export function startBackground(services: Services): void {
  for (const loop of backgroundOf(services)) loop.start();
}

export async function stopBackground(services: Services): Promise<void> {
  for (const loop of backgroundOf(services)) await loop.stop();
}

/**
 * Runs `stop` once on SIGTERM or SIGINT, then exits; a second signal while stopping is ignored,
 * and a stop that hangs is cut short so an orchestrator's kill timeout is never the only way out.
 */
export function exitOnSignal(stop: (signal: string) => Promise<void>, forceAfterMs = 25_000): void {
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(1), forceAfterMs).unref();
    stop(signal).then(
      () => {
        clearTimeout(force);
        process.exit(0);
      },
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
}

/** How a long-running process (serve, worker) opens its database: SQLite's checkpoints off the event loop. */
export function longRunningDb(config: Pick<Config, 'databaseUrl' | 'databasePoolSize'>, logger: Logger): Db {
  return createDb(config.databaseUrl, {
    poolSize: config.databasePoolSize,
    backgroundCheckpoints: {
      onFailure: (err) => logger.warn({ err }, 'SQLite checkpoint worker stopped; the writing thread checkpoints again'),
    },
  });
}
