// fast-check arbitraries for what a WhatsApp user (or anyone who learns the webhook URL) can send.
import { EventEmitter } from 'node:events';
import fc from 'fast-check';

/** Characters that break naive code: NUL, right-to-left overrides, joiners, emoji, lone surrogates, markdown marks. */
const nasty = fc.constantFrom(
  '\u0000',
  '\u202e',
  '\u200f',
  '\u200d',
  '\ufeff',
  '👍',
  '🇮🇩',
  '👨‍🔧',
  '\ud800',
  '\udfff',
  'ש',
  'ع',
  '*',
  '_',
  '~',
  '#',
  '.',
  ',',
  '!',
  '?',
  '+',
  '\n',
  '\r\n',
  '\t',
  ' ',
  '%',
  '\\',
  '"',
  "'",
  '<script>',
);

/** Any text: full Unicode, with the nasty characters mixed in, sometimes very long. */
export const hostileText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 80 }) },
  {
    weight: 4,
    arbitrary: fc.array(fc.oneof(nasty, fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 40 }).map((parts) => parts.join('')),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('#request ', '#cek ', 'cek ', '*#track* ', '#selesai ', '#BRT'), fc.string({ unit: 'binary', maxLength: 40 }))
      .map(([a, b]) => a + b),
  },
  { weight: 1, arbitrary: fc.tuple(nasty, fc.integer({ min: 1_000, max: 60_000 })).map(([c, n]) => c.repeat(n)) },
);

/** Digits and phone-ish noise of any length, group ids included: what lands in varchar(64) columns. */
const hostileId = fc.oneof(fc.stringMatching(/^\+?[0-9 -]{1,200}$/), fc.stringMatching(/^[0-9]{1,120}@g\.us$/), hostileText);

/** Every JSON-able value, nested a little. */
export const anyJson = fc.jsonValue({ maxDepth: 4 });

/** A value of any type where Fonnte puts a string. */
const fieldValue = fc.oneof(hostileText, hostileId, anyJson, fc.constant(null), fc.double(), fc.integer(), fc.boolean());

const FONNTE_FIELDS = [
  'device',
  'sender',
  'pengirim',
  'member',
  'name',
  'message',
  'pesan',
  'text',
  'url',
  'filename',
  'extension',
  'type',
  'inboxid',
  'timestamp',
  'isgroup',
  'location',
  'choices',
] as const;

/** A Fonnte-shaped payload with hostile values, sometimes plus keys meant to pollute prototypes. */
export const fonnteishPayload = fc
  .tuple(
    fc.dictionary(fc.constantFrom(...FONNTE_FIELDS), fieldValue, { maxKeys: FONNTE_FIELDS.length }),
    fc.dictionary(
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'),
      fc.constant({ polluted: 'yes' }),
      { maxKeys: 3 },
    ),
  )
  .map(([fields, poison]) => rawJson({ ...fields }, poison));

/**
 * JSON text with `poison` keys written literally: JSON.stringify of an object literal
 * would turn `__proto__` into a prototype instead of a key.
 */
function rawJson(fields: Record<string, unknown>, poison: Record<string, unknown>): string {
  const parts = Object.entries(fields).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`);
  for (const k of Object.keys(poison)) parts.push(`${JSON.stringify(k)}:{"polluted":"yes"}`);
  return `{${parts.join(',')}}`;
}

/** Nested arrays or objects `depth` levels deep, as JSON text (V8 parses any depth; stringify and recursion may not). */
export function deepJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"message":'.repeat(depth)}"x"${'}'.repeat(depth)}`;
}

/** Own property names of Object.prototype in this realm and in Node's (core modules live in the outer realm under jest). */
export function prototypeSnapshot(): string[][] {
  const outer = Object.getPrototypeOf(Object.getPrototypeOf(new EventEmitter())) as object;
  return [Object.prototype, outer, Array.prototype].map((p) => Object.getOwnPropertyNames(p).sort());
}

export function pollutionSeen(): unknown[] {
  const outer = Object.getPrototypeOf(Object.getPrototypeOf(new EventEmitter())) as Record<string, unknown>;
  return [({} as Record<string, unknown>).polluted, outer.polluted, ([] as unknown as Record<string, unknown>).polluted].filter(
    (v) => v !== undefined,
  );
}
