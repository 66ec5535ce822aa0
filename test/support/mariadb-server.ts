// Throwaway private MariaDB for tests: own data dir, port and socket; never the system service.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';

export interface MariaDbServer {
  /** mysql://root@127.0.0.1:PORT/ (no database selected) */
  url: string;
  port: number;
  dataDir: string;
  pid: number;
  /** SIGTERM, wait for a clean shutdown, then delete the data dir if this harness created it. */
  stop(): Promise<void>;
  /** SIGKILL and wait for exit. Keeps the data dir so a restart on it exercises crash recovery. */
  kill(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;
const isRoot = process.getuid?.() === 0;
// Dirs mkdtemp'd by this process. A restart on one inherits it, so the last server's stop() deletes it.
const createdDirs = new Set<string>();
const running = new Set<ChildProcess>();

// Debian puts mariadbd in /usr/sbin, which a non-login PATH often lacks.
export function findMariaDbBinaries(): { mariadbd: string; installDb: string } | null {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin', '/usr/bin'];
  const find = (name: string) =>
    dirs
      .filter(Boolean)
      .map((dir) => path.join(dir, name))
      .find((file) => {
        try {
          fs.accessSync(file, fs.constants.X_OK);
          return fs.statSync(file).isFile();
        } catch {
          return false;
        }
      });
  const mariadbd = find('mariadbd');
  const installDb = find('mariadb-install-db');
  return mariadbd && installDb ? { mariadbd, installDb } : null;
}

/** opts.dataDir restarts on existing data (skipping install-db), typically with the old port after kill(). */
export async function startMariaDb(opts: { dataDir?: string; port?: number } = {}): Promise<MariaDbServer> {
  const bins = findMariaDbBinaries();
  if (!bins) throw new Error('mariadbd / mariadb-install-db not found (install mariadb-server)');
  const fresh = !opts.dataDir;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'wt-mariadb-'));
  if (fresh) createdDirs.add(dataDir);
  // Beside the data dir, not in it (a directory there would show up as a database).
  const tmpDir = `${dataDir}.tmp`;
  fs.mkdirSync(tmpDir, { recursive: true });
  if (fresh) createdDirs.add(tmpDir);
  const socketPath = path.join(dataDir, 'mariadbd.sock');
  const logPath = path.join(dataDir, 'mariadbd.log');
  // mariadbd refuses to run as root unless told to. Non-root needs no --user (and may lack a passwd entry).
  const asUser = isRoot ? ['--user=root'] : [];
  let child: ChildProcess | undefined;
  try {
    if (fresh) {
      // --rpm: otherwise install-db run with --user chowns the system's /usr/lib/mysql/plugin/auth_pam_tool_dir.
      await promisify(execFile)(
        bins.installDb,
        [
          '--no-defaults',
          '--auth-root-authentication-method=normal',
          `--datadir=${dataDir}`,
          `--tmpdir=${tmpDir}`,
          ...asUser,
          '--skip-test-db',
          '--skip-name-resolve',
          '--rpm',
        ],
        { timeout: START_TIMEOUT_MS },
      );
    }
    const port = opts.port ?? (await freePort());
    const args = [
      '--no-defaults',
      `--datadir=${dataDir}`,
      '--bind-address=127.0.0.1',
      `--port=${port}`,
      `--socket=${socketPath}`,
      `--pid-file=${path.join(dataDir, 'mariadbd.pid')}`,
      '--skip-log-bin',
      '--innodb-buffer-pool-size=256M',
      '--max-connections=500',
      '--innodb-flush-log-at-trx-commit=1',
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_unicode_ci',
      '--default-time-zone=+00:00',
      '--skip-name-resolve',
      ...asUser,
      // Its own temp dir: at start mariadbd deletes leftover #sql* files in its tmpdir, and with a shared
      // /tmp a restarted server (the crash tests) deleted other servers' temp tables mid-statement.
      `--tmpdir=${tmpDir}`,
      // A restart on the old port right after kill() can race the dead server's socket teardown.
      '--port-open-timeout=10',
    ];
    const logFd = fs.openSync(logPath, 'a');
    try {
      child = spawn(bins.mariadbd, args, { stdio: ['ignore', logFd, logFd] });
    } finally {
      fs.closeSync(logFd);
    }
    track(child);
    await waitUntilReady(child, socketPath, logPath);
    const url = `mysql://root@127.0.0.1:${port}/`;
    if (fresh) await allowRootOverTcp(socketPath);
    await query({ uri: url }, 'SELECT 1').catch((err: Error) => {
      throw new Error(`MariaDB on port ${port} rejects passwordless root over TCP: ${err.message}`);
    });
    const proc = child;
    return {
      url,
      port,
      dataDir,
      pid: proc.pid!,
      async stop() {
        await terminate(proc, 'SIGTERM');
        for (const dir of [dataDir, tmpDir]) if (createdDirs.delete(dir)) fs.rmSync(dir, { recursive: true, force: true });
      },
      kill: () => terminate(proc, 'SIGKILL'),
    };
  } catch (err) {
    if (child) await terminate(child, 'SIGKILL');
    for (const dir of [dataDir, tmpDir]) if (fresh && createdDirs.delete(dir)) fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function query(config: mysql.ConnectionOptions, sql: string): Promise<void> {
  const conn = await mysql.createConnection({ connectTimeout: 2000, ...config });
  try {
    await conn.query(sql);
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
}

// Polls over the socket: root@localhost exists whatever install-db did for root@127.0.0.1.
async function waitUntilReady(child: ChildProcess, socketPath: string, logPath: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.pid === undefined) throw new Error('could not spawn mariadbd');
    const exit = child.exitCode ?? child.signalCode;
    if (exit !== null) throw new Error(`mariadbd exited (${exit}) during startup:\n${tail(logPath)}`);
    try {
      return await query({ socketPath, user: 'root' }, 'SELECT 1');
    } catch (err) {
      if (Date.now() > deadline) {
        const why = (err as Error).message;
        throw new Error(`mariadbd not ready after ${START_TIMEOUT_MS / 1000}s (${why}):\n${tail(logPath)}`, { cause: err });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Which root accounts install-db creates varies by version; make passwordless TCP root explicit.
async function allowRootOverTcp(socketPath: string): Promise<void> {
  for (const sql of [
    "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1'",
    "ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY ''",
    "GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION",
  ]) {
    await query({ socketPath, user: 'root' }, sql);
  }
}

function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch (err) {
    return `(no log: ${(err as Error).message})`;
  }
}

async function terminate(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  child.ref(); // hold node open until the exit is observed
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), START_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

let hooksInstalled = false;
function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.on('error', () => undefined); // a failed spawn shows up as pid === undefined instead
  child.unref(); // a forgotten server must not keep node alive; the 'exit' hook below kills it
  if (hooksInstalled) return;
  hooksInstalled = true;
  const killAll = () => {
    for (const proc of running) proc.kill('SIGKILL');
    for (const dir of createdDirs) {
      try {
        fs.rmSync(dir, { recursive: true, force: true });
      } catch {
        // best effort while exiting
      }
    }
  };
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      // Re-raise to keep the default "die" behaviour, unless someone else handles the signal.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}
