import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, type Kysely } from 'kysely';
import { migrationProvider } from '../../migrations';
import { createDb, type Db, type Dialect } from '../../src/db/create-db';
import { hashPassword } from '../../src/features/auth/password';
import { startAppProcess, type AppProcess } from '../support/app-process';
import { createMysqlTestDatabase } from '../support/mysql-databases';
import { describeEachDialect } from '../support/test-db';
import { COMPLAINT, SEED_PASSWORD, TRACKING_NO, sameValue, seedTables, type SeedTable } from './seed-rows';

/*
 * An installation can be upgraded from any earlier release: for every schema version k but the
 * last one listed in migrations/index.ts (so a new migration is covered as soon as it is listed),
 * a database is migrated to k, given rows valid at k in every table k has, and migrated to the
 * latest. Every row must keep every value it had, and the real service (started as a process on
 * that database, as an upgrade runs it) must sign the old Administrator in and serve the old
 * ticket, its history and its messages, find it by word, and write to it.
 */
describeEachDialect('upgrade from every earlier schema version holding data', (dialect) => {
  let dir: string;
  let passwordHash: string;
  let names: string[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wa-upgrade-'));
    passwordHash = await hashPassword(SEED_PASSWORD);
    names = Object.keys(await migrationProvider(dialect).getMigrations()).sort();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('When a database at each earlier version holding data is migrated to the latest, then every row keeps its values and the service reads and writes it', async () => {
    expect(names.length).toBeGreaterThanOrEqual(5);
    const problems: string[] = [];
    const earlier = names.slice(0, -1);
    const checked: string[] = [];
    for (const version of earlier) {
      const target = await openDatabase(dialect, dir, version);
      let app: AppProcess | undefined;
      try {
        const migrator = new Migrator({ db: target.db.kysely, provider: migrationProvider(dialect) });
        const to = await migrator.migrateTo(version);
        if (to.error) throw to.error;
        const db = target.db.kysely as unknown as Kysely<any>;
        const seeded = await seed(db, seedTables(passwordHash));
        const up = await migrator.migrateToLatest();
        if (up.error) throw up.error;
        const applied = (up.results ?? []).map((r) => r.migrationName);
        if (applied.join() !== names.slice(names.indexOf(version) + 1).join()) problems.push(`${version}: applied ${applied.join(', ')}`);
        for (const p of await compare(db, seeded)) problems.push(`${version}: ${p}`);
        await target.db.destroy();

        app = await startAppProcess({ env: { DATABASE_URL: target.url, SEED_DEMO_DATA: 'false' } });
        for (const p of await readThroughService(app.url, seeded)) problems.push(`${version}: ${p}`);
        checked.push(`${version}: ${seeded.map((t) => `${t.table} ${t.rows.length}`).join(', ')}`);
      } catch (err) {
        problems.push(`${version}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      } finally {
        const exit = await app?.kill('SIGTERM');
        if (exit && exit.code !== 0) problems.push(`${version}: service exited ${JSON.stringify(exit)}`);
        await target.close();
      }
    }
    expect(problems).toEqual([]);
    // Every earlier version went the whole way, each with the tables it had.
    expect(checked).toHaveLength(earlier.length);
    expect(checked[0]).toMatch(
      /^0001-initial: employees 2, staff 2, tickets 2, ticket_events 3, ticket_sequences 1, inbound_messages 2, outbound_messages 2$/,
    );
  }, 300_000);
});

interface Target {
  db: Db;
  url: string;
  close(): Promise<void>;
}

async function openDatabase(dialect: Dialect, dir: string, version: string): Promise<Target> {
  if (dialect === 'sqlite') {
    const url = `sqlite:${join(dir, `from-${version}.db`)}`;
    const db = createDb(url);
    return { db, url, close: () => db.destroy().catch(() => undefined) };
  }
  const created = await createMysqlTestDatabase();
  const db = createDb(created.url, { poolSize: 2 });
  return {
    db,
    url: created.url,
    async close() {
      await db.destroy().catch(() => undefined);
      await created.drop();
    },
  };
}

/** Inserts each table's rows with the columns the table has now; answers what was written. */
async function seed(db: Kysely<any>, tables: SeedTable[]): Promise<SeedTable[]> {
  const schema = new Map((await db.introspection.getTables()).map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));
  const written: SeedTable[] = [];
  for (const t of tables) {
    const columns = schema.get(t.table);
    if (!columns) continue;
    const rows = t.rows.map((r) => Object.fromEntries(Object.entries(r).filter(([c]) => columns.has(c))));
    await db.insertInto(t.table).values(rows).execute();
    written.push({ ...t, rows });
  }
  return written;
}

async function compare(db: Kysely<any>, seeded: SeedTable[]): Promise<string[]> {
  const problems: string[] = [];
  for (const t of seeded) {
    const now = await db.selectFrom(t.table).selectAll().execute();
    if (now.length !== t.rows.length) problems.push(`${t.table}: ${now.length} rows after the upgrade, ${t.rows.length} before`);
    for (const row of t.rows) {
      const after = now.find((r) => sameValue(r[t.key], row[t.key]));
      if (!after) {
        problems.push(`${t.table} ${String(row[t.key])}: gone`);
        continue;
      }
      for (const [column, value] of Object.entries(row)) {
        if (!sameValue(after[column], value))
          problems.push(`${t.table} ${String(row[t.key])}.${column}: ${JSON.stringify(value)} became ${JSON.stringify(after[column])}`);
      }
    }
  }
  return problems;
}

/** What the desk sees of the old data through today's API, and that it can add to it. */
async function readThroughService(baseUrl: string, seeded: SeedTable[]): Promise<string[]> {
  const problems: string[] = [];
  const has = (table: string) => seeded.some((t) => t.table === table);
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'upgrade-admin', password: SEED_PASSWORD }),
  });
  if (login.status !== 200) return [`login answered ${login.status}: ${await login.text()}`];
  const { token } = (await login.json()) as { token: string };
  const call = async (method: string, path: string, body?: object) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  const detail = await call('GET', `/api/tickets/${TRACKING_NO}`);
  if (detail.status !== 200) return [...problems, `GET ticket answered ${detail.status}: ${JSON.stringify(detail.body)}`];
  const d = detail.body;
  const expectSame = (what: string, actual: unknown, expected: unknown) => {
    if (JSON.stringify(actual) !== JSON.stringify(expected))
      problems.push(`${what}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  };
  expectSame(
    'ticket',
    [d.ticket.trackingNo, d.ticket.status, d.ticket.complaint, d.ticket.reporter?.employeeId],
    [TRACKING_NO, 'proses', COMPLAINT, 'PGW901'],
  );
  expectSame(
    'history',
    d.events.map((e: any) => e.kind),
    ['created', 'assigned'],
  );
  expectSame(
    'messages in',
    d.inboundMessages.map((m: any) => [m.body, m.status, m.command]),
    [[`#request ${COMPLAINT}`, 'processed', 'request']],
  );
  expectSame('messages out', d.outboundMessages.map((m: any) => [m.kind, m.status]).sort(), [
    ['notification', 'dead'],
    ['reply', 'sent'],
  ]);
  if (has('assignments'))
    expectSame(
      'assignments',
      d.assignments.map((a: any) => [a.staff.id, a.status, a.note]),
      [['ADM902', 'active', 'bawa tangga']],
    );
  if (has('media')) expectSame('media', d.media.length, 1);

  const found = await call('GET', '/api/tickets?q=proyektor%20ruang');
  expectSame('word search', found.status === 200 ? found.body.items.map((t: any) => t.trackingNo) : found.status, [TRACKING_NO]);
  const closed = await call('GET', '/api/tickets?status=ditutup');
  expectSame('status filter', closed.status === 200 ? closed.body.items.map((t: any) => t.trackingNo) : closed.status, ['BRT2409902']);
  const employee = await call('GET', '/api/employees/PGW901');
  expectSame('employee', [employee.status, employee.body.name], [200, 'Rina Upgrade']);
  const note = await call('POST', `/api/tickets/${TRACKING_NO}/events`, { note: 'dicek setelah pembaruan' });
  expectSame('new note', note.status, 201);
  const after = await call('GET', `/api/tickets/${TRACKING_NO}`);
  expectSame(
    'history after the note',
    after.body.events?.map((e: any) => e.kind),
    ['created', 'assigned', 'note'],
  );
  return problems;
}
