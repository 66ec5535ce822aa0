import type { Transaction } from 'kysely';
import type { Executor } from '../../db/create-db';
import type { Database, TicketPriority } from '../../db/database';
import { oncePerTransaction } from '../../db/transaction-memo';
import type { WorkWeek } from '../../shared/work-week';
import { listSentAlerts } from './sla-alert.repository';
import { findTicketClocks, listStatusMoves, writeTicketClocks, type TicketClocks } from './sla-clock.repository';
import {
  dueAfter,
  earliestDue,
  pausesOf,
  shiftForPause,
  timelineFor,
  unsentAlerts,
  type AfterHours,
  type AlertPolicy,
  type ClockState,
  type Timeline,
} from './sla-schedule';
import { loadTargetTable, type TargetMinutes } from './sla-target.repository';
import { loadCalendar, type WorkingCalendar } from './working-calendar';

/**
 * The SLA clocks of a ticket, kept in its row (migration 0009) by the ticket lifecycle:
 * - open: each clock is due its target after the creation, in working time (wall time for `darurat`);
 *   a clock without a target (null minutes) does not run;
 * - met: assign at the first assignment, start at the first #start (or #finish), finish at `selesai`;
 *   a met clock keeps its due, so compliance is "met at or before the due";
 * - pause: `pending` stops every clock (`sla_paused_at`); leaving it makes every clock still running
 *   due later by the working time (wall time for `darurat`) the pause took;
 * - reopen (#belum, the desk back to `proses`): the finish clock runs on from its original due, so a
 *   job reopened after it is late at once and its breach goes out (once, like every level);
 * - `selesai`/`ditutup` stop them all.
 * `sla_due_at` is the earliest unmet due and `next_alert_at` the earliest alert not yet sent, both
 * null while the clocks stand: every move ends with settleClocks, which recomputes them.
 */

/** What the clocks count in and alert by; one set per process (see installClockSettings). */
export interface ClockSettings extends AlertPolicy {
  week: WorkWeek;
  timezone: string;
  emergencyContact: string | undefined;
}

let installed: ClockSettings | null = null;

/**
 * Installs the working week and alert policy of this process; createServices does it at boot. The
 * lifecycle's moves are made from a dozen entry points (chat commands, routes, jobs) that carry no
 * configuration, and the week is the process's configuration, the same for every move.
 */
export function installClockSettings(s: ClockSettings): void {
  installed = s;
}

function settings(): ClockSettings {
  if (!installed) throw new Error('SLA clock settings are not installed (createServices installs them)');
  return installed;
}

/** The calendar, the ticket's timeline and its targets. */
export async function scheduleOf(ex: Executor, t: { categoryId: number | null; priority: TicketPriority }) {
  const s = settings();
  const calendar: WorkingCalendar = await loadCalendar(ex, { sla: { week: s.week }, timezone: s.timezone });
  const target = (await oncePerTransaction(ex, 'slaTargets', () => loadTargetTable(ex))).of(t.categoryId, t.priority);
  const timeline: Timeline = timelineFor(t.priority, calendar);
  return { settings: s, calendar, timeline, target };
}

export const clocksOf = (t: TicketClocks, target: TargetMinutes): ClockState[] => [
  { clock: 'assign', due: t.dueAssignAt, targetMinutes: target.assignMinutes, metAt: t.firstAssignedAt },
  { clock: 'start', due: t.dueStartAt, targetMinutes: target.startMinutes, metAt: t.firstStartedAt },
  { clock: 'finish', due: t.dueFinishAt, targetMinutes: target.finishMinutes, metAt: t.finishedAt },
];

const dueColumns = (clocks: ClockState[]) => ({
  dueAssignAt: clocks[0]!.due,
  dueStartAt: clocks[1]!.due,
  dueFinishAt: clocks[2]!.due,
});

/** The clocks stand while paused and for good once the ticket is finished or closed. */
export const standing = (t: { status: string }, pausedAt: number | null) =>
  pausedAt !== null || t.status === 'pending' || t.status === 'selesai' || t.status === 'ditutup';

/** A new ticket's dues and first alert, and what its reporter hears when it came outside working hours. */
export async function clocksAtOpen(
  ex: Executor,
  t: { categoryId: number | null; priority: TicketPriority; createdAt: number },
): Promise<{
  dueAssignAt: number | null;
  dueStartAt: number | null;
  dueFinishAt: number | null;
  slaDueAt: number | null;
  nextAlertAt: number | null;
  afterHours: AfterHours | null;
}> {
  const { settings: s, calendar, timeline, target } = await scheduleOf(ex, t);
  const clocks: ClockState[] = [
    { clock: 'assign', due: dueAfter(t.createdAt, target.assignMinutes, timeline), targetMinutes: target.assignMinutes, metAt: null },
    { clock: 'start', due: dueAfter(t.createdAt, target.startMinutes, timeline), targetMinutes: target.startMinutes, metAt: null },
    { clock: 'finish', due: dueAfter(t.createdAt, target.finishMinutes, timeline), targetMinutes: target.finishMinutes, metAt: null },
  ];
  const afterHours: AfterHours | null = calendar.isWorking(t.createdAt)
    ? null
    : t.priority === 'darurat'
      ? s.emergencyContact
        ? { kind: 'emergency', contact: s.emergencyContact }
        : null
      : { kind: 'resumes', at: calendar.nextWorkingStart(t.createdAt), timezone: s.timezone };
  return {
    ...dueColumns(clocks),
    slaDueAt: earliestDue(clocks),
    nextAlertAt: unsentAlerts(clocks, new Set(), s, timeline)[0]?.at ?? null,
    afterHours,
  };
}

/** Writes the clocks with the due and the next alert they make. */
async function store(
  trx: Transaction<Database>,
  t: TicketClocks,
  clocks: ClockState[],
  pausedAt: number | null,
  s: AlertPolicy,
  timeline: Timeline,
) {
  const stands = standing(t, pausedAt);
  const sent = stands ? new Set<string>() : await listSentAlerts(trx, t.id);
  await writeTicketClocks(trx, t.id, {
    ...dueColumns(clocks),
    pausedAt,
    slaDueAt: stands ? null : earliestDue(clocks),
    nextAlertAt: stands ? null : (unsentAlerts(clocks, sent, s, timeline)[0]?.at ?? null),
  });
}

const hasClocks = (t: TicketClocks) => t.dueAssignAt !== null || t.dueStartAt !== null || t.dueFinishAt !== null;

/**
 * After every move of the lifecycle: starts or ends a pause by the ticket's status, and recomputes
 * `sla_due_at` and `next_alert_at` from what is met. Idempotent; takes the ticket's row lock.
 */
export async function settleClocks(trx: Transaction<Database>, ticketId: number, now: number): Promise<void> {
  const t = await findTicketClocks(trx, ticketId, { lock: true });
  if (!t || !hasClocks(t)) return;
  const { settings: s, timeline, target } = await scheduleOf(trx, t);
  let clocks = clocksOf(t, target);
  let pausedAt = t.pausedAt;
  if (t.status === 'pending' && pausedAt === null) pausedAt = now;
  else if (t.status !== 'pending' && pausedAt !== null) {
    clocks = shiftForPause(clocks, pausedAt, now, timeline);
    pausedAt = null;
  }
  await store(trx, t, clocks, pausedAt, s, timeline);
}

/**
 * After the desk changed a ticket's category or priority: every due again from the creation time
 * with the new targets (and timeline: to or from `darurat`), each finished pause of its history
 * counted again, a pause still running kept for its end to count. Alerts already sent stay sent.
 */
export async function recomputeClocks(trx: Transaction<Database>, ticketId: number, now: number): Promise<void> {
  const t = await findTicketClocks(trx, ticketId, { lock: true });
  if (!t) return;
  const { settings: s, timeline, target } = await scheduleOf(trx, t);
  let clocks = clocksOf(t, target).map((c) => ({ ...c, due: dueAfter(t.createdAt, c.targetMinutes, timeline) }));
  for (const [from, to] of pausesOf(await listStatusMoves(trx, ticketId))) {
    if (to !== null) clocks = shiftForPause(clocks, from, to, timeline);
  }
  const pausedAt = t.status === 'pending' ? (t.pausedAt ?? now) : null;
  await store(trx, t, clocks, pausedAt, s, timeline);
}
