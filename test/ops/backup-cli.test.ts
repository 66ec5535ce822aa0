import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb } from '../../src/db/create-db';
import { migrateToLatest } from '../../src/db/migrate';
import { EXIT_FAILED, EXIT_MANUAL, EXIT_OK, EXIT_USAGE, runBackupCommand, runRestoreCommand, type CliIo } from '../../src/ops/backup.cli';
import { defaultBackupPath } from '../../src/ops/backup';

/* `wa-ticketing backup` and `restore` as the CLI calls them: flags, printed results, exit codes. */
describe('wa-ticketing backup | restore commands', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wa-backup-cli-'));
    const db = createDb(`sqlite:${join(dir, 'data', 'wa.db')}`);
    await migrateToLatest(db);
    await db.destroy();
    mkdirSync(join(dir, 'media', '2024', '09'), { recursive: true });
    writeFileSync(join(dir, 'media', '2024', '09', '7-abc.jpg'), 'jpeg bytes');
    // A download in progress is no photo yet: never copied.
    mkdirSync(join(dir, 'media', '.partial'), { recursive: true });
    writeFileSync(join(dir, 'media', '.partial', '8-token.part'), 'half a jpeg');
    // Only these two: no WEBHOOK_SECRET, JWT_SECRET or NODE_ENV.
    env = { DATABASE_URL: `sqlite:${join(dir, 'data', 'wa.db')}`, MEDIA_DIR: join(dir, 'media') };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function capture(): CliIo & { text(): string } {
    const lines: string[] = [];
    return { out: (l) => lines.push(l), err: (l) => lines.push(l), text: () => lines.join('\n') };
  }

  test('When backup runs with --out and --media, then it prints the size and contents, and the photos are copied beside the file', async () => {
    const io = capture();
    const out = join(dir, 'backups', 'nightly.db');
    expect(await runBackupCommand(['--out', out, '--media'], env, io)).toBe(EXIT_OK);
    expect(io.text()).toContain(`Backup written: ${out}`);
    expect(io.text()).toMatch(/integrity ok/);
    expect(io.text()).toMatch(/0 tickets, 0 messages received/);
    expect(io.text()).toMatch(/media: 1 files/);
    expect(readFileSync(join(dir, 'backups', 'nightly.media', '2024', '09', '7-abc.jpg'), 'utf8')).toBe('jpeg bytes');
    expect(existsSync(join(dir, 'backups', 'nightly.media', '.partial'))).toBe(false);

    const again = capture();
    expect(await runBackupCommand(['--out', out], env, again)).toBe(EXIT_FAILED);
    expect(again.text()).toMatch(/already exists/);

    const without = capture();
    expect(await runBackupCommand(['--out', join(dir, 'backups', 'plain.db')], env, without)).toBe(EXIT_OK);
    expect(without.text()).toMatch(/media: NOT included/);
  });

  test('When restore runs, then it needs a file, refuses to overwrite without --force, and with --media copies the photos back', async () => {
    const out = join(dir, 'backups', 'nightly.db');
    const usage = capture();
    expect(await runRestoreCommand([], env, usage)).toBe(EXIT_USAGE);
    expect(await runRestoreCommand(['--bogus', out], env, capture())).toBe(EXIT_USAGE);

    const refused = capture();
    expect(await runRestoreCommand([out], env, refused)).toBe(EXIT_FAILED);
    expect(refused.text()).toMatch(/restore refused: .* exists; pass --force/);

    const io = capture();
    const fresh = { DATABASE_URL: `sqlite:${join(dir, 'elsewhere', 'wa.db')}`, MEDIA_DIR: join(dir, 'media-restored') };
    expect(await runRestoreCommand([out, '--media'], fresh, io)).toBe(EXIT_OK);
    expect(io.text()).toContain(`into ${join(dir, 'elsewhere', 'wa.db')}`);
    expect(io.text()).toMatch(/schema up to date/);
    expect(existsSync(join(dir, 'media-restored', '2024', '09', '7-abc.jpg'))).toBe(true);

    const forced = capture();
    expect(await runRestoreCommand([out, '--force'], env, forced)).toBe(EXIT_OK);
    expect(forced.text()).toMatch(/the database it replaced is kept as .*wa\.db\.pre-restore-/);
  });

  test('When DATABASE_URL is MySQL/MariaDB, then backup and restore print the commands without the password and exit 2', async () => {
    const mysql = { DATABASE_URL: 'mysql://wa:s3cret-pass@db.internal:3307/wa_ticketing', MEDIA_DIR: '/srv/wa/media' };
    const io = capture();
    expect(await runBackupCommand(['--out', '/backups/wa.sql'], mysql, io)).toBe(EXIT_MANUAL);
    expect(io.text()).toContain(
      'mariadb-dump --single-transaction --routines --triggers --default-character-set=utf8mb4 --host=db.internal --port=3307 --user=wa -p wa_ticketing > /backups/wa.sql',
    );
    expect(io.text()).toContain('/srv/wa/media');
    const back = capture();
    expect(await runRestoreCommand(['/backups/wa.sql'], mysql, back)).toBe(EXIT_MANUAL);
    expect(back.text()).toContain(
      'mariadb --default-character-set=utf8mb4 --host=db.internal --port=3307 --user=wa -p wa_ticketing < /backups/wa.sql',
    );
    expect(io.text() + back.text()).not.toContain('s3cret');
  });

  test('When DATABASE_URL is malformed, then both commands name it and exit 64; the default name carries a UTC time', async () => {
    const io = capture();
    expect(await runBackupCommand([], { DATABASE_URL: 'postgres://x' }, io)).toBe(EXIT_USAGE);
    expect(io.text()).toMatch(/DATABASE_URL/);
    expect(defaultBackupPath('db', new Date(Date.UTC(2026, 11, 3, 4, 18, 0)))).toMatch(/backups\/wa-ticketing-20261203T041800Z\.db$/);
  });
});
