// Two builds of the service in one run (issue 12): the same c=50 ingest load on each, rounds alternated.
import { execFileSync, execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startAppProcess, type AppProcess } from '../test/support/app-process';
import type { FakeFonnteProcess } from './lib/fake-fonnte-process';
import { log } from './lib/env';
import { employeeRows, insertEmployees, JWT_SECRET, type BenchDb } from './lib/targets';
import { ingestRun, type IngestRow } from './ingest';

const root = path.resolve(__dirname, '..');

interface Build {
  /** before, after, or a variant of after (after, 1 lane). */
  name: string;
  /** What was asked for (b1e16a7, HEAD) and the commit it was at the start of the run. */
  rev: string;
  commit: string;
  subject: string;
  /** How the variant differs from its build, if it does. */
  variant?: string;
}

export interface BuildsFigure {
  builds: Build[];
  rounds: number;
  /** One row per build and round, in the order they ran; row.label is `<build name> (<round>)`. */
  rows: Array<IngestRow & { build: string; round: number }>;
  notes: string[];
}

/** BENCH_BEFORE (default b1e16a7: the tree before the restructuring of issue 12), BENCH_AFTER (default HEAD). */
const BEFORE = process.env.BENCH_BEFORE ?? 'b1e16a7';
const AFTER = process.env.BENCH_AFTER ?? 'HEAD';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** Lanes of the after build's variant ('' for none): the chat processor's default is 2 on MariaDB. */
const LANES = process.env.BENCH_CHAT_LANES ?? '';

/**
 * A clean export of `rev` (git archive, so what others edit in the working tree meanwhile does not leak in) in a
 * temp dir, with this checkout's node_modules linked in.
 */
function exportBuild(rev: string): { dir: string; commit: string; subject: string } {
  const commit = execFileSync('git', ['rev-parse', `${rev}^{commit}`], { cwd: root, encoding: 'utf8' }).trim();
  const subject = execFileSync('git', ['log', '-1', '--format=%s', commit], { cwd: root, encoding: 'utf8' }).trim();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `wa-build-${commit.slice(0, 7)}-`));
  execSync(`git archive ${commit} | tar -x -C ${JSON.stringify(dir)}`, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  return { dir, commit, subject };
}

/** `wa-ticketing serve` of an exported build, as test/support/app-process.ts starts it (node + tsx/cjs), with that build's src. */
function startBuild(dir: string, databaseUrl: string, fonnteUrl: string, lanes?: number): Promise<AppProcess> {
  const env = { DATABASE_URL: databaseUrl, FONNTE_API_URL: fonnteUrl, JWT_SECRET, LOG_LEVEL: 'warn' };
  return startAppProcess({
    entry: lanes ? path.join(root, 'bench/builds-lanes-entry.ts') : path.join(dir, 'src/cli/index.ts'),
    args: ['serve'],
    env: lanes ? { ...env, BENCH_BUILD_DIR: dir, BENCH_CHAT_LANES: String(lanes) } : env,
    readyTimeoutMs: 180_000,
  });
}

/**
 * BEFORE and AFTER (and AFTER with another number of chat-processor lanes) each as its own service process on its
 * own database, all up at once, then rounds of the c=50 MariaDB ingest run taking turns (before, after, variant,
 * before, …), so another tenant taking the CPU for a while falls on every build alike.
 */
export async function buildsPart(bench: BenchDb, fake: FakeFonnteProcess): Promise<BuildsFigure> {
  const senders = employeeRows().map((e) => e.phone);
  const before = exportBuild(BEFORE);
  const after = exportBuild(AFTER);
  const lanes = LANES ? Number(LANES) : 0;
  const plan = [
    { name: 'before', rev: BEFORE, ...before },
    { name: 'after', rev: AFTER, ...after },
    ...(lanes ? [{ name: `after, ${lanes} lane${lanes === 1 ? '' : 's'}`, rev: AFTER, ...after, lanes }] : []),
  ];
  const figure: BuildsFigure = {
    builds: plan.map((b) => ({
      name: b.name,
      rev: b.rev,
      commit: b.commit,
      subject: b.subject,
      ...('lanes' in b ? { variant: `ChatProcessor lanes=${b.lanes} (default 2 on MariaDB), set by bench/builds-lanes-entry.ts` } : {}),
    })),
    rounds: ROUNDS,
    rows: [],
    notes: [],
  };
  const procs: Array<{ name: string; proc: AppProcess; dbUrl: string; lanes?: number }> = [];
  try {
    for (const b of plan) {
      const dbUrl = await bench.create(`builds_${b.name.replace(/\W+/g, '_')}_${Math.random().toString(36).slice(2, 6)}`);
      log(`builds: starting ${b.name} (${b.commit.slice(0, 7)} ${b.subject.slice(0, 60)})`);
      const proc = await startBuild(b.dir, dbUrl, fake.url, 'lanes' in b ? b.lanes : undefined);
      await insertEmployees(bench, dbUrl);
      procs.push({ name: b.name, proc, dbUrl, ...('lanes' in b ? { lanes: b.lanes } : {}) });
    }
    for (let round = 1; round <= ROUNDS; round++)
      for (const p of procs) {
        const row = await ingestRun(
          bench,
          fake,
          { target: 'service', label: `${p.name} (${round})`, dialect: 'mysql', proc: p.proc, dbUrl: p.dbUrl, senders },
          50,
        );
        figure.rows.push({ ...row, build: p.name, round });
      }
    for (const p of procs)
      if (p.lanes && !p.proc.output().includes(`bench: chat processor lanes=${p.lanes}`)) {
        figure.notes.push(`${p.name}: the service never said it ran ${p.lanes} lane(s); its rows do not count`);
        for (const row of figure.rows.filter((x) => x.build === p.name)) row.check = { ...row.check, ok: false };
      }
  } finally {
    await Promise.all(procs.map((p) => p.proc.kill('SIGTERM')));
    for (const dir of new Set([before.dir, after.dir])) fs.rmSync(dir, { recursive: true, force: true });
  }
  return figure;
}
