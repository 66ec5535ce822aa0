import type { Config } from './config';
import type { Db } from './db/create-db';
import { createCommandRegistry } from './commands';
import type { CommandRegistry } from './commands/command-registry';
import { InboundProcessor } from './features/inbound/inbound.processor';
import { createFonnteClient } from './gateway/fonnte-client';
import { OutboxWorker } from './gateway/outbox-worker';
import type { Logger } from './logger';
import type { Clock } from './shared/clock';
import { createTokenService, type TokenService } from './features/auth/token.service';
import { AutoCloseJob } from './features/tickets/auto-close.job';

export interface Services {
  registry: CommandRegistry;
  processor: InboundProcessor;
  outbox: OutboxWorker;
  tokens: TokenService;
  autoClose: AutoCloseJob;
}

/** Builds the long-lived parts shared by the web process, the worker process and the tests. */
export function createServices(deps: { config: Config; db: Db; logger: Logger; clock: Clock }): Services {
  const { config, db, logger, clock } = deps;
  const client = config.fonnte.dryRun ? null : createFonnteClient({ apiUrl: config.fonnte.apiUrl, token: config.fonnte.token! });
  const outbox = new OutboxWorker({
    db,
    clock,
    logger: logger.child({ component: 'outbox' }),
    client,
    maxAttempts: config.outboxMaxAttempts,
  });
  const registry = createCommandRegistry();
  const processor = new InboundProcessor({
    db,
    config,
    clock,
    logger: logger.child({ component: 'inbound' }),
    registry,
    onQueued: () => outbox.notify(),
  });
  const tokens = createTokenService(config.jwt.secret, config.jwt.ttlMinutes, clock);
  const autoClose = new AutoCloseJob({ db, config, clock, logger: logger.child({ component: 'auto-close' }), onQueued: () => outbox.notify() });
  return { registry, processor, outbox, tokens, autoClose };
}
