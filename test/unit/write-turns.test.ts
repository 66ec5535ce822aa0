import { WriteTurns } from '../../src/features/outbox/write-turns';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('WriteTurns', () => {
  test('When more tasks than turns arrive, then at most `size` run and the rest start in arrival order', async () => {
    const turns = new WriteTurns(2);
    const gates = Array.from({ length: 5 }, deferred);
    const started: number[] = [];
    let running = 0;
    let most = 0;
    const all = gates.map((g, i) =>
      turns.run(async () => {
        started.push(i);
        most = Math.max(most, ++running);
        await g.promise;
        running--;
        return i;
      }),
    );
    await settle();
    expect(started).toEqual([0, 1]);
    gates[1]!.resolve();
    await settle();
    expect(started).toEqual([0, 1, 2]);
    gates.forEach((g) => g.resolve());
    expect(await Promise.all(all)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  test('When a task fails, then its caller gets the error and its turn goes to the next', async () => {
    const turns = new WriteTurns(1);
    const first = deferred();
    const failing = turns.run(() => first.promise);
    const next = turns.run(async () => 'next');
    first.reject(new Error('lock wait timeout'));
    await expect(failing).rejects.toThrow('lock wait timeout');
    await expect(next).resolves.toBe('next');
    // The turn was given back: a later task runs at once.
    await expect(turns.run(async () => 'later')).resolves.toBe('later');
  });

  test('When built with no turns, then it refuses', () => {
    expect(() => new WriteTurns(0)).toThrow(/size/);
  });
});
