import type { TicketSla } from './ticket-summary.repository';

/**
 * Where a ticket stands against its SLA, from its own columns (kept by the clock service):
 *
 * - `paused`: the clocks stand (`pending`);
 * - `late`: the running clock's due has passed, or the ticket was finished after its finish due;
 * - `soon` ("hampir terlambat"): the running clock's reminder went out (SLA_REMINDER_SHARE of its
 *   target passed), so the list says what the responsible person was told by WhatsApp;
 * - `ok`: a clock runs and its reminder has not fallen;
 * - `met`: no clock runs any more and the finish, if it had a target, was met;
 * - `none`: the ticket never had a target (made before service levels, or no target configured).
 *
 * The `due=late|soon` filter reads the same columns (ticket-filter.repository.ts); it lists
 * tickets whose running clock is late, not finished ones that were.
 */
export type DueState = 'ok' | 'soon' | 'late' | 'met' | 'paused' | 'none';

export function dueStateOf(sla: TicketSla, finishedAt: number | null, now: number): DueState {
  if (sla.assignAt === null && sla.startAt === null && sla.finishAt === null && sla.dueAt === null) return 'none';
  if (sla.pausedAt !== null) return 'paused';
  if (sla.dueAt !== null) return sla.dueAt < now ? 'late' : sla.reminded ? 'soon' : 'ok';
  return finishedAt !== null && sla.finishAt !== null && finishedAt > sla.finishAt ? 'late' : 'met';
}

/** "Tepat waktu" of the export: the finish met by its due (Ya/Tidak); empty while unfinished or without a target. */
export function finishedOnTime(sla: TicketSla, finishedAt: number | null): boolean | null {
  if (finishedAt === null || sla.finishAt === null) return null;
  return finishedAt <= sla.finishAt;
}
