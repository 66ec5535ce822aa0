import type { SlaAlertLevel, SlaClock, TicketPriority } from '../../db/database';

/**
 * When each SLA clock of a ticket is due and when each of its alerts falls: pure arithmetic on a
 * timeline (the campus's working calendar, or the wall clock for `darurat`). The clock service
 * stores what this computes; the reminder job asks it what is due.
 */

const levels = ['reminder', 'breach', 'escalation'] as const satisfies readonly SlaAlertLevel[];

const MINUTE_MS = 60_000;

/** The time a clock counts in: WorkingCalendar fits, and so does the wall clock below. */
export interface Timeline {
  add(from: number, ms: number): number;
  subtract(from: number, ms: number): number;
  between(a: number, b: number): number;
}

/** Every millisecond counts: `darurat` runs through nights, weekends and holidays. */
export const wallClock: Timeline = {
  add: (from, ms) => from + ms,
  subtract: (from, ms) => from - ms,
  between: (a, b) => Math.max(0, b - a),
};

/** `darurat` runs on the wall clock; every other priority on the working calendar. */
export const timelineFor = (priority: TicketPriority, calendar: Timeline): Timeline => (priority === 'darurat' ? wallClock : calendar);

/** One clock of one ticket: its due (null = no target), its target, and whether it was met. */
export interface ClockState {
  clock: SlaClock;
  due: number | null;
  targetMinutes: number | null;
  /** When it was met (first assignment, first #start, `selesai`); null while it runs. */
  metAt: number | null;
}

export interface AlertPolicy {
  /** SLA_REMINDER_SHARE: the reminder comes when this share of the target has passed. */
  reminderShare: number;
  /** SLA_SECOND_LEVEL_MINUTES after the breach, the head hears of it. */
  secondLevelMinutes: number;
}

export interface Alert {
  clock: SlaClock;
  level: SlaAlertLevel;
  at: number;
}

/** The due of a clock started at `from` with a target of `minutes` (null: no clock). */
export const dueAfter = (from: number, minutes: number | null, timeline: Timeline): number | null =>
  minutes === null ? null : timeline.add(from, minutes * MINUTE_MS);

/** When each level of a clock falls: the reminder before the due by the rest of the target, the breach at it, the escalation after it. */
export function alertTimes(due: number, targetMinutes: number, policy: AlertPolicy, timeline: Timeline): Record<SlaAlertLevel, number> {
  return {
    reminder: timeline.subtract(due, Math.round((1 - policy.reminderShare) * targetMinutes * MINUTE_MS)),
    breach: due,
    escalation: timeline.add(due, policy.secondLevelMinutes * MINUTE_MS),
  };
}

export const alertKey = (clock: SlaClock, level: SlaAlertLevel) => `${clock}:${level}`;

/** The alerts of the running clocks not sent yet, in the order they fall. */
export function unsentAlerts(clocks: readonly ClockState[], sent: ReadonlySet<string>, policy: AlertPolicy, timeline: Timeline): Alert[] {
  const out: Alert[] = [];
  for (const c of clocks) {
    if (c.due === null || c.targetMinutes === null || c.metAt !== null) continue;
    const times = alertTimes(c.due, c.targetMinutes, policy, timeline);
    for (const level of levels) if (!sent.has(alertKey(c.clock, level))) out.push({ clock: c.clock, level, at: times[level] });
  }
  return out.sort((a, b) => a.at - b.at);
}

/**
 * What to do at `now`: the alerts that fell, and the reminders they make pointless. A reminder whose
 * breach has also fallen (the job was stopped, or the hours were closed) is passed over, never sent
 * after the fact; a breach and its escalation go to different people, so both are sent.
 */
export function alertsDue(pending: readonly Alert[], now: number): { send: Alert[]; passOver: Alert[] } {
  const fallen = pending.filter((a) => a.at <= now);
  const breached = new Set(fallen.filter((a) => a.level === 'breach').map((a) => a.clock));
  return {
    send: fallen.filter((a) => a.level !== 'reminder' || !breached.has(a.clock)),
    passOver: fallen.filter((a) => a.level === 'reminder' && breached.has(a.clock)),
  };
}

/** The earliest unmet due: what the list sorts on. */
export function earliestDue(clocks: readonly ClockState[]): number | null {
  const dues = clocks.filter((c) => c.metAt === null && c.due !== null).map((c) => c.due!);
  return dues.length ? Math.min(...dues) : null;
}

/**
 * Leaving `pending`: every clock still running when the pause began (unmet, or met only on the
 * way out) is due later by the time the pause took on its timeline. Met clocks keep their due.
 */
export function shiftForPause(clocks: readonly ClockState[], pausedAt: number, resumedAt: number, timeline: Timeline): ClockState[] {
  const pause = timeline.between(pausedAt, resumedAt);
  return clocks.map((c) => (c.due !== null && (c.metAt === null || c.metAt >= pausedAt) ? { ...c, due: timeline.add(c.due, pause) } : c));
}

/** The pauses a history records: from each entry into `pending` to the entry that left it (or `until`). */
export function pausesOf(
  entries: readonly { statusFrom: string | null; statusTo: string | null; at: number }[],
): Array<[number, number | null]> {
  const out: Array<[number, number | null]> = [];
  let since: number | null = null;
  for (const e of entries) {
    if (e.statusTo === 'pending' && since === null) since = e.at;
    else if (e.statusFrom === 'pending' && e.statusTo !== 'pending' && since !== null) {
      out.push([since, e.at]);
      since = null;
    }
  }
  if (since !== null) out.push([since, null]);
  return out;
}

/**
 * What the reporter of a ticket opened outside working hours hears: when work resumes, or for
 * `darurat` whom to call (EMERGENCY_CONTACT).
 */
export type AfterHours = { kind: 'resumes'; at: number; timezone: string } | { kind: 'emergency'; contact: string };
