import fc from 'fast-check';
import { SendConcurrency, signalOf, type SendPermit, type SendSignal } from '../../src/features/outbox/send-concurrency';
import type { SendOutcome } from '../../src/fonnte/fonnte-client';

/** Finishes one send that started now; returns the limit after. */
function one(c: SendConcurrency, signal: SendSignal, saturated = true): number {
  c.finish(c.start(), signal, saturated);
  return c.limit;
}

describe('SendConcurrency', () => {
  test.each([
    { name: 'a success while saturated adds one', steps: [['success', true]], limit: 9 },
    { name: 'a success with free slots and nothing waiting changes nothing', steps: [['success', false]], limit: 8 },
    { name: 'a neutral answer (the message was refused) changes nothing', steps: [['neutral', true]], limit: 8 },
    { name: 'a failure halves', steps: [['failure', true]], limit: 4 },
    { name: 'a failure halves whether or not saturated', steps: [['failure', false]], limit: 4 },
    {
      name: 'failures one after another halve each time',
      steps: [
        ['failure', true],
        ['failure', true],
        ['failure', true],
      ],
      limit: 1,
    },
    { name: 'never below 1', steps: Array.from({ length: 6 }, () => ['failure', true]), limit: 1 },
    {
      name: 'after a halving, success climbs back to the start one per send',
      steps: [['failure', true], ...Array(4).fill(['success', true])],
      limit: 8,
    },
  ] as Array<{ name: string; steps: Array<[SendSignal, boolean]>; limit: number }>)(
    'Starting at 8 (max 64): $name → $limit',
    ({ steps, limit }) => {
      const c = new SendConcurrency({ initial: 8, max: 64 });
      for (const [signal, saturated] of steps) one(c, signal, saturated);
      expect(c.limit).toBe(limit);
    },
  );

  test('When every send succeeds with work waiting, then the limit grows one per send up to the ceiling and stays there', () => {
    const c = new SendConcurrency({ initial: 8, max: 20 });
    const seen = Array.from({ length: 15 }, () => one(c, 'success'));
    expect(seen).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 20, 20, 20]);
  });

  test('When sends that all started before a halving fail, then it halves once for them all (one signal per round trip)', () => {
    const c = new SendConcurrency({ initial: 32, max: 64 });
    const permits: SendPermit[] = Array.from({ length: 32 }, () => c.start());
    for (const p of permits) c.finish(p, 'failure', true);
    expect(c.limit).toBe(16);
    // A send started after that halving failing halves again.
    expect(one(c, 'failure')).toBe(8);
  });

  test('When the limit is above the start and halves, then it grows back one per round trip (one per `limit` successes)', () => {
    const c = new SendConcurrency({ initial: 8, max: 64 });
    for (let i = 0; i < 24; i++) one(c, 'success'); // 32
    expect(c.limit).toBe(32);
    expect(one(c, 'failure')).toBe(16);
    const seen = Array.from({ length: 16 + 17 }, () => one(c, 'success'));
    expect(seen.slice(0, 15).every((l) => l === 16)).toBe(true);
    expect(seen[15]).toBe(17); // the 16th success
    expect(seen[32]).toBe(18); // 17 more
  });

  test('finish() says whether the limit changed', () => {
    const c = new SendConcurrency({ initial: 2, max: 3 });
    expect(c.finish(c.start(), 'success', true)).toBe(true);
    expect(c.finish(c.start(), 'success', true)).toBe(false); // at the ceiling
    expect(c.finish(c.start(), 'neutral', true)).toBe(false);
    expect(c.finish(c.start(), 'failure', true)).toBe(true);
  });

  test.each([
    { initial: 0, max: 4 },
    { initial: 5, max: 4 },
    { initial: 1.5, max: 4 },
  ])('When built with initial $initial and max $max, then it refuses', (o) => {
    expect(() => new SendConcurrency(o)).toThrow(/initial/);
  });

  const op = fc.record({
    signal: fc.constantFrom<SendSignal>('success', 'failure', 'neutral'),
    saturated: fc.boolean(),
    /** Which outstanding permit finishes (sends answer out of order). */
    pick: fc.nat(),
    /** Sends started before this one finishes. */
    starts: fc.nat({ max: 3 }),
  });

  test('Property: whatever the gateway answers, in any order, 1 <= limit <= max, and it only grows by one on a saturated success', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 0, max: 48 }),
        fc.array(op, { maxLength: 300 }),
        (initial, extra, ops) => {
          const max = initial + extra;
          const c = new SendConcurrency({ initial, max });
          const out: SendPermit[] = [];
          for (const o of ops) {
            for (let i = 0; i < o.starts; i++) out.push(c.start());
            if (out.length === 0) continue;
            const [permit] = out.splice(o.pick % out.length, 1);
            const before = c.limit;
            c.finish(permit!, o.signal, o.saturated);
            expect(c.limit).toBeGreaterThanOrEqual(1);
            expect(c.limit).toBeLessThanOrEqual(max);
            if (c.limit > before) {
              expect(c.limit).toBe(before + 1);
              expect(o.signal === 'success' && o.saturated).toBe(true);
            }
            if (o.signal === 'failure') expect(c.limit).toBeLessThanOrEqual(before);
            else expect(c.limit).toBeGreaterThanOrEqual(before);
          }
        },
      ),
    );
  });

  test('Property: a failure halves the limit at most once per group of sends started together', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 100 }), (initial, n) => {
        const c = new SendConcurrency({ initial, max: 64 });
        const permits = Array.from({ length: n }, () => c.start());
        for (const p of permits) c.finish(p, 'failure', true);
        expect(c.limit).toBe(Math.max(1, Math.floor(initial / 2)));
      }),
    );
  });
});

describe('signalOf', () => {
  test.each<[SendOutcome, SendSignal]>([
    [{ kind: 'sent', providerId: '1' }, 'success'],
    [{ kind: 'retry', reason: 'timeout after 15000 ms (Fonnte may have queued it)' }, 'failure'],
    [{ kind: 'retry', reason: 'HTTP 502: <html>Bad gateway</html>' }, 'failure'],
    [{ kind: 'retry', reason: 'HTTP 429' }, 'failure'],
    [{ kind: 'retry', reason: 'network error ECONNREFUSED: connect ECONNREFUSED' }, 'failure'],
    [{ kind: 'retry', reason: 'request invalid on disconnected device' }, 'failure'],
    [{ kind: 'retry', reason: 'insufficient quota' }, 'failure'],
    [{ kind: 'retry', reason: 'token invalid', needsOperator: true }, 'failure'],
    [{ kind: 'dead', reason: 'target invalid' }, 'neutral'],
    [{ kind: 'dead', reason: 'HTTP 400: bad input' }, 'neutral'],
  ])('%j → %s', (outcome, signal) => {
    expect(signalOf(outcome)).toBe(signal);
  });
});
