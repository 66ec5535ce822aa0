import type { Transaction } from 'kysely';
import type { Database, SlaAlertLevel } from '../../db/database';
import { unitOn } from '../../db/unit-of-work';
import { formatChatDateTime } from '../../shared/time';
import { listAssignmentsOfTicket } from '../assignments/assignment.repository';
import { findCategoryById } from '../categories/category.repository';
import * as deskTexts from '../texts/desk.texts';
import * as history from '../texts/history.texts';
import * as technicianTexts from '../texts/technician.texts';
import { slaAlerted } from '../tickets/ticket-lifecycle';
import { claimAlert, listSentAlerts } from './sla-alert.repository';
import { clocksOf, scheduleOf, standing } from './sla-clock.service';
import { deferNextAlert, findTicketClocks, type TicketClocks } from './sla-clock.repository';
import { alertKey, alertsDue, unsentAlerts, type Alert, type ClockState, type Timeline } from './sla-schedule';

/** Who is told besides the technicians: the desk (ADMIN_NOTIFY_TARGET) and the head (SLA_HEAD_TARGET). */
export interface AlertTargets {
  adminTarget: string | undefined;
  headTarget: string | undefined;
}

type Message = { target: string; body: string };

/**
 * The reminder job's work on one ticket, inside its transaction: under the ticket's row lock, every
 * alert that fell is claimed (its `sla_alerts` row) and only a claim this transaction won sends its
 * messages and writes its history entry; `next_alert_at` moves to the next alert. Outside working
 * hours nothing but `darurat` is sent: the ticket is looked at again when work starts. Returns the
 * number of messages queued.
 */
export async function alertTicket(trx: Transaction<Database>, ticketId: number, now: number, targets: AlertTargets): Promise<number> {
  const t = await findTicketClocks(trx, ticketId, { lock: true });
  // Another worker settled it meanwhile, or a move stopped the clocks.
  if (!t || t.nextAlertAt === null || t.nextAlertAt > now) return 0;
  if (standing(t, t.pausedAt)) {
    await deferNextAlert(trx, t.id, null);
    return 0;
  }
  const { settings, calendar, timeline, target } = await scheduleOf(trx, t);
  if (t.priority !== 'darurat' && !calendar.isWorking(now)) {
    await deferNextAlert(trx, t.id, calendar.nextWorkingStart(now));
    return 0;
  }
  const clocks = clocksOf(t, target);
  const sent = await listSentAlerts(trx, t.id);
  const { send, passOver } = alertsDue(unsentAlerts(clocks, sent, settings, timeline), now);
  for (const a of passOver) {
    await claimAlert(trx, { ticketId: t.id, clock: a.clock, level: a.level, target: null, now });
    sent.add(alertKey(a.clock, a.level));
  }
  let queued = 0;
  for (const a of send) {
    const messages = await messagesFor(trx, t, a, clocks, { now, timeline, timezone: settings.timezone, targets });
    sent.add(alertKey(a.clock, a.level));
    if (!(await claimAlert(trx, { ticketId: t.id, clock: a.clock, level: a.level, target: messages[0]?.target ?? null, now }))) continue;
    const due = clocks.find((c) => c.clock === a.clock)!.due!;
    await slaAlerted(unitOn(trx), {
      ticketId: t.id,
      kind: `sla_${a.level}`,
      note: noteOf(a, due, now, timeline, settings.timezone),
      messages,
      now,
    });
    queued += messages.length;
  }
  await deferNextAlert(trx, t.id, unsentAlerts(clocks, sent, settings, timeline)[0]?.at ?? null);
  return queued;
}

function noteOf(a: Alert, due: number, now: number, timeline: Timeline, tz: string): string {
  if (a.level === 'reminder') return history.slaReminderNote(a.clock, formatChatDateTime(due, tz));
  const late = deskTexts.durationText(timeline.between(due, now));
  return a.level === 'breach' ? history.slaBreachNote(a.clock, late) : history.slaEscalationNote(a.clock, late);
}

/**
 * Whom an alert reaches and what each reads: the reminder of the assign clock goes to the desk, of
 * the start and finish clocks to the technicians who have not started (finished) yet, or the desk
 * when nobody is on the job; the breach to the category's supervisor, else the desk; the escalation
 * to the head. Nobody to tell: no message, the level is still settled and written in the history.
 */
async function messagesFor(
  trx: Transaction<Database>,
  t: TicketClocks,
  a: Alert,
  clocks: ClockState[],
  o: { now: number; timeline: Timeline; timezone: string; targets: AlertTargets },
): Promise<Message[]> {
  const active = (await listAssignmentsOfTicket(trx, t.id)).filter((x) => x.status === 'active');
  const category = t.categoryId === null ? null : await findCategoryById(trx, t.categoryId);
  const due = clocks.find((c) => c.clock === a.clock)!.due!;
  const facts: deskTexts.SlaAlertFacts = {
    trackingNo: t.trackingNo,
    complaint: t.complaint,
    clock: a.clock,
    category: category?.name ?? null,
    priority: t.priority,
    technicians: active.map((x) => x.staffName),
    due: formatChatDateTime(due, o.timezone),
    span: deskTexts.durationText(a.level === 'reminder' ? o.timeline.between(o.now, due) : o.timeline.between(due, o.now)),
  };
  const to = (target: string | null | undefined, body: string): Message[] => (target ? [{ target, body }] : []);
  const level: SlaAlertLevel = a.level;
  if (level === 'breach') return to(category?.supervisorTarget ?? o.targets.adminTarget, deskTexts.slaBreachToSupervisor(facts));
  if (level === 'escalation') return to(o.targets.headTarget, deskTexts.slaEscalationToHead(facts));
  const waiting = active.filter((x) => (a.clock === 'start' ? x.startedAt === null : x.finishedAt === null) && x.staffPhone);
  if (a.clock === 'assign' || waiting.length === 0) return to(o.targets.adminTarget, deskTexts.slaReminderToDesk(facts));
  return waiting.map((x) => ({ target: x.staffPhone!, body: technicianTexts.slaReminderToTechnician(facts) }));
}
