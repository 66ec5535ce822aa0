import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { createDb, type Db } from '../../src/db/create-db';
import { migrateToLatest } from '../../src/db/migrate';
import { backupDatabase } from '../../src/ops/backup';
import { restoreDatabase } from '../../src/ops/restore';
import { OpsError } from '../../src/ops/sqlite-file';
import { requestMessages, webhookUrl } from '../fault/fault-fixtures';
import { startAppProcess, type AppProcess } from '../support/app-process';
import { startFakeFonnte, type FakeFonnte } from '../support/fake-fonnte';
import { streamWebhooks, until, type Stream } from '../support/webhook-stream';
import { checkRestoredMessages, ticketsNotServed, untilNothingPending } from './restored-copy';

/*
 * The real service (src/main.ts) as a child process on a SQLite file, backed up with
 * backupDatabase() from this process while webhooks stream in; the backup restored into a new
 * file and a new service started on it. Every message acknowledged before the backup began must
 * be there, and each must end with its ticket (the restored service handles what the backup
 * holds as stored but not yet handled).
 */
const ADMIN = { username: 'restore-admin', password: 'restore admin password' };

describe('SQLite backup under load, and restore [sqlite]', () => {
  let dir: string;
  let fake: FakeFonnte;
  let app: AppProcess | undefined;
  let stream: Stream | undefined;
  let check: Db | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wa-backup-'));
    fake = await startFakeFonnte();
  });
  afterAll(async () => {
    stream?.stop();
    await app?.kill('SIGKILL');
    await check?.destroy();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = (databasePath: string, env: Record<string, string> = {}) =>
    startAppProcess({ env: { DATABASE_URL: `sqlite:${databasePath}`, FONNTE_API_URL: fake.url, MEDIA_DIR: join(dir, 'media'), ...env } });

  test('When a backup is taken mid-stream and restored into a new file, then every message acknowledged before it is there with its ticket, nothing sent after it is, and the running service was never refused', async () => {
    const livePath = join(dir, 'live.db');
    app = await start(livePath);
    const messages = requestMessages('bk', 300);
    const live = (stream = streamWebhooks(messages, { url: webhookUrl(app.url), concurrency: 10, retryDelayMs: 250, maxAttempts: 400 }));

    await until(() => live.acked() >= 100 && live.inFlight() > 0, 'a third of the stream acknowledged', 60_000, 2);
    // Acknowledged means committed: these must all be in the copy.
    const ackedBefore = live.deliveries.filter((d) => d.ackedAt !== undefined).map((d) => d.key);
    const backup = await backupDatabase({ databaseUrl: `sqlite:${livePath}`, target: join(dir, 'backups', 'mid-stream.db') });
    const backupEnded = Date.now();
    const deliveries = await live.done;
    stream = undefined;

    expect(backup).toMatchObject({ kind: 'sqlite', integrity: ['ok'] });
    if (backup.kind !== 'sqlite') throw new Error('unreachable');
    expect(backup.inboundMessages).toBeGreaterThanOrEqual(ackedBefore.length);
    expect(backup.inboundMessages).toBeLessThan(messages.length);
    // The service kept taking webhooks: every message was acknowledged, none refused.
    expect(deliveries.filter((d) => !d.ackedAt).map((d) => d.key)).toEqual([]);
    expect(deliveries.flatMap((d) => d.attempts).filter((a) => a.status !== 200)).toEqual([]);

    // While the service has the database open, a restore over it is refused, even with force.
    await expect(restoreDatabase({ databaseUrl: `sqlite:${livePath}`, source: backup.path, force: true })).rejects.toMatchObject({
      code: 'IN_USE',
    });
    expect(await app.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    app = undefined;

    const restoredPath = join(dir, 'restored', 'wa-ticketing.db');
    const restored = await restoreDatabase({ databaseUrl: `sqlite:${restoredPath}`, source: backup.path });
    expect(restored).toMatchObject({
      kind: 'sqlite',
      path: restoredPath,
      pendingMigrations: [],
      inboundMessages: backup.inboundMessages,
      tickets: backup.tickets,
    });
    const pendingInBackup = countWhere(backup.path, `select count(*) as n from inbound_messages where status = 'pending'`);

    app = await start(restoredPath, { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password });
    check = createDb(`sqlite:${restoredPath}`);
    await untilNothingPending(check);
    const { problems, ticketOf, sentAfter } = await checkRestoredMessages(check, {
      keyPrefix: 'bk',
      ackedBefore,
      deliveries,
      copyEnded: backupEnded,
    });
    expect(sentAfter.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    // The restored service serves those tickets through its API.
    expect(await ticketsNotServed(app.url, ADMIN, ticketOf)).toEqual([]);
    expect(ticketOf.size).toBe(ackedBefore.length);
    if (process.env.OPS_VERBOSE) {
      console.log(
        JSON.stringify({
          ackedBefore: ackedBefore.length,
          inBackup: backup.inboundMessages,
          pendingInBackup,
          backupMs: backup.durationMs,
          backupBytes: backup.bytes,
        }),
      );
    }
    expect(await app.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    app = undefined;
  }, 180_000);
});

describe('restore refuses what it must not install [sqlite]', () => {
  let dir: string;
  let good: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wa-restore-'));
    const db = createDb(`sqlite:${join(dir, 'source.db')}`);
    await migrateToLatest(db);
    await db.destroy();
    const made = await backupDatabase({ databaseUrl: `sqlite:${join(dir, 'source.db')}`, target: join(dir, 'good.db') });
    good = made.path;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const restoreInto = (name: string, source: string, force = false) =>
    restoreDatabase({ databaseUrl: `sqlite:${join(dir, name)}`, source, force });

  async function refused(name: string, source: string, code: OpsError['code'], force = false): Promise<string> {
    const err = await restoreInto(name, source, force).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OpsError);
    expect((err as OpsError).code).toBe(code);
    return (err as OpsError).message;
  }

  test('When the backup file is damaged (a page overwritten, or cut short), then restore refuses it and writes nothing', async () => {
    const damaged = join(dir, 'damaged.db');
    copyFileSync(good, damaged);
    const bytes = readFileSync(damaged);
    const pageSize = bytes.readUInt16BE(16);
    // Page 3 onwards are the tables' b-trees: scribble over two of them.
    for (let i = pageSize * 2; i < pageSize * 4; i++) bytes[i] = (i * 131) & 255;
    writeFileSync(damaged, bytes);
    await refused('from-damaged.db', damaged, 'CORRUPT');

    const cut = join(dir, 'cut.db');
    writeFileSync(cut, readFileSync(good).subarray(0, Math.floor(bytes.length / 2)));
    await refused('from-cut.db', cut, 'CORRUPT');

    expect(existsSync(join(dir, 'from-damaged.db'))).toBe(false);
    expect(existsSync(join(dir, 'from-cut.db'))).toBe(false);
  });

  test('When the file is not a wa-ticketing database (text, or another SQLite database), then restore refuses it', async () => {
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'these are not the tickets you are looking for\n'.repeat(200));
    await refused('from-text.db', text, 'CORRUPT');

    const other = join(dir, 'other.db');
    const db = new SqliteDatabase(other);
    db.exec('create table tickets (id integer primary key); create table notes (body text)');
    db.close();
    expect(await refused('from-other.db', other, 'NOT_WA_TICKETING')).toMatch(/not a wa-ticketing database/);
  });

  test('When the backup was made by a newer version (a migration this one does not know), then restore refuses it', async () => {
    const newer = join(dir, 'newer.db');
    copyFileSync(good, newer);
    const db = new SqliteDatabase(newer);
    db.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run('9999-from-the-future', new Date().toISOString());
    db.close();
    expect(await refused('from-newer.db', newer, 'SCHEMA_NEWER')).toContain('9999-from-the-future');
  });

  test('When the database exists, then restore needs force, refuses while any connection has it open, and with force replaces it keeping the old one', async () => {
    const target = join(dir, 'existing.db');
    const open = createDb(`sqlite:${target}`);
    await migrateToLatest(open);
    await open.kysely.insertInto('ticket_sequences').values({ period: 'OLD2401', last_value: 7 }).execute();
    await refused('existing.db', good, 'IN_USE', true);
    await open.destroy();
    await refused('existing.db', good, 'TARGET_EXISTS');

    const result = await restoreInto('existing.db', good, true);
    if (result.kind !== 'sqlite') throw new Error('unreachable');
    expect(result.previous).toMatch(/existing\.db\.pre-restore-\d{8}T\d{6}Z$/);
    expect(countWhere(target, `select count(*) as n from ticket_sequences where period = 'OLD2401'`)).toBe(0);
    expect(countWhere(result.previous!, `select count(*) as n from ticket_sequences where period = 'OLD2401'`)).toBe(1);
    expect(existsSync(`${target}-wal`)).toBe(false);
  });
});

function countWhere(path: string, query: string): number {
  const db = new SqliteDatabase(path, { readonly: true, fileMustExist: true });
  try {
    return Number((db.prepare(query).get() as { n: number }).n);
  } finally {
    db.close();
  }
}
