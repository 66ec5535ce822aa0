import { CompiledQuery, sql } from 'kysely';
import { openPlaceTicketsQuery } from '../src/features/followers/duplicate-candidate.repository';
import { insertTickets, wib } from './api/ticket-fixtures';
import { startTestApp, type TestApp } from './support/test-app';
import { describeEachDialect } from './support/test-db';

/**
 * The shared read of a batch's duplicate lookups (every place's open tickets of the window) must read
 * the open tickets only, by index, however many closed ones the table holds: never the whole table.
 */
describeEachDialect('the batch read of every place’s open tickets', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
    const at = wib(2026, 12, 1);
    const r = await app.db.kysely
      .insertInto('places')
      .values({ kind: 'room', code: 'OX-1', name: 'Ruang OX', parent_id: null, aliases: '', active: 1, created_at: at, updated_at: at })
      .executeTakeFirstOrThrow();
    // Most tickets closed, as on a campus after a few years; a few open ones.
    await insertTickets(app, 3000, 'OPX', (i) => ({
      place_id: Number(r.insertId),
      status: i % 50 === 0 ? 'baru' : 'ditutup',
      created_at: at + i * 60_000,
      updated_at: at + i * 60_000,
    }));
    if (dialect === 'mysql') await sql`analyze table tickets`.execute(app.db.kysely);
    else await sql`analyze`.execute(app.db.kysely);
  }, 60_000);
  afterAll(() => app.close());

  test('When every place’s open tickets are read, then the plan reads tickets through an index, not the whole table', async () => {
    const { sql: text, parameters } = openPlaceTicketsQuery(app.db.kysely, wib(2026, 12, 1), 2001).compile();
    const explain = dialect === 'mysql' ? `explain ${text}` : `explain query plan ${text}`;
    const rows = (await app.db.kysely.executeQuery(CompiledQuery.raw(explain, [...parameters]))).rows as Array<Record<string, unknown>>;
    if (dialect === 'mysql') {
      const tickets = rows.find((r) => r.table === 'tickets');
      expect(tickets).toMatchObject({ key: 'tickets_status_created', type: 'range' });
    } else {
      const ticketsStep = rows.map((r) => String(r.detail)).find((d) => /\btickets\b/.test(d) && !/ticket_merges/.test(d));
      expect(ticketsStep).toMatch(/SEARCH tickets USING INDEX tickets_status_created/);
    }
  });
});
