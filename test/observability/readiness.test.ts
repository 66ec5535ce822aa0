import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Migrator } from 'kysely';
import request from 'supertest';
import { migrationProvider } from '../../migrations';
import { createDb, type Db } from '../../src/db/create-db';
import { migrateToLatest } from '../../src/db/migrate';
import { createLogger } from '../../src/logger';
import { Metrics } from '../../src/observability/metrics';
import { createOpsApp } from '../../src/ops-app';
import { Readiness } from '../../src/observability/readiness';
import { ManualClock } from '../support/manual-clock';
import { createMysqlTestDatabase } from '../support/mysql-databases';
import { describeEachDialect } from '../support/test-db';
import { METRICS_TOKEN, startObservedApp, type ObservedApp } from './observed-app';
import { Scrape } from './prometheus-text';

describeEachDialect('GET /healthz, /readyz and /health on the web app', (dialect) => {
  let app: ObservedApp;
  beforeAll(async () => {
    app = await startObservedApp(dialect);
  });
  afterAll(() => app.close());

  test('When the database answers and is migrated, then all three answer 200', async () => {
    const healthz = await app.http.get('/healthz');
    expect([healthz.status, healthz.body]).toEqual([200, { status: 'ok' }]);
    const readyz = await app.http.get('/readyz');
    expect([readyz.status, readyz.body]).toEqual([200, { status: 'ok', database: dialect }]);
    // The old shape, for compose files and monitors written before /readyz.
    const health = await app.http.get('/health');
    expect([health.status, health.body]).toEqual([200, { status: 'ok', database: dialect }]);
  });

  test('When the process begins shutting down, then /readyz and /health answer 503 while /healthz stays 200', async () => {
    app.readiness.markShuttingDown();
    const readyz = await app.http.get('/readyz');
    expect([readyz.status, readyz.body]).toEqual([503, { status: 'shutting_down', database: dialect }]);
    const health = await app.http.get('/health');
    expect([health.status, health.body]).toEqual([503, { status: 'unavailable', database: dialect, reason: 'shutting_down' }]);
    expect((await app.http.get('/healthz')).status).toBe(200);
  });
});

describeEachDialect('createOpsApp (the worker’s port)', (dialect) => {
  let db: Db;
  let drop: () => Promise<void> = async () => undefined;
  let server: Server;
  let http: ReturnType<typeof request>;
  let readiness: Readiness;

  beforeAll(async () => {
    let url = 'sqlite::memory:';
    if (dialect === 'mysql') {
      const created = await createMysqlTestDatabase();
      url = created.url;
      drop = created.drop;
    }
    db = createDb(url);
    // Only the first migration: the schema this build expects is not there yet.
    const { error } = await new Migrator({ db: db.kysely, provider: migrationProvider(db.dialect) }).migrateTo('0001-initial');
    if (error) throw error;
    readiness = new Readiness({ db });
    const metrics = new Metrics({ db, clock: new ManualClock(Date.now()), device: undefined, dryRun: true, processMetrics: false });
    const app = createOpsApp({ db, readiness, metrics, config: { metricsToken: METRICS_TOKEN }, logger: createLogger('silent') });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    http = request(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await db.destroy().catch(() => undefined);
    await drop();
  });

  test('When a migration is pending, then /readyz answers 503 naming it while /healthz answers 200; once migrated, 200', async () => {
    const all = Object.keys(await migrationProvider(dialect).getMigrations());
    const pending = await http.get('/readyz');
    expect(pending.status).toBe(503);
    expect(pending.body).toEqual({ status: 'migrations_pending', database: dialect, pending: all.slice(1) });
    expect((await http.get('/health')).status).toBe(503);
    expect((await http.get('/healthz')).status).toBe(200);

    await migrateToLatest(db);
    const ready = await http.get('/readyz');
    expect([ready.status, ready.body]).toEqual([200, { status: 'ok', database: dialect }]);
  });

  test('When asked for /metrics, then it needs the token; any other path is 404', async () => {
    expect((await http.get('/metrics')).status).toBe(401);
    const res = await http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
    expect(res.status).toBe(200);
    const s = new Scrape(res.text);
    expect(s.value('wa_ticketing_gateway_dry_run')).toBe(1);
    expect(s.value('wa_ticketing_metrics_database_up')).toBe(1);
    expect((await http.get('/api/tickets')).status).toBe(404);
    expect((await http.post('/webhooks/fonnte')).status).toBe(404);
  });

  test('When the database goes away, then /readyz answers 503 database_unavailable and /healthz still 200', async () => {
    await db.destroy();
    const res = await http.get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'database_unavailable', database: dialect });
    expect((await http.get('/healthz')).status).toBe(200);
  });
});
