import { parseWorkWeek } from '../../src/shared/work-week';
import { loadConfig } from '../../src/config';

const hm = (h: number, m = 0) => h * 60 + m;

describe('WORK_WEEK', () => {
  test('When the default week is read, then Monday–Friday run 07:30–16:00, Saturday 07:30–12:00 and Sunday not at all', () => {
    const week = parseWorkWeek('mon-fri 07:30-16:00; sat 07:30-12:00');
    for (const d of [1, 2, 3, 4, 5]) expect(week[d]).toEqual([{ from: hm(7, 30), to: hm(16) }]);
    expect(week[6]).toEqual([{ from: hm(7, 30), to: hm(12) }]);
    expect(week[0]).toEqual([]);
  });

  test('When days are written in Indonesian, wrap past Sunday, or carry a lunch break, then they are read as meant', () => {
    const week = parseWorkWeek('sen-jum 07.30-12:00 13:00-16:00; sab-min 08:00-11:00');
    expect(week[3]).toEqual([
      { from: hm(7, 30), to: hm(12) },
      { from: hm(13), to: hm(16) },
    ]);
    expect(week[0]).toEqual([{ from: hm(8), to: hm(11) }]);
    expect(week[6]).toEqual([{ from: hm(8), to: hm(11) }]);
  });

  test.each([
    ['', 'no working time'],
    ['mon-fri', 'needs days and at least one span'],
    ['mun 07:00-16:00', '"mun" is not a day'],
    ['mon 16:00-07:00', 'ends before it starts'],
    ['mon 07:00-12:00 11:00-16:00', 'overlapping'],
    ['mon 7-16', 'is not a time'],
  ])('When WORK_WEEK is %j, then it is refused naming the problem', (text, problem) => {
    expect(() => parseWorkWeek(text)).toThrow(problem);
  });

  test('When the configuration holds a malformed WORK_WEEK, then loading it fails naming the variable', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', WORK_WEEK: 'mon 16:00-07:00' })).toThrow(/WORK_WEEK/);
    expect(loadConfig({ NODE_ENV: 'test' }).sla.week[1]).toEqual([{ from: hm(7, 30), to: hm(16) }]);
  });
});
