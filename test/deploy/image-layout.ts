// Rebuilds the image's file system as the Dockerfile builds it, without Docker: each stage in a
// folder standing for its root, COPY as written, and RUN steps this file knows (any other step
// fails, so a changed Dockerfile is noticed). The one substitution: `npm ci` is the test
// machine's own `npm ci` of the same lock (node_modules copied), since no registry is at hand.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { applyEnv, healthcheckCommand, readDockerfile, type Instruction } from './dockerfile';

export interface RunAs {
  uid: number;
  gid: number;
}

export interface ImageLayout {
  /** The folder standing for the final image's `/`. */
  root: string;
  /** The final stage's ENV, PATH expanded from the base image's. */
  env: Record<string, string>;
  workdir: string;
  user: string | undefined;
  cmd: string[];
  healthcheck: string[] | undefined;
  volumes: string[];
  /** Where a path inside the image lives on this machine. */
  hostPath(containerPath: string): string;
  /** Rewrites image paths (/app…, volumes) inside an environment value to their host places. */
  mapValue(value: string): string;
}

/** PATH of the node:20 images; the machine's node stands in for theirs. */
const BASE_PATH = `/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${path.dirname(process.execPath)}`;

export function buildImageLayout(opts: {
  context: string;
  workDir: string;
  runAs: RunAs | undefined;
  log?: (line: string) => void;
}): ImageLayout {
  const stages = readDockerfile(path.join(opts.context, 'Dockerfile'));
  const roots: Record<string, string> = {};
  let final: ImageLayout | undefined;
  stages.forEach((stage, index) => {
    const root = path.join(opts.workDir, `stage-${index}`);
    mkdirSync(root, { recursive: true });
    chmodSync(root, 0o755);
    const hostPath = (p: string) => path.join(root, p);
    const env: Record<string, string> = { PATH: BASE_PATH };
    let workdir = '/';
    let user: string | undefined;
    let cmd: string[] = [];
    let healthcheck: string[] | undefined;
    const volumes: string[] = [];
    const resolveIn = (p: string) => (path.isAbsolute(p) ? p : path.posix.join(workdir, p));
    for (const ins of stage.instructions) {
      opts.log?.(`${stage.name ?? index}: ${ins.op} ${ins.text}`);
      switch (ins.op) {
        case 'WORKDIR':
          workdir = resolveIn(ins.text);
          mkdirSync(hostPath(workdir), { recursive: true, mode: 0o755 });
          break;
        case 'ENV':
          applyEnv(ins.text, env);
          break;
        case 'COPY':
          copy(ins, { context: opts.context, roots, hostPath, resolveIn, runAs: opts.runAs });
          break;
        case 'RUN':
          run(ins.text, { cwd: hostPath(workdir), context: opts.context, hostPath, runAs: opts.runAs });
          break;
        case 'USER':
          user = ins.text;
          break;
        case 'VOLUME':
          volumes.push(...(ins.exec ?? ins.text.split(/\s+/)));
          break;
        case 'EXPOSE':
          break;
        case 'HEALTHCHECK':
          healthcheck = healthcheckCommand(ins);
          break;
        case 'CMD':
          if (!ins.exec) throw new Error(`CMD must use the exec form ["…"]: ${ins.text}`);
          cmd = ins.exec;
          break;
        default:
          throw new Error(`Dockerfile ${ins.op} is not reproduced by the image-layout test: teach test/deploy/image-layout.ts`);
      }
    }
    if (stage.name) roots[stage.name] = root;
    roots[String(index)] = root;
    const prefixes = [workdir, ...volumes].filter((p) => p !== '/').sort((a, b) => b.length - a.length);
    const mapValue = (value: string) =>
      prefixes.reduce(
        (v, prefix) =>
          v.replace(new RegExp(`(^|[:=])(${escape(prefix)})(?=/|:|$)`, 'g'), (_m, lead: string, p: string) => `${lead}${hostPath(p)}`),
        value,
      );
    final = { root, env, workdir, user, cmd, healthcheck, volumes, hostPath, mapValue };
  });
  if (!final) throw new Error('Dockerfile has no stage');
  return final;
}

function copy(
  ins: Instruction,
  c: {
    context: string;
    roots: Record<string, string>;
    hostPath: (p: string) => string;
    resolveIn: (p: string) => string;
    runAs: RunAs | undefined;
  },
): void {
  const parts = ins.exec ?? ins.text.split(/\s+/);
  const dest = parts.at(-1)!;
  const sources = parts.slice(0, -1);
  const from = ins.flags.from;
  const sourceRoot = from ? c.roots[from] : c.context;
  if (!sourceRoot) throw new Error(`COPY --from=${from}: no such stage`);
  const destPath = c.resolveIn(dest);
  const intoDir = dest.endsWith('/') || sources.length > 1;
  for (const src of sources) {
    const from_ = from ? path.join(sourceRoot, src) : path.join(sourceRoot, src);
    if (!existsSync(from_)) throw new Error(`COPY ${src}: not found in ${from ? `stage ${from}` : 'the build context'}`);
    const target = c.hostPath(intoDir ? path.posix.join(destPath, path.basename(src)) : destPath);
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(from_, target, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    // Docker's COPY makes files root-owned unless --chown says otherwise.
    if (ins.flags.chown && c.runAs) chownTree(target, c.runAs);
  }
}

function run(text: string, c: { cwd: string; context: string; hostPath: (p: string) => string; runAs: RunAs | undefined }): void {
  for (const step of text.split('&&').map((s) => s.trim())) {
    let m: RegExpExecArray | null;
    if (/^npm ci\b/.test(step)) {
      // The test machine ran `npm ci` on this very lock; a different lock would be a different install.
      const lock = readFileSync(path.join(c.cwd, 'package-lock.json'), 'utf8');
      if (lock !== readFileSync(path.join(c.context, 'package-lock.json'), 'utf8'))
        throw new Error('npm ci: the image copies another lock');
      cpSync(path.join(c.context, 'node_modules'), path.join(c.cwd, 'node_modules'), { recursive: true, verbatimSymlinks: true });
    } else if (/^npm (run build|prune --omit=dev)\b/.test(step)) {
      execFileSync('bash', ['-c', step], { cwd: c.cwd, stdio: 'pipe', env: { ...process.env, npm_config_offline: 'true' } });
    } else if ((m = /^mkdir -p ((?:\/\S+\s*)+)$/.exec(step))) {
      for (const dir of m[1]!.trim().split(/\s+/)) mkdirSync(c.hostPath(dir), { recursive: true, mode: 0o755 });
    } else if ((m = /^chown -R node:node ((?:\/\S+\s*)+)$/.exec(step))) {
      for (const dir of m[1]!.trim().split(/\s+/)) if (c.runAs) chownTree(c.hostPath(dir), c.runAs);
    } else {
      throw new Error(`RUN ${step}: not reproduced by the image-layout test; teach test/deploy/image-layout.ts`);
    }
  }
}

function chownTree(p: string, who: RunAs): void {
  chownSync(p, who.uid, who.gid);
  if (lstatSync(p).isDirectory()) for (const entry of readdirSync(p)) chownTree(path.join(p, entry), who);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
