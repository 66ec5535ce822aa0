import { WorkingCalendar } from '../../src/features/sla/working-calendar';
import { WorkingTimeIndex } from '../../src/features/stats/working-time-index';
import { parseWorkWeek } from '../../src/shared/work-week';
import { seeded } from '../support/seeded-random';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('WorkingTimeIndex', () => {
  test.each([
    ['the default week in Jakarta with holidays', 'mon-fri 07:30-16:00; sat 07:30-12:00', 'Asia/Jakarta', ['2025-02-12', '2025-03-03']],
    ['a lunch break and adjacent spans', 'mon-thu 08:00-12:00 13:00-16:30; fri 08:00-11:30 11:30-15:00', 'Asia/Jakarta', []],
    ['Berlin across the change to summer time', 'mon-sat 01:30-03:30 08:00-17:00', 'Europe/Berlin', ['2025-03-28']],
    ['every hour of every day', 'sun-sat 00:00-24:00', 'Asia/Jakarta', []],
  ])(
    'When pairs of instants are measured on %s, then the index answers exactly what the calendar does',
    (_name, week, timezone, holidays) => {
      const calendar = new WorkingCalendar({ week: parseWorkWeek(week), holidays, timezone });
      const rnd = seeded(14);
      const lo = Date.UTC(2025, 1, 20, 3, 17, 11); // mid-morning in Jakarta, off the minute grid
      const hi = lo + 45 * DAY + 123_456;
      const index = new WorkingTimeIndex(calendar, lo, hi);
      const at = (from: number, span: number) => Math.floor(from + rnd() * span);
      for (let i = 0; i < 400; i++) {
        const a = at(lo - 2 * DAY, 40 * DAY);
        // Mostly inside the window; some reach past hi or start before lo (the calendar answers those).
        const b = i % 5 === 0 ? at(a, 60 * DAY) : at(a, 10 * DAY);
        expect([a, b, index.between(a, b)]).toEqual([a, b, calendar.between(a, b)]);
      }
      // Whole minutes at span edges, where an off-by-one would show.
      for (let t = lo; t < lo + 8 * DAY; t += 30 * 60_000) {
        const a = Math.ceil(t / 60_000) * 60_000;
        expect([a, index.between(a, a + 7 * HOUR)]).toEqual([a, calendar.between(a, a + 7 * HOUR)]);
      }
      expect(index.between(lo + DAY, lo)).toBe(0);
    },
  );

  test('When the index is built for a month, then it asks the calendar a few times per span, not per pair', () => {
    const calendar = new WorkingCalendar({
      week: parseWorkWeek('mon-fri 07:30-16:00; sat 07:30-12:00'),
      holidays: [],
      timezone: 'Asia/Jakarta',
    });
    const between = jest.spyOn(calendar, 'between');
    const lo = Date.UTC(2025, 0, 31, 17); // 1 February 00:00 WIB
    const index = new WorkingTimeIndex(calendar, lo, lo + 59 * DAY);
    const building = between.mock.calls.length;
    // 59 days hold 51 spans: after the first of each length, two calls confirm a span.
    expect(building).toBeLessThan(4 * 51);
    for (let i = 0; i < 1000; i++) index.between(lo + i * 3_000_000, lo + i * 3_000_000 + 30 * HOUR);
    expect(between.mock.calls.length).toBe(building);
  });
});
