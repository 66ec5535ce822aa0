// Runs a command "inside" a rebuilt image layout: its working folder, its ENV under compose's
// environment, the unprivileged user, and the image's paths mapped to their host places.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import type { ImageLayout, RunAs } from './image-layout';

export interface Container {
  output(): string;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The container's environment: the image's ENV, then compose's (env_file, environment), image paths mapped. */
export function containerEnv(layout: ImageLayout, composeEnv: Record<string, string>): Record<string, string> {
  const merged: Record<string, string> = { HOME: '/tmp', ...layout.env, ...composeEnv };
  return Object.fromEntries(Object.entries(merged).map(([k, v]) => [k, layout.mapValue(v)]));
}

/** argv[0] looked up on the container's PATH, as Docker does for an exec-form command. */
function resolveCommand(argv0: string, env: Record<string, string>): string {
  if (argv0.includes('/')) return argv0;
  for (const dir of (env.PATH ?? '').split(':')) {
    const candidate = path.join(dir, argv0);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new Error(`${argv0}: not found on the container's PATH (${env.PATH})`);
}

export function startContainer(layout: ImageLayout, argv: string[], env: Record<string, string>, runAs: RunAs | undefined): Container {
  const child: ChildProcess = spawn(resolveCommand(argv[0]!, env), argv.slice(1), {
    cwd: layout.hostPath(layout.workdir),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(runAs ?? {}),
  });
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-40_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    output: () => out,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** `docker compose exec`: a command in the same environment, run to its end. */
export function execIn(
  layout: ImageLayout,
  argv: string[],
  env: Record<string, string>,
  runAs: RunAs | undefined,
  stdin = '',
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(resolveCommand(argv[0]!, env), argv.slice(1), { cwd: layout.hostPath(layout.workdir), env, ...(runAs ?? {}) });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (err) => resolve({ code: -1, out: `${out}${String(err)}` }));
    child.on('close', (code) => resolve({ code, out }));
    child.stdin.end(stdin);
  });
}
