import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import fc from 'fast-check';
import { WorkingCalendar } from '../../src/features/sla/working-calendar';
import { parseWorkWeek, type WorkWeek } from '../../src/shared/work-week';

dayjs.extend(utc);
dayjs.extend(timezone);

const TZ = 'Asia/Jakarta';
const DEFAULT_WEEK = parseWorkWeek('mon-fri 07:30-16:00; sat 07:30-12:00');
const H = 3_600_000;
const M = 60_000;

/** `2026-12-04 15:00` on the wall clock of `tz`, as an instant. */
const at = (wall: string, tz = TZ) => dayjs.tz(wall, tz).valueOf();
const wall = (t: number, tz = TZ) => dayjs(t).tz(tz).format('ddd YYYY-MM-DD HH:mm');
const calendar = (holidays: string[] = [], week: WorkWeek = DEFAULT_WEEK, tz = TZ) => new WorkingCalendar({ week, holidays, timezone: tz });

/** Idul Fitri 1447 H with the cuti bersama around it: Wednesday 18 to Tuesday 24 March 2026. */
const LEBARAN = ['2026-03-18', '2026-03-19', '2026-03-20', '2026-03-21', '2026-03-22', '2026-03-23', '2026-03-24'];

describe('WorkingCalendar', () => {
  test.each([
    ['Friday mid-afternoon', '2026-12-04 15:00', [], true],
    ['the first minute of a span', '2026-12-04 07:30', [], true],
    ['the end of a span (exclusive)', '2026-12-04 16:00', [], false],
    ['before work starts', '2026-12-04 07:29', [], false],
    ['Saturday morning', '2026-12-05 11:59', [], true],
    ['Saturday noon', '2026-12-05 12:00', [], false],
    ['Sunday', '2026-12-06 10:00', [], false],
    ['a Monday that is a holiday', '2026-12-07 10:00', ['2026-12-07'], false],
    ['the Tuesday after that holiday', '2026-12-08 10:00', ['2026-12-07'], true],
  ])('When it is %s (%s), then isWorking says so', (_what, time, holidays, expected) => {
    expect(calendar(holidays).isWorking(at(time))).toBe(expected);
  });

  test.each([
    ['a working instant', '2026-12-04 10:00', [], 'Fri 2026-12-04 10:00'],
    ['Friday evening', '2026-12-04 16:30', [], 'Sat 2026-12-05 07:30'],
    ['Saturday noon', '2026-12-05 12:00', [], 'Mon 2026-12-07 07:30'],
    ['Saturday noon before a Monday holiday', '2026-12-05 12:00', ['2026-12-07'], 'Tue 2026-12-08 07:30'],
    ['early morning', '2026-12-07 05:00', [], 'Mon 2026-12-07 07:30'],
  ])('When it is %s, then nextWorkingStart is the start of the next span', (_what, time, holidays, expected) => {
    expect(wall(calendar(holidays).nextWorkingStart(at(time)))).toBe(expected);
  });

  test.each([
    ['Friday 15:00 + 2 h runs over into Saturday', '2026-12-04 15:00', 2 * H, [], 'Sat 2026-12-05 08:30'],
    ['Saturday 11:00 + 2 h runs over Sunday', '2026-12-05 11:00', 2 * H, [], 'Mon 2026-12-07 08:30'],
    ['a Monday holiday is skipped', '2026-12-05 11:00', 2 * H, ['2026-12-07'], 'Tue 2026-12-08 08:30'],
    ['a target that ends with the span is due at its end', '2026-12-04 15:00', 1 * H, [], 'Fri 2026-12-04 16:00'],
    ['a start outside hours counts from the next span', '2026-12-06 10:00', 30 * M, [], 'Mon 2026-12-07 08:00'],
    ['the Lebaran week is skipped whole', '2026-03-17 15:00', 2 * H, LEBARAN, 'Wed 2026-03-25 08:30'],
    ['month end', '2026-10-31 11:30', 1 * H, [], 'Mon 2026-11-02 08:00'],
    ['year end with New Year a holiday', '2026-12-31 15:00', 3 * H, ['2027-01-01'], 'Sat 2027-01-02 09:30'],
    ['four weeks of working time from Monday morning', '2026-11-02 07:30', 4 * 47 * H, [], 'Sat 2026-11-28 12:00'],
    ['four weeks with Lebaran inside (it costs 47 h, a whole week)', '2026-03-02 07:30', 4 * 47 * H, LEBARAN, 'Sat 2026-04-04 12:00'],
    ['zero', '2026-12-06 10:00', 0, [], 'Sun 2026-12-06 10:00'],
    ['a negative amount goes back', '2026-12-07 08:30', -2 * H, [], 'Sat 2026-12-05 11:00'],
  ])('When %s, then add gives the due instant', (_what, from, ms, holidays, expected) => {
    expect(wall(calendar(holidays).add(at(from), ms))).toBe(expected);
  });

  test.each([
    ['back over Sunday', '2026-12-07 08:30', 2 * H, [], 'Sat 2026-12-05 11:00'],
    ['back to the start of the morning, not the evening before', '2026-12-07 08:30', 1 * H, [], 'Mon 2026-12-07 07:30'],
    ['back over a Monday holiday', '2026-12-08 08:30', 2 * H, ['2026-12-07'], 'Sat 2026-12-05 11:00'],
    ['back over the Lebaran week', '2026-03-25 08:30', 2 * H, LEBARAN, 'Tue 2026-03-17 15:00'],
    ['from outside hours', '2026-12-06 10:00', 30 * M, [], 'Sat 2026-12-05 11:30'],
    ['zero', '2026-12-06 10:00', 0, [], 'Sun 2026-12-06 10:00'],
    ['a negative amount goes forward', '2026-12-04 15:00', -2 * H, [], 'Sat 2026-12-05 08:30'],
  ])('When going %s, then subtract gives the instant before', (_what, from, ms, holidays, expected) => {
    expect(wall(calendar(holidays).subtract(at(from), ms))).toBe(expected);
  });

  test.each([
    ['across a weekend', '2026-12-04 15:00', '2026-12-07 08:30', [], 6.5 * H],
    ['across a weekend with Saturday a holiday', '2026-12-04 15:00', '2026-12-07 08:30', ['2026-12-05'], 2 * H],
    ['within one span', '2026-12-04 09:00', '2026-12-04 09:45', [], 45 * M],
    ['wholly outside hours', '2026-12-05 12:00', '2026-12-07 07:30', [], 0],
    ['across the Lebaran week', '2026-03-17 15:00', '2026-03-25 08:30', LEBARAN, 2 * H],
    ['the same instant', '2026-12-04 10:00', '2026-12-04 10:00', [], 0],
    ['backwards', '2026-12-07 10:00', '2026-12-04 10:00', [], 0],
  ])('When counting %s, then between gives the working time', (_what, a, b, holidays, expected) => {
    expect(calendar(holidays).between(at(a), at(b))).toBe(expected);
  });

  test('When a year is counted at once, then between equals the sum of its working days', () => {
    const holidays = [...LEBARAN, '2026-01-01', '2026-05-01', '2026-08-17', '2026-12-25'];
    let expected = 0;
    for (let d = dayjs.utc('2026-01-01'); d.year() === 2026; d = d.add(1, 'day')) {
      if (holidays.includes(d.format('YYYY-MM-DD'))) continue;
      for (const s of DEFAULT_WEEK[d.day()]!) expected += (s.to - s.from) * M;
    }
    expect(calendar(holidays).between(at('2026-01-01 00:00'), at('2027-01-01 00:00'))).toBe(expected);
  });

  test('When the week has a lunch break, then the break is not counted', () => {
    const cal = calendar([], parseWorkWeek('mon-fri 07:30-12:00 13:00-16:00'));
    expect(wall(cal.add(at('2026-12-07 11:30'), H))).toBe('Mon 2026-12-07 13:30');
    expect(cal.between(at('2026-12-07 11:00'), at('2026-12-07 14:00'))).toBe(2 * H);
    expect(cal.isWorking(at('2026-12-07 12:30'))).toBe(false);
    expect(wall(cal.nextWorkingStart(at('2026-12-07 12:30')))).toBe('Mon 2026-12-07 13:00');
    expect(wall(cal.subtract(at('2026-12-07 13:30'), H))).toBe('Mon 2026-12-07 11:30');
  });

  test('When WORK_WEEK is a custom Indonesian week, then its days and hours are the ones counted', () => {
    const cal = calendar([], parseWorkWeek('sen-kam 08:00-15:00; jum 08:00-11:00'));
    expect(wall(cal.add(at('2026-12-04 10:00'), 2 * H))).toBe('Mon 2026-12-07 09:00');
    expect(cal.isWorking(at('2026-12-05 09:00'))).toBe(false);
    expect(cal.between(at('2026-12-07 00:00'), at('2026-12-14 00:00'))).toBe((4 * 7 + 3) * H);
  });

  test('When the zone changes its offset inside the span, then every span is still read on the wall clock', () => {
    // Berlin moves to summer time on Sunday 29 March 2026: that day has 23 hours.
    const cal = calendar([], parseWorkWeek('mon-sun 00:00-24:00'), 'Europe/Berlin');
    const a = at('2026-03-23 00:00', 'Europe/Berlin');
    const b = at('2026-04-06 00:00', 'Europe/Berlin');
    expect(cal.between(a, b)).toBe(14 * 24 * H - H);
    expect(cal.add(a, 14 * 24 * H - H)).toBe(b);
    const office = calendar([], DEFAULT_WEEK, 'Europe/Berlin');
    expect(wall(office.add(at('2026-03-28 11:00', 'Europe/Berlin'), 2 * H), 'Europe/Berlin')).toBe('Mon 2026-03-30 08:30');
  });

  const seeded = { seed: 14, numRuns: 400 };
  const anyInstant = fc.integer({ min: at('2026-01-01 00:00'), max: at('2027-12-31 00:00') });
  const anyAmount = fc.integer({ min: 0, max: 12 * 7 * 24 * H });

  test('When any amount is added to any instant, then between gives the amount back', () => {
    const cal = calendar([...LEBARAN, '2026-08-17', '2026-12-25', '2027-01-01']);
    fc.assert(
      fc.property(anyInstant, anyAmount, (a, x) => cal.between(a, cal.add(a, x)) === x),
      seeded,
    );
  });

  test('When any amount is subtracted from any instant, then between gives the amount back', () => {
    const cal = calendar([...LEBARAN, '2026-08-17'], parseWorkWeek('mon-fri 07:30-12:00 13:00-16:00'));
    fc.assert(
      fc.property(anyInstant, anyAmount, (b, x) => cal.between(cal.subtract(b, x), b) === x),
      seeded,
    );
  });
});
