import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import 'dayjs/locale/id';
import fc from 'fast-check';
import {
  addDays,
  calendarDayIn,
  formatChatClock,
  formatChatDate,
  formatChatDateTime,
  startOfDayIn,
  wallClockIn,
  yearMonthIn,
} from '../../src/shared/time';

dayjs.extend(utc);
dayjs.extend(timezone);

describe('chat dates', () => {
  test('When a moment is shown in WIB, then it reads as the book writes it', () => {
    const at = Date.UTC(2024, 8, 16, 11, 28, 57);
    expect(formatChatDateTime(at, 'Asia/Jakarta')).toBe('16 September 2024 Jam 18:28:57 WIB');
    expect(formatChatDate(at, 'Asia/Jakarta')).toBe('16 Sep 2024');
    expect(yearMonthIn(at, 'Asia/Jakarta')).toBe('2409');
  });

  test('When the UTC date is still the previous month, then the period follows the local month', () => {
    const lateUtc = Date.UTC(2024, 8, 30, 18, 0, 0); // 1 October 01:00 WIB
    expect(yearMonthIn(lateUtc, 'Asia/Jakarta')).toBe('2410');
    expect(formatChatDateTime(lateUtc, 'Asia/Jakarta')).toBe('1 Oktober 2024 Jam 01:00:00 WIB');
    expect(formatChatDateTime(Date.UTC(2024, 0, 1, 0, 0, 0), 'Asia/Jayapura')).toBe('1 Januari 2024 Jam 09:00:00 WIT');
  });

  test('When any moment of 2000–2100 is formatted in any Indonesian zone, then it agrees with dayjs', () => {
    const zones = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura', 'UTC'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.constantFrom(...zones), (ms, tz) => {
        const d = dayjs(ms).tz(tz).locale('id');
        expect(yearMonthIn(ms, tz)).toBe(d.format('YYMM'));
        expect(formatChatDate(ms, tz)).toBe(d.format('D MMM YYYY'));
        expect(formatChatDateTime(ms, tz).startsWith(`${d.format('D MMMM YYYY')} Jam ${d.format('HH:mm:ss')} `)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('the wall clock of a zone, from remembered offsets', () => {
  test('When any moment near a daylight-saving change is read in zones with odd offsets, then it agrees with dayjs to the second and weekday', () => {
    // Zones whose offset changes (by an hour, by 30 minutes) or is not whole hours: what a remembered offset could get wrong.
    const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'Asia/Jakarta'];
    const changes = [Date.UTC(2024, 2, 31, 1, 0), Date.UTC(2024, 9, 27, 1, 0), Date.UTC(2024, 2, 10, 7, 0), Date.UTC(2024, 3, 6, 15, 0)];
    fc.assert(
      fc.property(
        fc.constantFrom(...changes),
        fc.integer({ min: -2 * 86_400_000, max: 2 * 86_400_000 }),
        fc.constantFrom(...zones),
        (at, delta, tz) => {
          const ms = at + delta;
          const d = dayjs(ms).tz(tz);
          const w = wallClockIn(ms, tz);
          expect([w.year, w.month, w.day, w.hour, w.minute, w.second, w.weekday]).toEqual([
            d.year(),
            d.month() + 1,
            d.date(),
            d.hour(),
            d.minute(),
            d.second(),
            d.day(),
          ]);
          expect(formatChatClock(ms, tz)).toBe(d.format('HH.mm'));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('calendar days in a zone (date ranges of lists and statistics)', () => {
  test('The day an instant falls on depends on the zone: 17:30 UTC is already the next day in WIB', () => {
    const at = Date.UTC(2024, 8, 30, 17, 30);
    expect(calendarDayIn(at, 'Asia/Jakarta')).toBe('2024-10-01');
    expect(calendarDayIn(at, 'UTC')).toBe('2024-09-30');
  });

  test('A day begins at local midnight: 17:00 UTC the evening before in WIB, 16:00 in WITA', () => {
    expect(startOfDayIn('2024-10-01', 'Asia/Jakarta')).toBe(Date.UTC(2024, 8, 30, 17, 0));
    expect(startOfDayIn('2024-10-01', 'Asia/Makassar')).toBe(Date.UTC(2024, 8, 30, 16, 0));
    // Across a summer-time change the offset of that very day counts.
    expect(startOfDayIn('2024-03-31', 'Europe/Berlin')).toBe(Date.UTC(2024, 2, 30, 23, 0));
    expect(startOfDayIn('2024-04-01', 'Europe/Berlin')).toBe(Date.UTC(2024, 2, 31, 22, 0));
  });

  test('Adding days crosses month and year ends and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', -29)).toBe('2024-12-03');
  });
});
