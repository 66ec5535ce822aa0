import { sql } from 'kysely';
import { inTransaction } from '../src/db/transaction';
import { watchWrites, type TableWrite } from '../src/db/write-watch';
import { describeEachDialect, openTestDb, type TestDb } from './support/test-db';

/**
 * What the duplicate lookup's memory of a batch rests on (duplicate-candidates.service.ts): every
 * write of an inTransaction transaction is told, with its table, and an INSERT with its rows.
 */
describeEachDialect('writes of a transaction, as write-watch tells them', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(dialect);
  });
  afterAll(() => t.close());

  test('When a transaction reads, inserts, updates, deletes and runs raw SQL, then each write is told with its table and reads are not', async () => {
    const told: TableWrite[] = [];
    await inTransaction(t.db, async (trx) => {
      expect(watchWrites(trx, (w) => told.push(w))).toBe(true);
      await trx.selectFrom('holidays').selectAll().execute();
      await sql`select 1`.execute(trx);
      await trx
        .insertInto('holidays')
        .values([
          { day: '2041-01-01', name: 'satu', created_at: 1 },
          { day: '2041-01-02', name: 'dua', created_at: 2 },
        ])
        .execute();
      await trx.updateTable('holidays').set({ name: 'tiga' }).where('day', '=', '2041-01-01').execute();
      await sql`update holidays set name = ${'empat'} where day = ${'2041-01-02'}`.execute(trx);
      await trx.deleteFrom('holidays').where('day', 'like', '2041%').execute();
      await sql`delete from holidays where day = ${'2041-01-03'}`.execute(trx);
    });
    expect(told).toEqual([
      {
        table: 'holidays',
        rows: [
          { day: '2041-01-01', name: 'satu', created_at: 1 },
          { day: '2041-01-02', name: 'dua', created_at: 2 },
        ],
      },
      { table: 'holidays' },
      { table: 'holidays' },
      { table: 'holidays' },
      { table: 'holidays' },
    ]);
  });

  test('When a statement names its target in a way the watch cannot read, then it is told as a write to any table', async () => {
    const told: TableWrite[] = [];
    await inTransaction(t.db, async (trx) => {
      watchWrites(trx, (w) => told.push(w));
      await sql`insert into holidays (day, name, created_at) select ${'2042-01-01'}, ${'x'}, 1`.execute(trx);
      await trx
        .insertInto('holidays')
        .values({ day: '2042-01-02', name: sql<string>`${'y'}`, created_at: 1 })
        .execute();
    });
    // The raw INSERT names its table; the second INSERT's rows are unknown (an expression among its values).
    expect(told).toEqual([{ table: 'holidays' }, { table: 'holidays', rows: undefined }]);
    await inTransaction(t.db, async (trx) => {
      told.length = 0;
      watchWrites(trx, (w) => told.push(w));
      await sql`  with x as (select 1) select * from x`.execute(trx);
      await sql`/* comment */ update holidays set name = 'z' where day = '2042-01-01'`.execute(trx);
    });
    // Only a raw statement beginning with SELECT counts as a read; anything else it cannot name may write anything.
    expect(told).toEqual([{ table: null }, { table: null }]);
  });

  test('When a transaction was not opened by inTransaction, then nothing is watched and the caller is told so', async () => {
    await t.db.kysely.transaction().execute(async (trx) => {
      expect(watchWrites(trx, () => undefined)).toBe(false);
    });
    expect(watchWrites(t.db.kysely, () => undefined)).toBe(false);
  });
});
