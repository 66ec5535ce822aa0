import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import type { Dialect } from '../../src/db/create-db';
import { createLogger, type Logger } from '../../src/logger';
import { Metrics } from '../../src/observability/metrics';
import { Readiness } from '../../src/observability/readiness';
import { createServices, type Services } from '../../src/services';
import { startFakeFonnte, type FakeFonnte } from '../support/fake-fonnte';
import { ManualClock } from '../support/manual-clock';
import { DEVICE } from '../support/test-app';
import { openTestDb, type TestDb } from '../support/test-db';
import { Scrape } from './prometheus-text';

export const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

export interface ObservedApp {
  config: Config;
  tdb: TestDb;
  clock: ManualClock;
  fonnte: FakeFonnte;
  services: Services;
  readiness: Readiness;
  http: ReturnType<typeof request>;
  postWebhook(payload: unknown, secret?: string): Promise<request.Response>;
  /** GET /metrics with the token, parsed. */
  scrape(): Promise<Scrape>;
  close(): Promise<void>;
}

/**
 * The web app as the entry point wires it (services.metrics and a Readiness passed to createApp),
 * listening on a real port, on a fresh database, Fonnte faked. With `handle: false` the webhook
 * only stores messages (like RUN_WORKER=false): the test handles them when it chooses.
 */
export async function startObservedApp(
  dialect: Dialect,
  opts: { env?: Record<string, string>; handle?: boolean; logger?: Logger } = {},
): Promise<ObservedApp> {
  const tdb = await openTestDb(dialect);
  const fonnte = await startFakeFonnte();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: tdb.url,
    FONNTE_TOKEN: 'test-token',
    FONNTE_API_URL: fonnte.url,
    FONNTE_DEVICE: DEVICE,
    WEBHOOK_SECRET: 'test-secret',
    METRICS_TOKEN,
    ...opts.env,
  });
  const logger = opts.logger ?? createLogger('silent');
  const clock = new ManualClock(Date.UTC(2024, 8, 16, 11, 26, 28));
  // As the entry point may build it; ticket counts read at every scrape so a test sees each new ticket.
  const metrics = new Metrics({ db: tdb.db, clock, device: config.fonnte.device, dryRun: config.fonnte.dryRun, ticketCountsTtlMs: 0 });
  const services = createServices({ config, db: tdb.db, logger, clock, metrics });
  const readiness = new Readiness({ db: tdb.db });
  const processor = opts.handle === false ? { notify: () => undefined } : services.processor;
  const app = createApp({
    config,
    db: tdb.db,
    logger,
    clock,
    processor,
    tokens: services.tokens,
    notifyOutbox: () => services.outbox.notify(),
    readiness,
    metrics: services.metrics,
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const http = request(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return {
    config,
    tdb,
    clock,
    fonnte,
    services,
    readiness,
    http,
    postWebhook: (payload, secret = 'test-secret') =>
      http.post(`/webhooks/fonnte?secret=${encodeURIComponent(secret)}`).send(payload as object),
    async scrape() {
      const res = await http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
      if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      return new Scrape(res.text);
    },
    async close() {
      await services.processor.stop();
      await services.outbox.stop();
      await new Promise((r) => server.close(r));
      await fonnte.close();
      await tdb.close().catch(() => undefined);
    },
  };
}
