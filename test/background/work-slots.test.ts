import { WorkSlots } from '../../src/background/work-slots';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('WorkSlots', () => {
  test('When more items than slots are added, then at most `concurrency` run and each freed slot takes the next', async () => {
    const gates = new Map<number, ReturnType<typeof deferred>>();
    const started: number[] = [];
    let settled = 0;
    const slots = new WorkSlots<number>({
      concurrency: 2,
      work: (n) => {
        started.push(n);
        const d = deferred();
        gates.set(n, d);
        return d.promise;
      },
      onSettled: () => settled++,
    });
    slots.add([1, 2, 3]);
    expect(started).toEqual([1, 2]);
    expect(slots.hasRoom()).toBe(false);

    gates.get(1)!.resolve();
    await settle();
    expect(started).toEqual([1, 2, 3]);
    expect(settled).toBe(1);
    expect(slots.hasRoom()).toBe(false); // two in flight

    gates.get(2)!.resolve();
    await settle();
    expect(slots.hasRoom()).toBe(true);
    gates.get(3)!.resolve();
    await slots.whenEmpty();
    expect(settled).toBe(3);
  });

  test('When closed, then nothing more starts, what waits is handed back, and whenEmpty() waits for the work in flight', async () => {
    const gate = deferred();
    const started: number[] = [];
    let done = false;
    const slots = new WorkSlots<number>({
      concurrency: 1,
      work: (n) => {
        started.push(n);
        return gate.promise.then(() => void (done = true));
      },
    });
    slots.add([1, 2, 3]);
    slots.close();
    expect(slots.takeWaiting()).toEqual([2, 3]);
    const empty = slots.whenEmpty();
    gate.resolve();
    await empty;
    expect(done).toBe(true);
    expect(started).toEqual([1]);
  });

  test('When more may start than startsPerTurn, then the rest start on later turns of the event loop, and whenEmpty() waits for them too', async () => {
    const started: number[] = [];
    const slots = new WorkSlots<number>({
      concurrency: 10,
      startsPerTurn: 3,
      work: async (n) => void started.push(n),
    });
    slots.add([1, 2, 3, 4, 5, 6, 7]);
    expect(started).toEqual([1, 2, 3]);
    await settle();
    expect(started).toEqual([1, 2, 3, 4, 5, 6]);
    await slots.whenEmpty();
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  test('When closed while starts wait for the next turn, then they do not start and are handed back', async () => {
    const started: number[] = [];
    const slots = new WorkSlots<number>({ concurrency: 10, startsPerTurn: 2, work: async (n) => void started.push(n) });
    slots.add([1, 2, 3, 4]);
    slots.close();
    expect(slots.takeWaiting()).toEqual([3, 4]);
    await slots.whenEmpty();
    expect(started).toEqual([1, 2]);
  });
});
