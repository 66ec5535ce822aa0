// The Docker deployment, proven without a Docker engine: the image's file system rebuilt from the
// Dockerfile (image-layout.ts), the services run with exactly the environment docker-compose.yml
// gives them (read with a YAML parser, interpolated from a .env made from .env.example), as an
// unprivileged user, against a real MariaDB. What Docker itself would add (its network, the
// base image's node, registry pulls) is mapped or stood in for, each where it happens below.
import { execFileSync } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { projectRoot } from '../../src/shared/paths';
import { freePort } from '../support/app-process';
import { startFakeFonnte, type FakeFonnte } from '../support/fake-fonnte';
import { textMessage } from '../support/fonnte-payloads';
import { PNG_BYTES, serve, startHttpsFixture, type HttpsFixture } from '../support/https-fixture';
import { createMysqlTestDatabase, type MysqlTestDatabase } from '../support/mysql-databases';
import { DEVICE } from '../support/test-app';
import { loadCompose, ComposeError, serviceEnvironment, type ComposeFile } from './compose';
import { containerEnv, execIn, startContainer, type Container } from './container';
import { buildImageLayout, type ImageLayout, type RunAs } from './image-layout';

const COMPOSE = path.join(projectRoot, 'docker-compose.yml');
/** The image's `node` user: nobody here, so the service cannot own anything it was not given. */
const runAs: RunAs | undefined = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
const ADMIN = { username: 'admin.kampus', password: 'first admin password' };
const WEBHOOK_SECRET = 'compose-webhook-secret-0123456789';

/** An operator's .env: .env.example with the "Docker Compose" block and the service's settings filled in. */
function dotenvFrom(values: Record<string, string>): string {
  let text = readFileSync(path.join(projectRoot, '.env.example'), 'utf8');
  for (const [key, value] of Object.entries(values)) {
    const line = new RegExp(`^${key}=.*$`, 'm');
    text = line.test(text) ? text.replace(line, `${key}=${value}`) : `${text}\n${key}=${value}\n`;
  }
  return text;
}

async function waitUntil<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number, context: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} not within ${timeoutMs} ms\n${context()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('Docker image and compose deployment, rebuilt without Docker, on MariaDB', () => {
  let work: string;
  let layout: ImageLayout;
  let fake: FakeFonnte;
  let files: HttpsFixture;
  let tdb: MysqlTestDatabase;
  let caFile: string;
  const running: Container[] = [];

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'wa-image-'));
    chmodSync(work, 0o755);
    layout = buildImageLayout({ context: projectRoot, workDir: work, runAs });
    // Without root the files cannot be given away: take the write bits instead.
    if (!runAs) execFileSync('chmod', ['-R', 'a-w', layout.hostPath(layout.workdir)]);
    [fake, files, tdb] = await Promise.all([startFakeFonnte(), startHttpsFixture(), createMysqlTestDatabase()]);
    files.route('/kamar-mandi.png', serve(PNG_BYTES, 'image/png'));
    caFile = path.join(work, 'files-ca.pem');
    writeFileSync(caFile, files.ca, { mode: 0o644 });
  }, 300_000);

  afterAll(async () => {
    await Promise.all(running.map((c) => c.stop('SIGKILL')));
    await Promise.all([fake?.close(), files?.close(), tdb?.drop()]);
    if (work) {
      execFileSync('chmod', ['-R', 'u+w', work]);
      rmSync(work, { recursive: true, force: true });
    }
  });

  /** compose's view of the project with this .env; the service's environment as Docker would give it, on this machine. */
  async function service(name: string, dotenv: string) {
    const compose: ComposeFile = loadCompose(COMPOSE, dotenv);
    const svc = compose.services[name];
    if (!svc) throw new Error(`no service ${name} in docker-compose.yml`);
    const env = containerEnv(
      layout,
      serviceEnvironment(svc, () => dotenv),
    );
    // Docker's network: the `db` service's name and port lead to the test's MariaDB, its database
    // (MARIADB_DATABASE) is a throwaway one, and its user is made as the mariadb image makes it.
    const dbEnv = serviceEnvironment(compose.services.db!, () => '');
    const url = new URL(env.DATABASE_URL!);
    expect(url.host).toBe('db:3306');
    expect({ user: url.username, password: decodeURIComponent(url.password), database: url.pathname.slice(1) }).toEqual({
      user: dbEnv.MARIADB_USER,
      password: dbEnv.MARIADB_PASSWORD,
      database: dbEnv.MARIADB_DATABASE,
    });
    await createDatabaseUser(dbEnv.MARIADB_USER!, dbEnv.MARIADB_PASSWORD!, tdb.name);
    const server = new URL(tdb.url);
    url.host = server.host;
    url.pathname = `/${tdb.name}`;
    env.DATABASE_URL = url.toString();
    // Its published port: each container listens on its own port here, as on its own network.
    const ports: Record<string, string> = {};
    for (const key of ['PORT', 'WORKER_PORT']) {
      if (env[key]) {
        const port = String(await freePort());
        ports[env[key]!] = port;
        env[key] = port;
      }
    }
    const healthcheck = svc.healthcheck?.test.map((arg) =>
      arg.replace(/127\.0\.0\.1:(\d+)/g, (m, p: string) => (ports[p] ? `127.0.0.1:${ports[p]}` : m)),
    );
    const command = svc.command ?? layout.cmd;
    return { env, command, healthcheck, base: env.PORT ? `http://127.0.0.1:${env.PORT}` : undefined };
  }

  async function createDatabaseUser(user: string, password: string, database: string): Promise<void> {
    const conn = await mysql.createConnection(tdb.url);
    try {
      await conn.query('CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?', [user, '%', password]);
      await conn.query('ALTER USER ?@? IDENTIFIED BY ?', [user, '%', password]);
      await conn.query(`GRANT ALL PRIVILEGES ON \`${database}\`.* TO ?@?`, [user, '%']);
    } finally {
      await conn.end();
    }
  }

  async function up(name: string, dotenv: string) {
    const s = await service(name, dotenv);
    const container = startContainer(layout, s.command, s.env, runAs);
    running.push(container);
    const exitedEarly = container.exited.then((code) => {
      throw new Error(`${name} exited (${code}) before it was healthy:\n${container.output()}`);
    });
    if (!s.healthcheck || s.healthcheck[0] !== 'CMD') throw new Error(`${name}: healthcheck must be ["CMD", …]`);
    // Docker runs the healthcheck inside the container: same user, same environment.
    const healthy = waitUntil(
      `${name} healthy`,
      async () => ((await execIn(layout, s.healthcheck!.slice(1), s.env, runAs)).code === 0 ? true : undefined),
      90_000,
      container.output,
    );
    await Promise.race([healthy, exitedEarly]);
    exitedEarly.catch(() => undefined);
    return { ...s, container };
  }

  const settings = () => ({
    WEBHOOK_SECRET,
    JWT_SECRET: 'compose-jwt-secret-0123456789abcdef0123456789',
    DB_PASSWORD: 'wa db password',
    DB_ROOT_PASSWORD: 'root db password',
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    FONNTE_TOKEN: 'compose-device-token',
    FONNTE_DEVICE: DEVICE,
    FONNTE_API_URL: fake.url,
    PUBLIC_URL: 'https://helpdesk.kampus.test',
    // The stand-in for Fonnte's file host listens on this machine, with a certificate of its own.
    MEDIA_ALLOWED_HOSTS: '127.0.0.1',
    MEDIA_ALLOW_PRIVATE_NETWORK: 'true',
    NODE_EXTRA_CA_CERTS: caFile,
    LOG_LEVEL: 'warn',
  });

  test("The image holds compiled code and production dependencies only, read-only to the service user; its volume is the user's", () => {
    const app = layout.hostPath(layout.workdir);
    expect(layout.user).toBe('node');
    for (const dev of ['tsx', 'typescript', 'jest', 'ts-jest', 'supertest', 'playwright-core']) {
      expect({ dev, present: existsIn(path.join(app, 'node_modules', dev)) }).toEqual({ dev, present: false });
    }
    expect(existsIn(path.join(app, 'src'))).toBe(false);
    expect(existsIn(path.join(app, 'dist/src/cli/index.js'))).toBe(true);
    expect(statSync(path.join(app, 'bin/wa-ticketing')).mode & 0o111).not.toBe(0);
    // The service cannot change its own code…
    const write = spawnAs(['node', '-e', `require('fs').writeFileSync(${JSON.stringify(path.join(app, 'dist/tampered.js'))}, 'x')`]);
    expect(write.code).not.toBe(0);
    expect(write.out).toMatch(/EACCES|EROFS|permission denied/i);
    // …and can write where compose mounts its named volume.
    const compose = loadCompose(COMPOSE, dotenvFrom(settings()));
    const volume = compose.services.app!.volumes!.map((v) => v.split(':')[1]!).find((target) => layout.volumes.includes(target));
    expect(volume).toBe('/var/lib/wa-ticketing');
    const probe = spawnAs([
      'node',
      '-e',
      `require('fs').writeFileSync(${JSON.stringify(path.join(layout.hostPath(volume!), 'media', 'probe'))}, 'x')`,
    ]);
    expect(probe).toMatchObject({ code: 0 });
  });

  test('compose refuses to start without a secret, naming it', () => {
    for (const missing of ['DB_PASSWORD', 'DB_ROOT_PASSWORD', 'WEBHOOK_SECRET', 'JWT_SECRET']) {
      const dotenv = dotenvFrom({ ...settings(), [missing]: '' });
      expect(() => loadCompose(COMPOSE, dotenv)).toThrow(ComposeError);
      expect(() => loadCompose(COMPOSE, dotenv)).toThrow(new RegExp(`${missing}.*set ${missing} in .env`));
    }
  });

  test('docker compose up: healthy, the first Administrator signs in, a webhook becomes a ticket and a reply, its photo lands in the volume', async () => {
    const app = await up('app', dotenvFrom(settings()));
    const base = app.base!;
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };

    const reporter = '6281234509876';
    const hook = await fetch(`${base}/webhooks/fonnte?secret=${WEBHOOK_SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        textMessage(reporter, '#request kran kamar mandi lantai 2 bocor', {
          type: 'image',
          url: `https://127.0.0.1:${files.port}/kamar-mandi.png`,
          filename: 'kamar-mandi.png',
          extension: 'png',
        }),
      ),
    });
    expect(hook.status).toBe(200);

    const reply = await waitUntil(
      'the reply at the gateway',
      async () => fake.received.find((s) => s.target === reporter),
      30_000,
      app.container.output,
    );
    const trackingNo = /BRT\d{7}/.exec(reply.message)?.[0];
    expect(trackingNo).toBeDefined();
    expect(reply.authorization).toBe('compose-device-token');

    const ticket = (await (await fetch(`${base}/api/tickets/${trackingNo}`, { headers: auth })).json()) as {
      complaint?: string;
      media: Array<{ id: number; status: string }>;
    };
    expect(JSON.stringify(ticket)).toContain('kran kamar mandi lantai 2 bocor');
    const mediaId = ticket.media[0]?.id;
    expect(mediaId).toBeDefined();
    const photo = await waitUntil(
      'the photo downloaded',
      async () => {
        const res = await fetch(`${base}/api/media/${mediaId}`, { headers: auth });
        return res.status === 200 ? Buffer.from(await res.arrayBuffer()) : undefined;
      },
      30_000,
      app.container.output,
    );
    expect(photo.equals(PNG_BYTES)).toBe(true);
    const stored = filesUnder(layout.hostPath('/var/lib/wa-ticketing/media')).filter((f) => f.endsWith('.png'));
    expect(stored).toHaveLength(1);
    expect(readFileSync(stored[0]!).equals(PNG_BYTES)).toBe(true);
    if (runAs) expect(statSync(stored[0]!).uid).toBe(runAs.uid);

    // The start output names the dashboard at PUBLIC_URL.
    await app.container.stop('SIGTERM');
    expect(app.container.output()).toContain('Dashboard:          https://helpdesk.kampus.test/');
  }, 180_000);

  test('With the worker profile and RUN_WORKER=false: app stores and acknowledges, worker handles and replies; both healthy', async () => {
    const dotenv = dotenvFrom({ ...settings(), RUN_WORKER: 'false' });
    expect(loadCompose(COMPOSE, dotenv).services.worker?.profiles).toEqual(['worker']);
    const app = await up('app', dotenv);
    const reporter = '6281234505555';
    const hook = await fetch(`${app.base}/webhooks/fonnte?secret=${WEBHOOK_SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(textMessage(reporter, '#request lampu lorong gedung B mati')),
    });
    expect(hook.status).toBe(200);
    const token = (
      (await (
        await fetch(`${app.base}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(ADMIN),
        })
      ).json()) as { token: string }
    ).token;
    const stored = (await (
      await fetch(`${app.base}/api/messages?sender=${reporter}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { items: Array<{ senderPhone: string; status: string }> };
    expect(stored.items.filter((m) => m.senderPhone === reporter).map((m) => m.status)).toEqual(['pending']);

    const worker = await up('worker', dotenv);
    const reply = await waitUntil(
      "the worker's reply at the gateway",
      async () => fake.received.find((r) => r.target === reporter),
      30_000,
      worker.container.output,
    );
    expect(reply.message).toMatch(/BRT\d{7}/);
    await Promise.all([app.container.stop('SIGTERM'), worker.container.stop('SIGTERM')]);
    expect(await worker.container.exited).toBe(0);
  }, 180_000);

  test("The README's `docker compose exec` lines run in the app container as written", async () => {
    const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('\n## Deployment'), readme.indexOf('\n## ', readme.indexOf('\n## Deployment') + 5));
    const lines = [...section.matchAll(/^\s*(?:printf '%s\\n' '([^']*)' \| )?docker compose exec (?:-T )?(\w+) (wa-ticketing .*)$/gm)];
    expect(lines.map((m) => m[3]!.split(' ').slice(0, 2).join(' '))).toEqual(
      expect.arrayContaining(['wa-ticketing admin', 'wa-ticketing migrate']),
    );
    for (const [line, stdin, serviceName, command] of lines) {
      const s = await service(serviceName!, dotenvFrom(settings()));
      const argv = shellWords(command!);
      const result = await execIn(layout, argv, s.env, runAs, stdin ? `${stdin}\n` : '');
      expect({ line, ...result }).toMatchObject({ line, code: 0 });
      if (argv[1] === 'admin') expect(result.out).toMatch(/(Created|Reset) Administrator/);
    }
  }, 120_000);

  /** Runs a command as the service user, with nothing of the container's environment: for file checks. */
  function spawnAs(argv: string[]): { code: number | null; out: string } {
    try {
      const out = execFileSync(argv[0]!, argv.slice(1), { stdio: 'pipe', ...(runAs ?? {}) }).toString();
      return { code: 0, out };
    } catch (err) {
      const e = err as { status: number | null; stderr?: Buffer; stdout?: Buffer };
      return { code: e.status ?? -1, out: `${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}` };
    }
  }
});

/** A command line split as a POSIX shell would for plain words and "double" or 'single' quotes. */
function shellWords(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

function existsIn(p: string): boolean {
  try {
    accessSync(p, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}
