import { sql } from 'kysely';
import { openTestDb, type TestDb } from './support/test-db';

/** SQLite only: MySQL statements are prepared by the server, not by the driver handle. */
describe('SQLite prepared statements are kept between queries', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb('sqlite');
  });
  afterAll(() => t.close());

  const raw = () => {
    if (t.db.raw.kind !== 'sqlite') throw new Error('sqlite expected');
    return t.db.raw.database;
  };
  const holidaysNamed = (name: string) => t.db.kysely.selectFrom('holidays').select('name').where('name', '=', name).execute();

  test('When the same query runs again, then it is not prepared again and still sees the rows written meanwhile', async () => {
    const prepare = jest.spyOn(raw(), 'prepare');
    try {
      expect(await holidaysNamed('Nyepi')).toEqual([]);
      await t.db.kysely.insertInto('holidays').values({ day: '2026-03-19', name: 'Nyepi', created_at: 0 }).execute();
      const again = await holidaysNamed('Nyepi');
      await holidaysNamed('Nyepi');

      expect(again).toEqual([{ name: 'Nyepi' }]);
      const selects = prepare.mock.calls.filter(([text]) => String(text).startsWith('select "name" from "holidays"'));
      expect(selects).toHaveLength(1);
    } finally {
      prepare.mockRestore();
    }
  });

  test('When more distinct statements run than are kept, then every one still answers right', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 300; i++)
      answers.push(Number((await sql<{ n: number }>`select ${sql.lit(i)} as n`.execute(t.db.kysely)).rows[0]!.n));
    for (let i = 0; i < 300; i++)
      answers.push(Number((await sql<{ n: number }>`select ${sql.lit(i)} as n`.execute(t.db.kysely)).rows[0]!.n));

    expect(answers).toEqual([...Array.from({ length: 300 }, (_, i) => i), ...Array.from({ length: 300 }, (_, i) => i)]);
  });
});
