// The service wired in-process like main.ts, but with a clock and an outbox sender the fault tests can steer.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createDb, type Db } from '../../src/db/create-db';
import { migrateToLatest } from '../../src/db/migrate';
import { createFonnteClient } from '../../src/fonnte/fonnte-client';
import { OutboxWorker, type OutboxWorkerOptions } from '../../src/features/outbox/outbox.worker';
import { createLogger } from '../../src/logger';
import { createServices, type Services } from '../../src/services';
import type { Clock } from '../../src/shared/clock';
import { seedDemoData } from '../../seeds/demo';

/** Wall-clock time plus an offset a test moves forward, e.g. past the sweep's 15 s or a 15-minute backoff. */
class OffsetClock implements Clock {
  offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
}

export interface InProcessService {
  url: string;
  db: Db;
  clock: OffsetClock;
  services: Services;
  /** The outbox sender actually running (not services.outbox, whose 60 s lease is too long for a test). */
  worker: OutboxWorker;
  /** Handles what a crash left: pending messages (sweep) and replies (claims past their lease, retries), with time moved on. */
  finishLeftovers(): Promise<void>;
  close(): Promise<void>;
}

/**
 * createServices + createApp on `databaseUrl`, listening on 127.0.0.1, with its own sender:
 * a 1 s client timeout and a 3 s lease, so a claim lost in a crash comes back within the test.
 */
export async function startInProcessService(
  databaseUrl: string,
  fonnteUrl: string,
  worker: Partial<OutboxWorkerOptions> = {},
): Promise<InProcessService> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    FONNTE_TOKEN: 'test-token',
    FONNTE_API_URL: fonnteUrl,
    WEBHOOK_SECRET: 'test-secret',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  });
  const logger = createLogger(config.logLevel);
  const clock = new OffsetClock();
  const db = createDb(databaseUrl, { poolSize: 10 });
  await migrateToLatest(db);
  await seedDemoData(db, clock.now());
  const services = createServices({ config, db, logger, clock });
  const sender = new OutboxWorker({
    db,
    clock,
    logger,
    client: createFonnteClient({ apiUrl: fonnteUrl, token: 'test-token', timeoutMs: 1000 }),
    maxAttempts: config.outboxMaxAttempts,
    leaseMs: 3000,
    pollMs: 100,
    ...worker,
  });
  // The processor wakes services.outbox (never started here); ours finds new replies by polling every 100 ms.
  const app = createApp({
    config,
    db,
    logger,
    clock,
    processor: services.processor,
    tokens: services.tokens,
    notifyOutbox: () => sender.notify(),
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  sender.start();
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    db,
    clock,
    services,
    worker: sender,
    async finishLeftovers() {
      await services.processor.whenIdle();
      await sender.stop();
      for (let round = 0; round < 12; round++) {
        clock.offset += 16 * 60_000; // past any lease and the longest backoff
        while ((await services.processor.sweep()) > 0);
        await services.processor.whenIdle();
        await sender.drain();
        const open = await db.kysely
          .selectFrom('outbound_messages')
          .select('id')
          .where('status', 'in', ['queued', 'sending', 'retry'])
          .execute();
        if (open.length === 0) return;
      }
      throw new Error('the outbox never emptied');
    },
    async close() {
      await new Promise((r) => server.close(r));
      await services.processor.stop();
      await sender.stop();
      await db.destroy();
    },
  };
}
