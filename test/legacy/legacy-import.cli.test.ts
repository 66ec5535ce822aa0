// `wa-ticketing import legacy` as the operator runs it: options, printed report, exit codes.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createDb } from '../../src/db/create-db';
import { runLegacyImport } from '../../src/features/legacy/legacy-import.cli';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../../src/shared/exit-codes';
import { createLegacyFixture, fixtureDir, type LegacyFixture } from './legacy-fixture';

const root = resolve(__dirname, '../..');
const csvDir = join(fixtureDir, 'csv');

describe('wa-ticketing import legacy', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wa-legacy-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  let n = 0;
  /** A fresh SQLite target per call, configured as the service would be. */
  const envFor = () => ({
    NODE_ENV: 'test' as const,
    DATABASE_URL: `sqlite:${join(dir, `wa-${++n}.db`)}`,
    PUBLIC_URL: 'https://helpdesk.kampus.example',
    LOG_LEVEL: 'silent',
  });
  async function run(argv: string[], env: NodeJS.ProcessEnv) {
    const lines: string[] = [];
    const code = await runLegacyImport(argv, env, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    return { code, text: lines.join('\n') };
  }

  test('When the command line is wrong, then it says how and exits 64 without touching anything', async () => {
    const env = envFor();
    expect(await run([], env)).toMatchObject({
      code: EXIT_USAGE,
      text: expect.stringContaining('exactly one of --from-db and --from-csv'),
    });
    expect((await run(['--from-csv', csvDir, '--from-db', 'mysql://x@y/z'], env)).code).toBe(EXIT_USAGE);
    expect(await run(['--from-csv', csvDir, '--legacy-timezone', 'Mars/Olympus'], env)).toMatchObject({
      code: EXIT_USAGE,
      text: expect.stringContaining('--legacy-timezone: Mars/Olympus is no IANA time zone'),
    });
    expect((await run(['--from-csv', csvDir, '--clock-offset-hours', 'lima'], env)).code).toBe(EXIT_USAGE);
    expect((await run(['--from-csv', csvDir, '--bogus'], env)).code).toBe(EXIT_USAGE);
    expect((await run(['--from-csv', join(dir, 'nowhere')], env)).code).toBe(EXIT_FAILED);
  });

  test('When the CSV exports are dry-run with --clock-offset-hours, then the counts, the slip and the first problems are printed and nothing is written', async () => {
    const env = envFor();
    const { code, text } = await run(['--from-csv', csvDir, '--dry-run', '--clock-offset-hours', '5', '--problems', '3'], env);
    expect(code).toBe(EXIT_OK);
    expect(text).toContain('Old dates and times read as Asia/Jakarta wall-clock time, moved by +5 h');
    expect(text).toMatch(/reports \(tb_monitoring\)\s+10\s+7\s+0\s+3\s+3/);
    expect(text).toContain('is 5 h behind tanggal/jam in 6 of 6 reports');
    expect(text).toContain('Problems (first 3 of 15):');
    expect(text).toContain('skipped  tb_pegawai id_pegawai=PGW2402003: no phone');
    expect(text).toContain('Dry run: nothing was written.');
    const db = createDb(env.DATABASE_URL);
    try {
      expect(await db.kysely.selectFrom('tickets').selectAll().execute()).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  const needsMariaDb = process.env.TEST_MYSQL_SKIP ? describe.skip : describe;
  needsMariaDb('from the old database', () => {
    let fixture: LegacyFixture;
    beforeAll(async () => {
      fixture = await createLegacyFixture();
    });
    afterAll(() => fixture.drop());

    test('When a real run is stopped and run again, then it exits 1 then 0, names the source without credentials, and prints the links once', async () => {
      const env = envFor();
      const url = new URL(fixture.url);
      const stopped = await run(['--from-db', fixture.url, '--batch-size', '3', '--stop-after-batches', '1'], env);
      expect(stopped.code).toBe(EXIT_FAILED);
      expect(stopped.text).toContain('Stopped after 1 batches (run #1): run the same command again to finish.');
      // The old database's URL may come from LEGACY_DATABASE_URL instead of the command line.
      const done = await run([], { ...env, LEGACY_DATABASE_URL: fixture.url });
      expect(done.code).toBe(EXIT_OK);
      expect(done.text).toContain(`Legacy import from mysql://${url.username}@${url.host}${url.pathname}`);
      expect(done.text).toMatch(/Done in \d+ batches \(run #2\)/);
      expect(done.text).toMatch(/ADM01 {2}dery {2}Dery Dehaelt {2}https:\/\/helpdesk\.kampus\.example\/#\/sandi\/\S+ {2}\(valid until /);
      const again = await run(['--from-db', fixture.url], env);
      expect(again.code).toBe(EXIT_OK);
      expect(again.text).toMatch(/reports \(tb_monitoring\)\s+10\s+0\s+7\s+3\s+0/);
      expect(again.text).not.toContain('Set-password links');
    });
  });

  test('When run through the wa-ticketing entry point, then `import legacy` reaches the importer', async () => {
    const env = envFor();
    const result = await new Promise<{ code: number | null; out: string }>((done, fail) => {
      const child = spawn(
        process.execPath,
        ['--require', require.resolve('tsx/cjs'), 'src/cli/index.ts', 'import', 'legacy', '--from-csv', csvDir, '--dry-run'],
        {
          cwd: root,
          env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
      child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
      child.once('error', fail);
      child.once('exit', (code) => done({ code, out }));
    });
    expect(result.out).toContain(`Legacy import (dry run) from ${csvDir}`);
    expect(result.code).toBe(0);
  }, 60_000);
});
