import { parseCommand } from '../../src/chat/parse-command';
import { createCommandRegistry } from '../../src/chat';
import { parseTrackingNumber, formatTrackingNumber } from '../../src/features/tickets/tracking-number';
import { normalizePhone } from '../../src/shared/phone';

describe('parseCommand', () => {
  test.each([
    ['#cek BRT2409001', { word: 'cek', args: 'BRT2409001', hashed: true }],
    ['Cek BRT2409001', { word: 'cek', args: 'BRT2409001', hashed: false }],
    ['  REQUEST  lampu mati  ', { word: 'request', args: 'lampu mati', hashed: false }],
    ['*#request* atap bocor', { word: 'request', args: 'atap bocor', hashed: true }],
    ['#help', { word: 'help', args: '', hashed: true }],
    ['#request: lampu\nruang 2', { word: 'request', args: 'lampu\nruang 2', hashed: true }],
    ['#cek, BRT2409001', { word: 'cek', args: 'BRT2409001', hashed: true }],
    ['@6281100000000 #request keran bocor', { word: 'request', args: 'keran bocor', hashed: true }],
    ['@6281100000000 @6281234567890, #cek', { word: 'cek', args: '', hashed: true }],
    ['@6289999999999: *#help*', { word: 'help', args: '', hashed: true }],
    ['@Budi tolong dicek', { word: 'tolong', args: 'dicek', hashed: false }],
  ])('When the message is %j, then it reads as the command word and its text', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  test.each(['', '   ', '👍', '123 lampu', '#', '#🙂', '@6281100000000', '@6281100000000 @628123 🙏'])(
    'When the message is %j, then it is not a command',
    (text) => {
      expect(parseCommand(text)).toBeUndefined();
    },
  );

  test('When a word runs into other characters (#cekBRT), then the whole word is the command word', () => {
    expect(parseCommand('#cekBRT2409001')?.word).toBe('cekbrt2409001');
  });
});

describe('command registry', () => {
  const registry = createCommandRegistry();
  const reporter = new Set(['reporter'] as const);

  test('When a known alias is looked up in any case, then it resolves to its command', () => {
    expect(registry.lookup('TOLONG')?.name).toBe('request');
    expect(registry.lookup('bantuan')?.name).toBe('help');
  });

  test.each([
    ['reqeust', 'request'],
    ['requst', 'request'],
    ['trak', 'track'],
    ['seleai', 'selesai'],
  ])('When %s is typed, then %s is suggested', (typo, expected) => {
    expect(registry.suggest(typo, reporter)?.name).toBe(expected);
  });

  test('When the word is far from every command, then nothing is suggested', () => {
    expect(registry.suggest('semuanya', reporter)).toBeUndefined();
  });

  test('When the menu is built for a reporter, then it lists each listed command once', () => {
    const menu = registry.menu(reporter);
    expect(menu.match(/👉/g)).toHaveLength(registry.available(reporter).length);
    expect(menu).toContain('#request <keluhan Anda>');
  });
});

describe('tracking numbers and phone numbers', () => {
  test.each([
    ['brt2409001', 'BRT2409001'],
    ['*BRT2409001*', 'BRT2409001'],
    ['#BRT2409001.', 'BRT2409001'],
    ['BRT24091000 tolong dicek', 'BRT24091000'],
    // Another prefix: a number carried over from the old system (wa-ticketing import legacy).
    ['*mon2403002*', 'MON2403002'],
  ])('When %j is given, then it reads as %s', (input, expected) => {
    expect(parseTrackingNumber(input, 'BRT')).toBe(expected);
  });

  test.each(['halo', 'BRT24', 'MON240900', 'BRT240900', 'ABCDEFGHI2409001'])(
    'When %j is given, then it is not a tracking number',
    (input) => {
      expect(parseTrackingNumber(input, 'BRT')).toBeUndefined();
    },
  );

  test('When a sequence passes 999, then the number grows instead of wrapping', () => {
    expect(formatTrackingNumber('BRT', '2409', 7)).toBe('BRT2409007');
    expect(formatTrackingNumber('BRT', '2409', 1234)).toBe('BRT24091234');
  });

  test.each([
    ['0812-1147-6069', '6281211476069'],
    ['+62 812 1147 6069', '6281211476069'],
    ['6281211476069', '6281211476069'],
    ['120363025555555555@g.us', '120363025555555555@g.us'],
    ['', ''],
  ])('When the phone is %j, then it is stored as %j', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });
});
