import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import type { Dialect } from '../../src/db/create-db';
import { createLogger } from '../../src/logger';
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

/** A running service on a fresh database, with Fonnte faked at the HTTP boundary. */
export async function startTestApp(dialect: Dialect, env: Record<string, string> = {}): Promise<TestApp> {
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
  const logger = createLogger(config.logLevel);
  const clock = new ManualClock(Date.UTC(2024, 8, 16, 11, 26, 28));
  const services = createServices({ config, db: tdb.db, logger, clock });
  const app = createApp({
    config,
    db: tdb.db,
    logger,
    clock,
    processor: services.processor,
    tokens: services.tokens,
    notifyOutbox: () => services.outbox.notify(),
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
