import { WorkingCalendar } from '../../src/features/sla/working-calendar';
import {
  alertTimes,
  alertsDue,
  dueAfter,
  earliestDue,
  pausesOf,
  shiftForPause,
  timelineFor,
  unsentAlerts,
  wallClock,
  type ClockState,
} from '../../src/features/sla/sla-schedule';
import { parseWorkWeek } from '../../src/shared/work-week';

/** `2026-12-04 15:00` on the wall clock of Jakarta. */
const wib = (s: string) => Date.parse(`${s.replace(' ', 'T')}:00+07:00`);
const calendar = new WorkingCalendar({
  week: parseWorkWeek('mon-fri 07:30-16:00; sat 07:30-12:00'),
  holidays: ['2026-12-25'],
  timezone: 'Asia/Jakarta',
});
const policy = { reminderShare: 0.75, secondLevelMinutes: 240 };

describe('SLA schedule', () => {
  test.each([
    ['a Friday afternoon runs into Saturday morning', '2026-12-04 15:00', 240, '2026-12-05 10:30'],
    ['the Christmas holiday is skipped', '2026-12-24 14:00', 240, '2026-12-26 09:30'],
    ['a target across the month end and a weekend ends at Monday 16:00', '2026-11-30 15:00', 2880, '2026-12-07 16:00'],
    ['Sunday counts nothing: the clock starts on Monday morning', '2026-12-06 10:00', 60, '2026-12-07 08:30'],
  ])('When %s, then the due is counted in working time', (_case, created, minutes, due) => {
    expect(dueAfter(wib(created), minutes, calendar)).toBe(wib(due));
  });

  test('When a normal ticket is due Saturday 10:30, then its reminder is at 75 % of the target, the breach at the due and the escalation on Monday', () => {
    const due = dueAfter(wib('2026-12-04 15:00'), 240, calendar)!;
    expect(alertTimes(due, 240, policy, calendar)).toEqual({
      reminder: wib('2026-12-05 09:30'),
      breach: wib('2026-12-05 10:30'),
      escalation: wib('2026-12-07 10:00'),
    });
  });

  test('When a reminder would fall before a weekend, then it is counted back across the weekend', () => {
    // 30 minutes on Saturday, 30 on Monday: due Monday 08:00, and 15 minutes before it is Monday 07:45.
    const due = dueAfter(wib('2026-12-05 11:30'), 60, calendar)!;
    expect(due).toBe(wib('2026-12-07 08:00'));
    expect(alertTimes(due, 60, policy, calendar).reminder).toBe(wib('2026-12-07 07:45'));
  });

  test('When the ticket is darurat, then it runs on the wall clock through the night and the weekend', () => {
    const timeline = timelineFor('darurat', calendar);
    const due = dueAfter(wib('2026-12-05 22:00'), 15, timeline)!;
    expect(due).toBe(wib('2026-12-05 22:15'));
    expect(alertTimes(due, 15, policy, timeline)).toEqual({
      reminder: wib('2026-12-05 22:11') + 15_000,
      breach: wib('2026-12-05 22:15'),
      escalation: wib('2026-12-06 02:15'),
    });
    expect(timelineFor('normal', calendar)).toBe(calendar);
  });

  test('When a ticket waits in pending from Friday 15:30 to Monday 08:00, then every running clock is due 330 working minutes later and a met one keeps its due', () => {
    const clocks: ClockState[] = [
      { clock: 'assign', due: wib('2026-12-04 16:00'), targetMinutes: 60, metAt: wib('2026-12-04 15:10') },
      { clock: 'start', due: wib('2026-12-05 10:30'), targetMinutes: 240, metAt: null },
      { clock: 'finish', due: null, targetMinutes: null, metAt: null },
    ];
    const shifted = shiftForPause(clocks, wib('2026-12-04 15:30'), wib('2026-12-07 08:00'), calendar);
    expect(shifted.map((c) => c.due)).toEqual([wib('2026-12-04 16:00'), wib('2026-12-07 11:30'), null]);
    expect(earliestDue(shifted)).toBe(wib('2026-12-07 11:30'));
  });

  test('When the same pause is on the wall clock (darurat), then the due moves by the whole pause', () => {
    const clocks: ClockState[] = [{ clock: 'finish', due: wib('2026-12-05 02:00'), targetMinutes: 240, metAt: null }];
    const [shifted] = shiftForPause(clocks, wib('2026-12-05 01:00'), wib('2026-12-05 03:30'), wallClock);
    expect(shifted!.due).toBe(wib('2026-12-05 04:30'));
  });

  test('When alerts are sent one by one, then the next is the earliest not yet sent of an unmet clock', () => {
    const clocks: ClockState[] = [
      { clock: 'assign', due: wib('2026-12-03 10:00'), targetMinutes: 240, metAt: wib('2026-12-03 08:00') },
      { clock: 'start', due: wib('2026-12-03 14:00'), targetMinutes: 240, metAt: null },
    ];
    const first = unsentAlerts(clocks, new Set(), policy, calendar);
    expect(first.map((a) => `${a.clock}:${a.level}`)).toEqual(['start:reminder', 'start:breach', 'start:escalation']);
    expect(first[0]!.at).toBe(wib('2026-12-03 13:00'));
    const later = unsentAlerts(clocks, new Set(['start:reminder', 'start:breach']), policy, calendar);
    expect(later).toEqual([{ clock: 'start', level: 'escalation', at: wib('2026-12-04 09:30') }]);
  });

  test('When a reminder and its breach have both fallen, then the reminder is passed over and the breach and escalation are sent', () => {
    const pending = [
      { clock: 'finish' as const, level: 'reminder' as const, at: 1 },
      { clock: 'finish' as const, level: 'breach' as const, at: 2 },
      { clock: 'finish' as const, level: 'escalation' as const, at: 3 },
      { clock: 'start' as const, level: 'reminder' as const, at: 2 },
    ];
    const { send, passOver } = alertsDue(pending, 3);
    expect(send.map((a) => `${a.clock}:${a.level}`)).toEqual(['finish:breach', 'finish:escalation', 'start:reminder']);
    expect(passOver.map((a) => `${a.clock}:${a.level}`)).toEqual(['finish:reminder']);
    expect(alertsDue(pending, 0)).toEqual({ send: [], passOver: [] });
  });

  test('When a history enters and leaves pending twice, then its pauses are read from it, the last still running', () => {
    expect(
      pausesOf([
        { statusFrom: 'proses', statusTo: 'pending', at: 10 },
        { statusFrom: 'pending', statusTo: 'proses', at: 20 },
        { statusFrom: 'baru', statusTo: 'pending', at: 30 },
      ]),
    ).toEqual([
      [10, 20],
      [30, null],
    ]);
  });
});
