// `wa-ticketing retention [--dry-run]` with the service's environment, on both databases.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, type Db, type Dialect } from '../../src/db/create-db';
import { migrateToLatest } from '../../src/db/migrate';
import { runRetentionCommand } from '../../src/features/retention/retention.cli';
import { ManualClock } from '../support/manual-clock';
import { openTestDb } from '../support/test-db';
import { describeEachDialect } from '../support/test-db';

const DAY = 86_400_000;
const CLOSED_AT = Date.UTC(2022, 0, 10);

/** A database the command can open by URL: a file for SQLite (an in-memory one is private to its connection). */
async function databaseFor(dialect: Dialect, dir: string): Promise<{ db: Db; url: string; close: () => Promise<void> }> {
  if (dialect === 'mysql') return openTestDb(dialect);
  const url = `sqlite:${join(dir, 'db.sqlite')}`;
  const db = createDb(url);
  await migrateToLatest(db);
  return { db, url, close: () => db.destroy() };
}

describeEachDialect('wa-ticketing retention', (dialect) => {
  let dir: string;
  let mediaDir: string;
  let store: Awaited<ReturnType<typeof databaseFor>>;
  let out: string[];
  let env: NodeJS.ProcessEnv;
  const clock = new ManualClock(CLOSED_AT + 3 * 365 * DAY);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wa-retention-cli-'));
    mediaDir = join(dir, 'media');
    store = await databaseFor(dialect, dir);
    env = {
      NODE_ENV: 'test',
      DATABASE_URL: store.url,
      WEBHOOK_SECRET: 'test-secret',
      LOG_LEVEL: 'silent',
      MEDIA_DIR: mediaDir,
      RETENTION_MEDIA_MONTHS: '6',
      RETENTION_MESSAGES_MONTHS: '12',
      RETENTION_ANONYMISE_YEARS: '2',
    };
    const t = await store.db.kysely
      .insertInto('tickets')
      .values({
        tracking_no: 'BRT2201001',
        status: 'ditutup',
        complaint: 'kran bocor',
        reporter_employee_id: null,
        reporter_phone: '6281277770001',
        reporter_name: 'Dewi Lestari',
        reporter_unit: 'TIF/IT',
        chat_id: '6281277770001',
        source_message_id: null,
        created_at: CLOSED_AT - DAY,
        updated_at: CLOSED_AT,
        finished_at: CLOSED_AT,
        closed_at: CLOSED_AT,
      })
      .executeTakeFirstOrThrow();
    mkdirSync(join(mediaDir, '2022/01'), { recursive: true });
    writeFileSync(join(mediaDir, '2022/01/1-ab.png'), 'png');
    await store.db.kysely
      .insertInto('media')
      .values({
        ticket_id: Number(t.insertId),
        ticket_event_id: null,
        inbound_message_id: null,
        source_url: 'https://api.fonnte.com/x.png',
        original_filename: null,
        status: 'stored',
        attempts: 1,
        due_at: null,
        storage_path: '2022/01/1-ab.png',
        created_at: CLOSED_AT - DAY,
        updated_at: CLOSED_AT,
      })
      .execute();
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    out = [];
    jest.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
    jest.spyOn(console, 'error').mockImplementation((line: string) => void out.push(line));
  });
  afterEach(() => jest.restoreAllMocks());

  test('When run with --dry-run, then it prints each rule with its count and changes nothing', async () => {
    expect(await runRetentionCommand(['--dry-run'], env, clock)).toBe(0);
    expect(out).toEqual([
      'Retention dry run: a run now would change',
      '  photos (RETENTION_MEDIA_MONTHS=6, before 2024-07-09): 1 files deleted',
      '  messages (RETENTION_MESSAGES_MONTHS=12, before 2024-01-09): 0 inbound, 0 outbound and 0 inbox previews or drafts cleared',
      '  reporters (RETENTION_ANONYMISE_YEARS=2, before 2023-01-09): 1 tickets anonymised',
    ]);
    expect(existsSync(join(mediaDir, '2022/01/1-ab.png'))).toBe(true);
    const t = await store.db.kysely.selectFrom('tickets').select('reporter_name').executeTakeFirstOrThrow();
    expect(t.reporter_name).toBe('Dewi Lestari');
    expect(await store.db.kysely.selectFrom('retention_runs').selectAll().execute()).toEqual([]);
  });

  test('When run without flags, then the rules run, the counts are printed and the run is recorded', async () => {
    expect(await runRetentionCommand([], env, clock)).toBe(0);
    expect(out[0]).toMatch(/^Retention run \d+ finished:$/);
    expect(out.slice(1)).toEqual([
      '  photos (RETENTION_MEDIA_MONTHS=6, before 2024-07-09): 1 files deleted',
      '  messages (RETENTION_MESSAGES_MONTHS=12, before 2024-01-09): 0 inbound, 0 outbound and 0 inbox previews or drafts cleared',
      '  reporters (RETENTION_ANONYMISE_YEARS=2, before 2023-01-09): 1 tickets anonymised',
    ]);
    expect(existsSync(join(mediaDir, '2022/01/1-ab.png'))).toBe(false);
    const t = await store.db.kysely.selectFrom('tickets').select(['reporter_name', 'reporter_phone']).executeTakeFirstOrThrow();
    expect(t).toEqual({ reporter_name: 'Pelapor dihapus', reporter_phone: '' });
    const runs = await store.db.kysely.selectFrom('retention_runs').selectAll().execute();
    expect(runs.map((r) => [r.trigger, Number(r.media_removed), Number(r.tickets_anonymised)])).toEqual([['cli', 1, 1]]);
  });

  test('When every rule is off, then it says so and exits 0; an unknown flag is a usage error', async () => {
    const off = { ...env, RETENTION_MEDIA_MONTHS: '0', RETENTION_MESSAGES_MONTHS: '0', RETENTION_ANONYMISE_YEARS: '0' };
    expect(await runRetentionCommand([], off, clock)).toBe(0);
    expect(out[0]).toBe('Retention: every rule is off, nothing to do');
    expect(out[1]).toBe('  photos: off (RETENTION_MEDIA_MONTHS=0)');
    expect(await runRetentionCommand(['--now'], env, clock)).toBe(64);
  });
});
