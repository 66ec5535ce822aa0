import type { Config } from '../config';
import type { Db } from '../db/create-db';
import type { TokenService } from '../features/auth/token.service';
import type { Logger } from '../logger';
import type { Clock } from '../shared/clock';

/** What every /api router is built from. */
export interface ApiDeps {
  db: Db;
  config: Config;
  clock: Clock;
  logger: Logger;
  tokens: TokenService;
  /** Wakes the outbox sender after a transaction that queued messages committed. */
  notifyOutbox: () => void;
}
