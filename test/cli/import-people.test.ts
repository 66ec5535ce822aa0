// `wa-ticketing import people FILE`, run as the operator runs it (a process of its own on the database).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createDb, type Db } from '../../src/db/create-db';
import { migrateToLatest } from '../../src/db/migrate';
import { createEmployee } from '../support/factories';
import { describeEachDialect, openTestDb, type TestDb } from '../support/test-db';

const root = resolve(__dirname, '../..');

function cli(dbUrl: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), 'src/cli/index.ts', 'import', 'people', ...args], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TMPDIR: process.env.TMPDIR,
        // production: no .env is read, so a developer's settings cannot change the outcome.
        NODE_ENV: 'production',
        DATABASE_URL: dbUrl,
        WEBHOOK_SECRET: 'test-secret',
        JWT_SECRET: 'cli-import-jwt-secret-0123456789abcdef',
        PUBLIC_URL: 'https://helpdesk.kampus.test',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.once('error', fail);
    child.once('exit', (code) => done({ code, out }));
  });
}

describeEachDialect('wa-ticketing import people', (dialect) => {
  const dir = mkdtempSync(join(tmpdir(), 'import-people-'));
  let url: string;
  let db: Db;
  let tdb: TestDb | undefined;
  beforeAll(async () => {
    if (dialect === 'sqlite') {
      // A file, not :memory:: the command is another process.
      url = `sqlite:${join(dir, 'cli.db')}`;
      db = createDb(url);
      await migrateToLatest(db);
    } else {
      tdb = await openTestDb('mysql');
      ({ url, db } = tdb);
    }
  }, 60_000);
  afterAll(async () => {
    await (tdb ? tdb.close() : db.destroy());
    rmSync(dir, { recursive: true, force: true });
  });
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  test('When a file with a bad row is previewed or applied, then the refused row is printed with its reason, the exit code is 1 and nothing is written', async () => {
    const taken = await createEmployee(db);
    const path = file('bad.csv', `nama;no hp\nAman;081200001111\nDobel;${taken.phone}\nSalah;12ab\n`);
    const preview = await cli(url, [path]);
    expect(preview.code).toBe(1);
    expect(preview.out).toContain('employees from');
    expect(preview.out).toContain('1 to create, 1 to update, 0 unchanged, 1 refused');
    expect(preview.out).toContain('row 4: refused: phone_invalid (phone)');
    expect(preview.out).toContain('preview only: nothing written');
    const applied = await cli(url, [path, '--apply']);
    expect(applied.code).toBe(1);
    expect(applied.out).toContain('nothing written: fix the refused rows');
    expect(await db.kysely.selectFrom('employees').select('id').where('phone', '=', '6281200001111').execute()).toEqual([]);
  }, 60_000);

  test('When staff are applied, then the links are printed once with PUBLIC_URL, the import is audited without an actor, and the same file again changes nothing', async () => {
    const path = file('staf.csv', 'nama,level,username\nTeknisi CLI,TBO,teknisi.cli\n');
    const done = await cli(url, [path, '--kind', 'staff', '--apply']);
    expect(done.code).toBe(0);
    expect(done.out).toContain('1 to create');
    expect(done.out).toMatch(
      /set-password link for ADM\d+ teknisi\.cli \(Teknisi CLI\), valid until \S+: https:\/\/helpdesk\.kampus\.test\/#\/sandi\/[\w-]{43}/,
    );
    const staff = await db.kysely.selectFrom('staff').selectAll().where('username', '=', 'teknisi.cli').executeTakeFirstOrThrow();
    expect(staff.password_hash).toBeNull();
    const audit = await db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'staff.import').executeTakeFirstOrThrow();
    expect(audit.actor_id).toBeNull();

    const again = await cli(url, [path, '--kind', 'staff', '--apply']);
    expect(again.code).toBe(0);
    expect(again.out).toContain('0 to create, 0 to update, 1 unchanged, 0 refused');
    expect(again.out).toContain('nothing to change');
    expect(again.out).not.toContain('set-password link');
  }, 60_000);

  test('When the command line is wrong, then it prints the usage and exits 64', async () => {
    const wrong = await cli(url, ['--kind', 'orang', 'x.csv']);
    expect(wrong.code).toBe(64);
    expect(wrong.out).toContain('usage: wa-ticketing import people FILE');
  }, 60_000);
});
