import { createDb, type Db } from '../../src/db/create-db';
import { oncePerTransaction } from '../../src/db/transaction-memo';

describe('reference reads once per transaction', () => {
  let db: Db;
  beforeAll(() => {
    db = createDb('sqlite::memory:');
  });
  afterAll(() => db.destroy());

  test('When a transaction asks the same question twice, then it is loaded once; another transaction and the database itself load again', async () => {
    let loads = 0;
    const load = async () => ++loads;
    const inFirst = await db.kysely
      .transaction()
      .execute(async (trx) => [
        await oncePerTransaction(trx, 'k', load),
        await oncePerTransaction(trx, 'k', load),
        await oncePerTransaction(trx, 'other', load),
      ]);
    expect(inFirst).toEqual([1, 1, 2]);
    expect(await db.kysely.transaction().execute((trx) => oncePerTransaction(trx, 'k', load))).toBe(3);
    expect(await oncePerTransaction(db.kysely, 'k', load)).toBe(4);
    expect(await oncePerTransaction(db.kysely, 'k', load)).toBe(5);
  });

  test('When a read fails, then the error reaches the caller and the next call in the transaction reads again', async () => {
    let calls = 0;
    const load = async () => {
      if (++calls === 1) throw new Error('lost connection');
      return 'rules';
    };
    await db.kysely.transaction().execute(async (trx) => {
      await expect(oncePerTransaction(trx, 'k', load)).rejects.toThrow('lost connection');
      expect(await oncePerTransaction(trx, 'k', load)).toBe('rules');
      expect(await oncePerTransaction(trx, 'k', load)).toBe('rules');
    });
    expect(calls).toBe(2);
  });
});
