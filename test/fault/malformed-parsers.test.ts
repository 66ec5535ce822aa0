import fc from 'fast-check';
import { parseCommand } from '../../src/chat/parse-command';
import { formatTrackingNumber, parseTrackingNumber } from '../../src/features/tickets/tracking-number';
import { FAULT_SCALE } from './fault-fixtures';
import { hostileText, pollutionSeen, prototypeSnapshot } from './hostile-text';

const runs = 500 * FAULT_SCALE;
/**
 * A parser on the chat path runs inside the message's transaction: it must stay fast on anything,
 * e.g. no regex backtracking blow-up. Linear parsing of these inputs takes well under 1 ms; the
 * bound is generous so a busy shared machine cannot fail it, while a quadratic one takes seconds.
 */
const FAST_MS = 250;

function timed<T>(fn: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t };
}

describe('the pure parsers on hostile text', () => {
  const before = prototypeSnapshot();
  afterAll(() => {
    expect(prototypeSnapshot()).toEqual(before);
    expect(pollutionSeen()).toEqual([]);
  });

  test('When any text is parsed as a command, then it never throws, stays fast, and yields a clean word and trimmed args or nothing', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const { value, ms } = timed(() => parseCommand(text));
        expect(ms).toBeLessThan(FAST_MS);
        if (value === undefined) return;
        expect(value.word).toMatch(/^[a-z][a-z0-9]*$/);
        expect(value.args).toBe(value.args.trim());
        expect(typeof value.hashed).toBe('boolean');
      }),
      { numRuns: runs },
    );
  });

  test('When any text is parsed as a tracking number, then it never throws, stays fast, and yields a well-formed number or nothing', () => {
    fc.assert(
      fc.property(hostileText, fc.constantFrom('BRT', 'X', 'ABCDEFGH'), (text, prefix) => {
        const { value, ms } = timed(() => parseTrackingNumber(text, prefix));
        expect(ms).toBeLessThan(FAST_MS);
        if (value === undefined) return;
        expect(value).toMatch(new RegExp(`^(${prefix}\\d{7,}|[A-Z]{1,8}\\d{7,12})$`));
        expect(parseTrackingNumber(value, prefix)).toBe(value);
      }),
      { numRuns: runs },
    );
  });

  test('When a real number is pasted with WhatsApp marks, any case and trailing noise, then it is read back exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 25_000 }),
        fc.constantFrom('', '*', '_', '~', '#', '*#'),
        fc.constantFrom('', '*', '.', '!?', ','),
        fc.boolean(),
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        (yy, mm, seq, lead, trail, lower, rest) => {
          const no = formatTrackingNumber('BRT', `${String(yy).padStart(2, '0')}${String(mm).padStart(2, '0')}`, seq);
          const typed = `${lead}${lower ? no.toLowerCase() : no}${trail}`;
          expect(parseTrackingNumber(`  ${typed} ${rest}`, 'BRT')).toBe(no);
        },
      ),
      { numRuns: runs },
    );
  });

  test('When a message is a 30,000-character run of one mark, then both parsers answer within the time limit', () => {
    // 30,000 characters keep a quadratic regex to about a second here (WhatsApp allows 65,536; the webhook 256 KB).
    const slow: string[] = [];
    for (const c of ['*', '#', ' ', '_', '~', '+', '.', ',', '!', '?', 'a', '9', '\u202e', '👍']) {
      const run = c.repeat(30_000);
      for (const [name, input] of [
        ['run', run],
        ['run+x', `${run}x`],
        ['#cek run', `#cek ${run}x`],
        ['#request run', `#request ${run}`],
      ] as const) {
        const command = timed(() => parseCommand(input)).ms;
        const tracking = timed(() => parseTrackingNumber(input, 'BRT')).ms;
        if (command >= FAST_MS) slow.push(`parseCommand(${name} of ${JSON.stringify(c)}): ${Math.round(command)} ms`);
        if (tracking >= FAST_MS) slow.push(`parseTrackingNumber(${name} of ${JSON.stringify(c)}): ${Math.round(tracking)} ms`);
      }
    }
    expect(slow).toEqual([]);
  });
});
