import http from 'node:http';
import { createDb, type Db } from '../../src/db/create-db';
import { startAppProcess, type AppProcess } from '../support/app-process';
import { auditDeliveries } from '../support/delivery-audit';
import { startFakeFonnte, type FakeFonnte } from '../support/fake-fonnte';
import { createMysqlTestDatabase, type MysqlTestDatabase } from '../support/mysql-databases';
import { streamWebhooks, until, type Stream } from '../support/webhook-stream';
import { requestMessages, scaled, unfinished, webhookUrl } from './fault-fixtures';

/*
 * The deployment the README's "Several instances" describes: two web processes behind one
 * address (RUN_WORKER=false, so they only store and acknowledge) and one worker process,
 * all on one MariaDB database, with Fonnte's webhooks and the desk's logins spread over both
 * web processes. Whatever process a request reaches, a message is handled once and answered
 * once, and a password guess counts once against the same limits.
 */
const ADMIN = { username: 'multi-admin', password: 'the right password 42' };
// The service's defaults (login-limiter.ts): 5 free failures per username, 20 attempts per IP a minute.
const FREE_FAILURES = 5;
const IP_ATTEMPTS = 20;

describe('two web instances and a worker on one database [mysql]', () => {
  let database: MysqlTestDatabase;
  let fake: FakeFonnte;
  let db: Db;
  const processes: AppProcess[] = [];
  const streams: Stream[] = [];

  beforeAll(async () => {
    database = await createMysqlTestDatabase();
    fake = await startFakeFonnte();
    // Sends take a moment, so the worker has several in flight while the stream goes on.
    fake.setDefault({ kind: 'delay', ms: 10 });
    db = createDb(database.url, { poolSize: 2 });
  });
  afterAll(async () => {
    for (const s of streams) s.stop();
    await Promise.allSettled(processes.map((p) => p.kill('SIGKILL')));
    await db?.destroy();
    await fake?.close();
    await database?.drop();
  });

  const env = (more: Record<string, string> = {}) => ({
    DATABASE_URL: database.url,
    FONNTE_API_URL: fake.url,
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    ...more,
  });

  test('When webhooks and wrong passwords are spread over both web instances, then every acknowledged message is one ticket with one reply sent once, and the login limits count across both', async () => {
    // The first start migrates and creates the Administrator; the others find both done.
    const a = track(await startAppProcess({ env: env({ RUN_WORKER: 'false' }) }));
    const [b, worker] = await Promise.all([
      startAppProcess({ env: env({ RUN_WORKER: 'false' }) }).then(track),
      startAppProcess({ args: ['worker'], portVariable: 'WORKER_PORT', env: env() }),
    ]);
    processes.push(worker);
    const web = [a, b];

    const messages = requestMessages('multi', scaled(200));
    const halves = [messages.filter((_, i) => i % 2 === 0), messages.filter((_, i) => i % 2 === 1)];
    const live = halves.map((half, i) =>
      streamWebhooks(half, { url: webhookUrl(web[i]!.url), concurrency: 8, retryDelayMs: 250, maxAttempts: 40 }),
    );
    streams.push(...live);

    // Meanwhile, at the desk: a username guessed alternately through A and B, each try from its own
    // address (so only the username's count can stop it).
    const guesses: number[] = [];
    for (let i = 0; i < FREE_FAILURES + 1; i++) guesses.push(await login(web[i % 2]!, ADMIN.username, `wrong ${i}`, `10.9.0.${i + 1}`));
    // Counted once, the sixth try is refused; counted per instance, it would be the eleventh.
    expect(guesses).toEqual([...Array(FREE_FAILURES).fill(401), 429]);
    // The block holds on both instances, for the right password too.
    expect(await login(a, ADMIN.username, ADMIN.password, '10.9.1.1')).toBe(429);
    expect(await login(b, ADMIN.username, ADMIN.password, '10.9.1.2')).toBe(429);

    // One address spraying names over both instances: the window is counted once.
    const spray: number[] = [];
    for (let i = 0; i < IP_ATTEMPTS + 1; i++) spray.push(await login(web[i % 2]!, `nobody-${i}`, 'guess', '10.9.2.1'));
    expect(spray).toEqual([...Array(IP_ATTEMPTS).fill(401), 429]);
    expect(await login(a, 'nobody-else', 'guess', '10.9.2.1')).toBe(429);

    const deliveries = (await Promise.all(live.map((s) => s.done))).flat();
    await until(
      async () => {
        const left = await unfinished(db.kysely);
        return left.pending === 0 && left.open === 0;
      },
      'every message handled and every reply final',
      120_000,
      250,
    );

    // Every process stops cleanly: nothing claimed is left behind.
    for (const p of [a, b, worker]) expect(await p.kill('SIGTERM')).toEqual({ code: 0, signal: null });

    const report = await auditDeliveries({ db: db.kysely, deliveries, receipts: fake.received, faults: [], expectTickets: true });
    expect(report.problems).toEqual([]);
    expect(report.acked).toBe(messages.length);
    // Both web instances really took part.
    live.forEach((s, i) => expect(s.acked()).toBe(halves[i]!.length));
    const rows = await db.kysely.selectFrom('login_limits').select('key').execute();
    expect(rows.map((r) => r.key)).toEqual(expect.arrayContaining([`login-block:${ADMIN.username}`, 'login-ip:10.9.2.1']));
  }, 240_000);

  function track(p: AppProcess): AppProcess {
    processes.push(p);
    return p;
  }
});

/** POST /api/auth/login on one instance from `ip` (the service trusts X-Forwarded-For from loopback); the status. */
function login(app: AppProcess, username: string, password: string, ip: string): Promise<number> {
  const body = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${app.url}/api/auth/login`,
      {
        method: 'POST',
        agent: false,
        timeout: 30_000,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-forwarded-for': ip },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(new Error('login timed out')));
    req.on('error', reject);
    req.end(body);
  });
}
