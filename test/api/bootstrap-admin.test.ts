import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verify as verifyArgon2 } from '@node-rs/argon2';
import { ConfigError, loadConfig } from '../../src/config';
import { createDb } from '../../src/db/create-db';
import { bootstrapAdmin } from '../../src/features/auth/bootstrap-admin';
import { createLogger } from '../../src/logger';
import { projectRoot } from '../../src/shared/paths';
import { createStaff } from '../support/factories';
import { auditRowsOf, createStaffWithPassword, login } from '../support/staff-login';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';

/**
 * Runs `wa-ticketing admin …` (the CLI's source, via tsx) with `stdin` piped in; resolves with its exit
 * code and output. The environment is the given one alone, as an operator's shell with only the
 * database set: no webhook or token secret.
 */
function adminCli(args: string[], env: Record<string, string>, stdin: string) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(join(projectRoot, 'node_modules', '.bin', 'tsx'), ['src/cli/index.ts', 'admin', ...args], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', ...env },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
    child.stdin.end(stdin);
  });
}

describeEachDialect('Administrator bootstrap (ADMIN_USERNAME) and wa-ticketing admin create|reset', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
  });
  afterAll(() => app.close());

  const run = (env: Record<string, string>) =>
    bootstrapAdmin({ db: app.db, config: loadConfig({ NODE_ENV: 'test', ...env }), clock: app.clock, logger: createLogger('silent') });
  /** As on a database where no Administrator can sign in. */
  const noUsableAdministrator = () =>
    app.db.kysely.updateTable('staff').set({ status: 'inactive' }).where('level', '=', 'Administrator').execute();

  test('When no Administrator exists and ADMIN_USERNAME/PASSWORD are set, then one is created who can sign in, and a second start changes nothing', async () => {
    await noUsableAdministrator();
    expect(await run({ ADMIN_USERNAME: 'Root', ADMIN_PASSWORD: 'bootstrap password' })).toBe('created');

    const res = await login(app, 'root', 'bootstrap password');
    expect(res.status).toBe(200);
    expect(res.body.staff).toMatchObject({
      level: 'Administrator',
      status: 'active',
      username: 'root',
      name: 'Administrator',
      id: expect.stringMatching(/^ADM\d{2}$/),
    });
    const audit = await auditRowsOf(app, 'staff', res.body.staff.id);
    expect(audit[0]).toMatchObject({ action: 'staff.bootstrap', actor_id: null });
    expect(audit[0]!.after_json).not.toContain('bootstrap password');

    expect(await run({ ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'another password' })).toBe('present');
    expect((await login(app, 'root', 'bootstrap password')).status).toBe(200);
  });

  test('When the only active Administrator has no password and ADMIN_USERNAME names an existing account, then that account becomes an active Administrator with the new password and old tokens die', async () => {
    await noUsableAdministrator();
    await createStaff(app.db, { level: 'Administrator' }); // like the demo data of an older version: no password
    const old = await createStaffWithPassword(app, { level: 'Staf', status: 'inactive' });

    expect(await run({ ADMIN_USERNAME: old.username, ADMIN_PASSWORD: 'restored password' })).toBe('restored');
    const row = await app.db.kysely.selectFrom('staff').selectAll().where('id', '=', old.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ level: 'Administrator', status: 'active', token_version: 1 });
    expect((await login(app, old.username, 'restored password')).status).toBe(200);
  });

  test('When no Administrator can sign in and ADMIN_* are not set, then nothing is written and the start goes on', async () => {
    await noUsableAdministrator();
    const before = await app.db.kysely
      .selectFrom('staff')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(await run({})).toBe('missing');
    const after = await app.db.kysely
      .selectFrom('staff')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  test('When ADMIN_USERNAME is not a valid username, then the start stops with a message naming it', async () => {
    await noUsableAdministrator();
    await expect(run({ ADMIN_USERNAME: 'two words', ADMIN_PASSWORD: 'long enough pw' })).rejects.toThrow(ConfigError);
    await expect(run({ ADMIN_USERNAME: 'two words', ADMIN_PASSWORD: 'long enough pw' })).rejects.toThrow(/ADMIN_USERNAME/);
  });

  test('When admin create gets a password on stdin with only DATABASE_URL set (production, no secrets), then it creates an Administrator; an existing username needs admin reset; a terminal-less run without --password-stdin stops', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wa-admin-'));
    // The test app's SQLite database lives in memory, so the script gets a file of its own there.
    const url = dialect === 'sqlite' ? `sqlite:${join(dir, 'cli.db')}` : app.tdb.url;
    const db = dialect === 'sqlite' ? createDb(url) : app.db;
    try {
      const created = await adminCli(
        ['create', '--username', 'Cli.Admin', '--name', 'CLI Admin', '--password-stdin'],
        { DATABASE_URL: url },
        'cli password one\n',
      );
      expect(created).toMatchObject({ code: 0, out: expect.stringMatching(/Created Administrator ADM\d{2} \(cli\.admin\)/) });
      const row = await db.kysely.selectFrom('staff').selectAll().where('username', '=', 'cli.admin').executeTakeFirstOrThrow();
      expect(row).toMatchObject({ level: 'Administrator', status: 'active', name: 'CLI Admin' });
      expect(await verifyArgon2(row.password_hash!, 'cli password one')).toBe(true);

      const again = await adminCli(['create', '--username', 'cli.admin', '--password-stdin'], { DATABASE_URL: url }, 'cli password two\n');
      expect(again.code).toBe(1);
      expect(again.out).toContain('wa-ticketing admin reset');
      const reset = await adminCli(['reset', '--username', 'cli.admin', '--password-stdin'], { DATABASE_URL: url }, 'cli password two\n');
      expect(reset.code).toBe(0);
      const after = await db.kysely.selectFrom('staff').selectAll().where('username', '=', 'cli.admin').executeTakeFirstOrThrow();
      expect(await verifyArgon2(after.password_hash!, 'cli password two')).toBe(true);
      expect(after.token_version).toBe(1);

      const short = await adminCli(['create', '--username', 'cli.other', '--password-stdin'], { DATABASE_URL: url }, 'short\n');
      expect(short).toMatchObject({ code: 1, out: expect.stringContaining('password: at least 10 characters') });
      const noTty = await adminCli(['create', '--username', 'cli.other'], { DATABASE_URL: url }, '');
      expect(noTty).toMatchObject({ code: 64, out: expect.stringContaining('--password-stdin') });
    } finally {
      if (dialect === 'sqlite') await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
