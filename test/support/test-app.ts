import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import type { Dialect } from '../../src/db/create-db';
import { createLogger, type Logger } from '../../src/logger';
import type { Metrics } from '../../src/observability/metrics';
import { Readiness } from '../../src/observability/readiness';
import { createServices, type Services } from '../../src/services';
import { startFakeFonnte, type FakeFonnte, type ReceivedSend } from './fake-fonnte';
import { textMessage } from './fonnte-payloads';
import { openTestDb, type TestDb } from './test-db';
import { ManualClock } from './manual-clock';

export interface TestApp {
  config: Config;
  tdb: TestDb;
  db: TestDb['db'];
  clock: ManualClock;
  fonnte: FakeFonnte;
  services: Services;
  /** The process's readiness, as `serve` passes it to createApp. */
  readiness: Readiness;
  server: Server;
  baseUrl: string;
  /** supertest bound to the real listening server. */
  http: ReturnType<typeof request>;
  /** Posts a raw payload to the webhook with the right secret. */
  postWebhook(payload: unknown, opts?: { secret?: string; form?: boolean }): Promise<request.Response>;
  /** Sends `text` from `from` through the webhook and returns the messages Fonnte received because of it. */
  say(from: string, text: string, extra?: Record<string, unknown>): Promise<ReceivedSend[]>;
  /** Waits until every accepted message is processed and every due reply was handed to the fake Fonnte. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export const DEVICE = '6281100000000';

/** What a test may wire differently from `serve`. */
export interface TestAppWiring {
  logger?: Logger;
  /** This process's metrics, built from the app's database and clock; default the services' own. */
  metrics?: (deps: { db: TestDb['db']; clock: ManualClock; config: Config }) => Metrics;
  /** false: the webhook only stores messages (as with RUN_WORKER=false); the test handles them when it chooses. */
  handle?: boolean;
}

/**
 * A running service on a fresh database, wired as `serve` wires it (services, readiness and
 * metrics passed to createApp), with Fonnte faked at the HTTP boundary.
 */
export async function startTestApp(dialect: Dialect, env: Record<string, string> = {}, wiring: TestAppWiring = {}): Promise<TestApp> {
  const tdb = await openTestDb(dialect);
  const fonnte = await startFakeFonnte();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: tdb.url,
    FONNTE_TOKEN: 'test-token',
    FONNTE_API_URL: fonnte.url,
    FONNTE_DEVICE: DEVICE,
    WEBHOOK_SECRET: 'test-secret',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  const logger = wiring.logger ?? createLogger(config.logLevel);
  const clock = new ManualClock(Date.UTC(2024, 8, 16, 11, 26, 28));
  const metrics = wiring.metrics?.({ db: tdb.db, clock, config });
  const services = createServices({ config, db: tdb.db, logger, clock, metrics });
  const readiness = new Readiness({ db: tdb.db });
  const app = createApp({
    config,
    db: tdb.db,
    logger,
    clock,
    processor: wiring.handle === false ? { notify: () => undefined } : services.processor,
    tokens: services.tokens,
    notifyOutbox: () => services.outbox.notify(),
    readiness,
    metrics: services.metrics,
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const http = request(baseUrl);
  const testApp: TestApp = {
    config,
    tdb,
    db: tdb.db,
    clock,
    fonnte,
    services,
    readiness,
    server,
    baseUrl,
    http,
    postWebhook(payload, opts = {}) {
      const req = http.post(`/webhooks/fonnte?secret=${encodeURIComponent(opts.secret ?? 'test-secret')}`);
      return opts.form ? req.type('form').send(payload as Record<string, string>) : req.send(payload as object);
    },
    async say(from, text, extra) {
      const before = fonnte.received.length;
      const res = await testApp.postWebhook(textMessage(from, text, extra));
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${JSON.stringify(res.body)}`);
      await testApp.settle();
      return fonnte.received.slice(before);
    },
    async settle() {
      await services.processor.whenIdle();
      await services.outbox.drain();
    },
    async close() {
      await services.processor.stop();
      await services.outbox.stop();
      await new Promise((r) => server.close(r));
      await fonnte.close();
      await tdb.close();
    },
  };
  return testApp;
}
