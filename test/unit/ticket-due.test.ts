import { dueStateOf, finishedOnTime, type DueState } from '../../src/features/tickets/ticket-due';
import type { TicketSla } from '../../src/features/tickets/ticket-summary.repository';

const NOW = Date.UTC(2026, 11, 1, 3, 0);
const H = 3_600_000;
const none: TicketSla = {
  assignAt: null,
  startAt: null,
  finishAt: null,
  dueAt: null,
  pausedAt: null,
  firstStartedAt: null,
  reminded: false,
};
const running = (o: Partial<TicketSla>): TicketSla => ({ ...none, assignAt: NOW - 2 * H, startAt: NOW + H, finishAt: NOW + 9 * H, ...o });

/** [what, sla columns, finished at, state] */
const cases: Array<[string, TicketSla, number | null, DueState]> = [
  ['no target at all', none, null, 'none'],
  ['a clock runs, its reminder not sent', running({ dueAt: NOW + H }), null, 'ok'],
  ['a clock runs and its reminder went out', running({ dueAt: NOW + H, reminded: true }), null, 'soon'],
  ['the running clock is past its due', running({ dueAt: NOW - 1 }), null, 'late'],
  ['past its due even though reminded', running({ dueAt: NOW - H, reminded: true }), null, 'late'],
  ['due exactly now is not yet late', running({ dueAt: NOW }), null, 'ok'],
  ['paused, even past its due', running({ dueAt: NOW - H, pausedAt: NOW - 2 * H }), null, 'paused'],
  ['no clock runs, finished by its due', running({}), NOW + 8 * H, 'met'],
  ['no clock runs, finished after its due', running({}), NOW + 10 * H, 'late'],
  ['closed without a finish', running({}), null, 'met'],
];

describe('dueStateOf', () => {
  it.each(cases)('When %s, then the state is as expected', (_what, sla, finishedAt, state) => {
    expect(dueStateOf(sla, finishedAt, NOW)).toBe(state);
  });
});

describe('finishedOnTime', () => {
  it.each([
    [running({}), NOW + 9 * H, true],
    [running({}), NOW + 9 * H + 1, false],
    [running({}), null, null],
    [none, NOW, null],
  ] as const)('When finish case %# is read, then "Tepat waktu" is yes, no or empty as expected', (sla, finishedAt, expected) => {
    expect(finishedOnTime(sla, finishedAt)).toBe(expected);
  });
});
