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
  const writeDays = (trx: Transaction<Database>, rows: Array<{ day: string; name: string; created_at: number }>) => {
    statements++;
    return trx.insertInto('holidays').values(rows);
  };
  const day = (d: string) => ({ day: d, name: `libur ${d}`, created_at: 1 });
  const days = async (ex: Transaction<Database> | TestDb['db']['kysely'], prefix: string) =>
    (await ex.selectFrom('holidays').select('day').where('day', 'like', `${prefix}%`).orderBy('day').execute()).map((r) => r.day);

  test('When a transaction keeps rows back, then its next statement sees them, a run of them is one INSERT, the rest go before the commit, and all are stored', async () => {
    statements = 0;
    await inTransaction(t.db, async (trx) => {
      await defer(trx, 'days', day('2031-01-01'), writeDays);
      await defer(trx, 'days', day('2031-01-02'), writeDays);
      expect(statements).toBe(0);
      expect(await days(trx, '2031')).toEqual(['2031-01-01', '2031-01-02']);
      expect(statements).toBe(1);
      for (const d of ['2031-02-01', '2031-02-02', '2031-02-03']) await defer(trx, 'days', day(d), writeDays);
      await flushDeferred(trx);
      expect(statements).toBe(2);
      await defer(trx, 'days', day('2031-03-01'), writeDays);
    });
    expect(statements).toBe(3);
    expect(await days(t.db.kysely, '2031')).toEqual(['2031-01-01', '2031-01-02', '2031-02-01', '2031-02-02', '2031-02-03', '2031-03-01']);
  });

  test('When rows of two kinds are kept back, then they are written in the order each kind was first kept, before a write that needs them', async () => {
    const order: string[] = [];
    const writeNamed = (trx: Transaction<Database>, rows: Array<{ day: string; name: string; created_at: number }>) => {
      order.push(rows[0]!.name);
      return trx.insertInto('holidays').values(rows);
    };
    await inTransaction(t.db, async (trx) => {
      await defer(trx, 'first', { ...day('2034-01-01'), name: 'first' }, writeNamed);
      await defer(trx, 'second', { ...day('2034-01-02'), name: 'second' }, writeNamed);
      await defer(trx, 'first', { ...day('2034-01-03'), name: 'first' }, writeNamed);
      // A statement that is not kept back: the kept rows go before it.
      await trx.updateTable('holidays').set({ name: 'renamed' }).where('day', '=', '2034-01-02').execute();
    });
    expect(order).toEqual(['first', 'second']);
    const rows = await t.db.kysely.selectFrom('holidays').select(['day', 'name']).where('day', 'like', '2034%').orderBy('day').execute();
    expect(rows).toEqual([
      { day: '2034-01-01', name: 'first' },
      { day: '2034-01-02', name: 'renamed' },
      { day: '2034-01-03', name: 'first' },
    ]);
  });

  test('When two kinds are still kept back as the transaction ends, then they are written in the order first kept', async () => {
    const rename = (trx: Transaction<Database>, rows: Array<{ day: string }>) =>
      trx
        .updateTable('holidays')
        .set({ name: 'renamed' })
        .where(
          'day',
          'in',
          rows.map((r) => r.day),
        );
    await inTransaction(t.db, async (trx) => {
      await defer(trx, 'days', day('2035-01-01'), writeDays);
      // Written after the row it renames, or it renames nothing.
      await defer(trx, 'renames', { day: '2035-01-01' }, rename);
    });
    expect(await t.db.kysely.selectFrom('holidays').select('name').where('day', '=', '2035-01-01').executeTakeFirst()).toEqual({
      name: 'renamed',
    });
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
