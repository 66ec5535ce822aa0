import type { Transaction } from 'kysely';
import type { Database } from '../src/db/database';
import { defer, flushDeferred, inTransaction } from '../src/db/transaction';
import { describeEachDialect, openTestDb, type TestDb } from './support/test-db';

describeEachDialect('writes deferred to the end of a transaction', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(dialect);
  });
  afterAll(() => t.close());

  let statements = 0;
  const writeDays = async (trx: Transaction<Database>, rows: Array<{ day: string; name: string; created_at: number }>) => {
    statements++;
    await trx.insertInto('holidays').values(rows).execute();
  };
  const day = (d: string) => ({ day: d, name: `libur ${d}`, created_at: 1 });
  const days = async (ex: Transaction<Database> | TestDb['db']['kysely'], prefix: string) =>
    (await ex.selectFrom('holidays').select('day').where('day', 'like', `${prefix}%`).orderBy('day').execute()).map((r) => r.day);

  test('When a transaction defers rows, then a reader that flushes sees them, the rest go in one INSERT before the commit, and all are stored', async () => {
    statements = 0;
    await inTransaction(t.db, async (trx) => {
      await defer(trx, 'days', day('2031-01-01'), writeDays);
      await defer(trx, 'days', day('2031-01-02'), writeDays);
      expect(await days(trx, '2031')).toEqual([]);
      await flushDeferred(trx, 'days');
      expect(await days(trx, '2031')).toEqual(['2031-01-01', '2031-01-02']);
      for (const d of ['2031-02-01', '2031-02-02', '2031-02-03']) await defer(trx, 'days', day(d), writeDays);
    });
    expect(statements).toBe(2);
    expect(await days(t.db.kysely, '2031')).toEqual(['2031-01-01', '2031-01-02', '2031-02-01', '2031-02-02', '2031-02-03']);
  });

  test('When the transaction fails, then nothing it deferred is written', async () => {
    await expect(
      inTransaction(t.db, async (trx) => {
        await defer(trx, 'days', day('2032-01-01'), writeDays);
        throw new Error('handler bug');
      }),
    ).rejects.toThrow('handler bug');
    expect(await days(t.db.kysely, '2032')).toEqual([]);
  });

  test('When a transaction was not opened by inTransaction, then a deferred row is written at once (nobody would flush it)', async () => {
    await t.db.kysely.transaction().execute(async (trx) => {
      await defer(trx, 'days', day('2033-01-01'), writeDays);
      expect(await days(trx, '2033')).toEqual(['2033-01-01']);
    });
    expect(await days(t.db.kysely, '2033')).toEqual(['2033-01-01']);
  });
});
