import type { Dialect } from '../../src/db/create-db';
import type { Logger } from '../../src/logger';
import { Metrics } from '../../src/observability/metrics';
import { startTestApp, type TestApp } from '../support/test-app';
import { Scrape } from './prometheus-text';

export const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

export interface ObservedApp extends TestApp {
  /** GET /metrics with the token, parsed. */
  scrape(): Promise<Scrape>;
}

/**
 * The test app with METRICS_TOKEN set and ticket counts read at every scrape, so a test sees each
 * new ticket. With `handle: false` the webhook only stores messages (like RUN_WORKER=false).
 * Closing tolerates a database a test has already destroyed.
 */
export async function startObservedApp(
  dialect: Dialect,
  opts: { env?: Record<string, string>; handle?: boolean; logger?: Logger } = {},
): Promise<ObservedApp> {
  const app = await startTestApp(
    dialect,
    { METRICS_TOKEN, ...opts.env },
    {
      logger: opts.logger,
      handle: opts.handle,
      metrics: ({ db, clock, config }) =>
        new Metrics({ db, clock, device: config.fonnte.device, dryRun: config.fonnte.dryRun, ticketCountsTtlMs: 0 }),
    },
  );
  return {
    ...app,
    async scrape() {
      const res = await app.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
      if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      return new Scrape(res.text);
    },
    close: () => app.close().catch(() => undefined),
  };
}
