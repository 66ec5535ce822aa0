import { CompiledQuery, sql } from 'kysely';
import { duplicateCandidatesQuery } from '../src/features/followers/follower.repository';
import { insertTickets, wib } from './api/ticket-fixtures';
import { startTestApp, type TestApp } from './support/test-app';
import { describeEachDialect } from './support/test-db';

/**
 * The duplicate lookup runs on every #request that names a place: it must stay one range read of
 * the (place_id, created_at) index, whatever the size of the table. Checked on the plan each
 * database makes for the statement itself, on a table where the index is selective.
 */
describeEachDialect('the duplicate lookup of a #request', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
    const at = wib(2026, 12, 1);
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) {
      const r = await app.db.kysely
        .insertInto('places')
        .values({
          kind: 'room',
          code: `IX-${i}`,
          name: `Ruang ${i}`,
          parent_id: null,
          aliases: '',
          active: 1,
          created_at: at,
          updated_at: at,
        })
        .executeTakeFirstOrThrow();
      ids.push(Number(r.insertId));
    }
    await insertTickets(app, 2000, 'IDX', (i) => ({
      place_id: ids[i % ids.length]!,
      status: (['baru', 'proses', 'selesai', 'ditutup'] as const)[i % 4],
      created_at: at + i * 60_000,
      updated_at: at + i * 60_000,
    }));
    if (dialect === 'mysql') await sql`analyze table tickets`.execute(app.db.kysely);
    else await sql`analyze`.execute(app.db.kysely);
  }, 60_000);
  afterAll(() => app.close());

  test('When the candidates of a place are looked up, then the plan reads the tickets through tickets_place_created', async () => {
    const { sql: text, parameters } = duplicateCandidatesQuery(app.db.kysely, 3, wib(2026, 12, 1)).compile();
    const explain = dialect === 'mysql' ? `explain ${text}` : `explain query plan ${text}`;
    const rows = (await app.db.kysely.executeQuery(CompiledQuery.raw(explain, [...parameters]))).rows as Array<Record<string, unknown>>;
    if (dialect === 'mysql') {
      const tickets = rows.find((r) => r.table === 'tickets');
      expect(tickets).toMatchObject({ key: 'tickets_place_created' });
    } else {
      const ticketsStep = rows.map((r) => String(r.detail)).find((d) => /\btickets\b/.test(d) && !/ticket_merges/.test(d));
      expect(ticketsStep).toMatch(/USING (COVERING )?INDEX tickets_place_created/);
    }
  });
});
