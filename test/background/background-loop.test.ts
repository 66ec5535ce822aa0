import pino from 'pino';
import { BackgroundLoop, type BackgroundLoopOptions, type LoopTimers } from '../../src/background/background-loop';

/** Timers the test fires by hand: no waiting on the wall clock. */
class ManualTimers implements LoopTimers {
  private next = 1;
  readonly armed = new Map<number, { run: () => void; ms: number }>();
  set(run: () => void, ms: number): number {
    const id = this.next++;
    this.armed.set(id, { run, ms });
    return id;
  }
  clear(handle: unknown): void {
    this.armed.delete(handle as number);
  }
  /** The delays of the timers armed now. */
  delays(): number[] {
    return [...this.armed.values()].map((t) => t.ms);
  }
  fireAll(): void {
    const due = [...this.armed.values()];
    this.armed.clear();
    for (const t of due) t.run();
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets pending promise callbacks and setImmediate callbacks run. */
const settle = () => new Promise((r) => setImmediate(r));

function harness(opts: Partial<BackgroundLoopOptions> & { passes?: Array<() => Promise<boolean | void>> } = {}) {
  const lines: Array<{ level: number; msg: string; retryInMs?: number; err?: { message: string } }> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const timers = new ManualTimers();
  const script = opts.passes ?? [];
  let passes = 0;
  const loop = new BackgroundLoop({
    name: 'test loop',
    logger,
    pollMs: 1_000,
    timers,
    pass: async () => {
      const step = script[passes++];
      return step ? step() : false;
    },
    ...opts,
  });
  return { loop, timers, lines, passes: () => passes };
}

describe('BackgroundLoop', () => {
  test('When notify() is called several times during a pass, then exactly one more pass runs', async () => {
    const first = deferred();
    const h = harness({ passes: [() => first.promise.then(() => false)] });
    h.loop.start();
    await settle();
    expect(h.passes()).toBe(1);

    h.loop.notify();
    h.loop.notify();
    h.loop.notify();
    first.resolve();
    await h.loop.whenIdle();
    expect(h.passes()).toBe(2);
    // Idle again: the next look is the poll.
    expect(h.timers.delays()).toEqual([1_000]);
    await h.loop.stop();
  });

  test('When a notify() lands after the last pass ended, then it is not lost', async () => {
    const h = harness();
    h.loop.start();
    await h.loop.whenIdle();
    h.loop.notify();
    await h.loop.whenIdle();
    expect(h.passes()).toBe(2);
    await h.loop.stop();
  });

  test('When a pass finds a full batch, then the next runs at once, without waiting for the poll', async () => {
    const h = harness({ passes: [async () => true, async () => true, async () => false] });
    h.loop.start();
    await h.loop.whenIdle();
    expect(h.passes()).toBe(3);
    expect(h.timers.delays()).toEqual([1_000]);
    await h.loop.stop();
  });

  test('When stop() is called during a pass, then it waits for that pass and no pass starts afterwards', async () => {
    const inFlight = deferred();
    let finished = false;
    const h = harness({ passes: [() => inFlight.promise.then(() => void (finished = true))] });
    h.loop.start();
    await settle();
    expect(h.passes()).toBe(1);

    let stopped = false;
    const stopping = h.loop.stop().then(() => (stopped = true));
    h.loop.notify(); // asked for during the stop: ignored
    await settle();
    expect(stopped).toBe(false);

    inFlight.resolve();
    await stopping;
    expect(finished).toBe(true);
    h.loop.notify();
    h.loop.start(); // a stopped loop stays stopped
    await settle();
    expect(h.passes()).toBe(1);
    expect(h.timers.armed.size).toBe(0);
  });

  test('When a pass throws, then it is logged and tried again after a backoff that grows and resets on success', async () => {
    const boom = async () => {
      throw new Error('database down');
    };
    const h = harness({ passes: [boom, boom, async () => false], backoffMs: 100, maxBackoffMs: 150 });
    h.loop.start();
    await h.loop.whenIdle();
    expect(h.passes()).toBe(1);
    expect(h.lines).toEqual([expect.objectContaining({ level: 50, msg: 'test loop failed; retrying after a pause', retryInMs: 100 })]);
    expect(h.lines[0]!.err?.message).toBe('database down');
    expect(h.timers.delays()).toEqual([100]);

    h.timers.fireAll();
    await h.loop.whenIdle();
    expect(h.passes()).toBe(2);
    expect(h.timers.delays()).toEqual([150]); // doubled, capped

    h.timers.fireAll();
    await h.loop.whenIdle();
    expect(h.passes()).toBe(3);
    expect(h.timers.delays()).toEqual([1_000]); // the poll again
    await h.loop.stop();
  });

  test('When a pass throws, then a wake-up that came during it waits for the backoff, and onError replaces the default log', async () => {
    const failing = deferred();
    const seen: number[] = [];
    const h = harness({
      passes: [() => failing.promise.then(() => Promise.reject(new Error('x')))],
      onError: (_err, retryInMs) => seen.push(retryInMs),
    });
    h.loop.start();
    await settle();
    h.loop.notify();
    failing.resolve();
    await h.loop.whenIdle();
    expect(h.passes()).toBe(1);
    expect(seen).toEqual([1_000]);
    expect(h.lines).toEqual([]);
    await h.loop.stop();
  });

  test('When the ready condition is false, then a wake-up waits for resume(), which runs exactly one pass', async () => {
    let ready = false;
    const h = harness({ ready: () => ready });
    h.loop.start();
    await settle();
    h.loop.notify();
    await h.loop.whenIdle();
    expect(h.passes()).toBe(0);
    expect(h.timers.delays()).toEqual([1_000]); // still polling

    ready = true;
    h.loop.resume();
    h.loop.resume();
    await h.loop.whenIdle();
    expect(h.passes()).toBe(1);
    h.loop.resume(); // nothing asked for since
    await h.loop.whenIdle();
    expect(h.passes()).toBe(1);
    await h.loop.stop();
  });

  test('When not started, then notify() is ignored unless wakeBeforeStart, and the poll arms only after start()', async () => {
    const plain = harness();
    plain.loop.notify();
    await plain.loop.whenIdle();
    expect(plain.passes()).toBe(0);

    const eager = harness({ wakeBeforeStart: true });
    eager.loop.notify();
    await eager.loop.whenIdle();
    expect(eager.passes()).toBe(1);
    expect(eager.timers.armed.size).toBe(0);
    await eager.loop.stop();
  });

  test('When firstPassAfterMs is set, then the first pass waits for it and later ones for the poll', async () => {
    const h = harness({ firstPassAfterMs: 10_000 });
    h.loop.start();
    await settle();
    expect(h.passes()).toBe(0);
    expect(h.timers.delays()).toEqual([10_000]);
    h.timers.fireAll();
    await h.loop.whenIdle();
    expect(h.passes()).toBe(1);
    expect(h.timers.delays()).toEqual([1_000]);
    await h.loop.stop();
  });

  test('When a loop polls or is stopped, then no timer of it keeps the process alive', async () => {
    const refTimers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = refTimers();
    const loop = new BackgroundLoop({ name: 'real timers', logger: pino({ level: 'silent' }), pollMs: 60_000, pass: async () => false });
    loop.start();
    await loop.whenIdle(); // the first pass ran; the 60 s poll is armed
    expect(refTimers()).toBe(before);
    await loop.stop();
    expect(refTimers()).toBe(before);

    const h = harness();
    h.loop.start();
    await h.loop.whenIdle();
    expect(h.timers.armed.size).toBe(1);
    await h.loop.stop();
    expect(h.timers.armed.size).toBe(0);
  });
});
