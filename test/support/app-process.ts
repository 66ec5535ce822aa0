// The real service (`wa-ticketing serve`, from src/cli) as a child process, for tests and benchmarks that kill it.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

export interface AppProcess {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  pid: number;
  /** What the process printed so far (stdout and stderr interleaved), for failure messages. */
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` and waits for the exit. SIGKILL is the crash; SIGTERM the graceful stop. */
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface AppProcessOptions {
  /** Service configuration on top of the defaults below (DATABASE_URL, FONNTE_API_URL, …). */
  env: Record<string, string>;
  /** Fonnte's webhook URL is fixed, so a restart reuses the old port. Default: a free one. */
  port?: number;
  readyTimeoutMs?: number;
  /** The script to run, relative to the repo root; default the CLI. The bench's floor server uses this too. */
  entry?: string;
  /** Its arguments; default `serve` for the CLI, none for another entry. */
  args?: string[];
  /** The variable that gets the port: `WORKER_PORT` for `args: ['worker']`, whose health is there. */
  portVariable?: 'PORT' | 'WORKER_PORT';
  /** Extra node flags, e.g. --cpu-prof for a profile. */
  nodeArgs?: string[];
}

const root = path.resolve(__dirname, '../..');
const running = new Set<ChildProcess>();

/**
 * Starts `node --require tsx/cjs src/cli/index.ts serve` (tsx's cache makes a
 * restart take ~3 s, where `tsc` alone takes ~30 s on a 2-core machine). `node` is spawned
 * directly, never through npx, so the pid we signal is the service itself. Resolves once
 * GET /health answers 200; rejects with the process output if it exits or never gets ready.
 */
export async function startAppProcess(opts: AppProcessOptions): Promise<AppProcess> {
  const port = opts.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    // production: no .env file is read, so a developer's .env cannot change what is measured.
    NODE_ENV: 'production',
    [opts.portVariable ?? 'PORT']: String(port),
    LOG_LEVEL: 'warn',
    SEED_DEMO_DATA: 'true',
    WEBHOOK_SECRET: 'test-secret',
    FONNTE_TOKEN: 'test-token',
    JWT_SECRET: 'app-process-jwt-secret-0123456789abcdef',
    MEDIA_DIR: path.join(process.env.TMPDIR ?? '/tmp', 'wa-app-process-media'),
    ...opts.env,
  };
  const args = [
    ...(opts.nodeArgs ?? []),
    '--require',
    path.join(__dirname, 'die-with-parent.cjs'),
    '--require',
    require.resolve('tsx/cjs'),
    opts.entry ?? 'src/cli/index.ts',
    ...(opts.args ?? (opts.entry ? [] : ['serve'])),
  ];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  running.add(child);
  installExitHook();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  const app: AppProcess = {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    output: () => out,
    exited,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  try {
    await waitForHealth(app, child, opts.readyTimeoutMs ?? 30_000);
  } catch (err) {
    await app.kill('SIGKILL');
    throw err;
  }
  return app;
}

async function waitForHealth(app: AppProcess, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`service exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${app.output()}`);
    }
    if ((await healthStatus(app.url)) === 200) return;
    if (Date.now() > deadline) throw new Error(`service not ready after ${timeoutMs} ms:\n${app.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** GET /health's status, or 0 when nothing answers. */
export function healthStatus(baseUrl: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(`${baseUrl}/health`, { timeout: 2000, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

let hooked = false;
/** A test that fails half-way must not leave a service running after jest exits. */
function installExitHook(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}
