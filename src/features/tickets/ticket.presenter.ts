import { toIso, toIsoOrNull } from '../../http/fields.schema';
import type { Assignment } from '../assignments/assignment.model';
import type { InboundRecord } from '../inbound/inbound-query.repository';
import type { OutboundRecord } from '../outbox/outbox-query.repository';
import { wallClockIn } from '../../shared/time';
import { dueStateOf } from './ticket-due';
import type { TicketEvent } from './ticket.model';
import type { TicketSummary } from './ticket-query.repository';
import type { AssignmentJson, TicketEventJson, TicketOutboundJson, TicketSummaryJson } from './ticket.schema';
import { type InboundMessageJson } from '../inbound/inbound.schema';
import { type OutboundMessageJson } from '../outbox/outbox.schema';

/**
 * Presenters: the public JSON of tickets and their messages, field by field.
 * Times are ISO 8601 in UTC; the dashboard shows them in APP_TIMEZONE.
 */

/** When the ticket stopped ageing: its finish, else its closing (closed without being worked on), else never. */
export const endOf = (t: Pick<TicketSummary, 'finishedAt' | 'closedAt'>) => t.finishedAt ?? t.closedAt;

/** Day number of the calendar date of `ms` in `tz` (days since 1970-01-01 of that date). */
function dayNumber(ms: number, tz: string): number {
  const d = wallClockIn(ms, tz);
  return Date.UTC(d.year, d.month - 1, d.day) / 86_400_000;
}

/**
 * The book's "H+n": calendar days between the day the ticket was made and today (or the
 * day it was finished), both in `tz`. Made today is H+0, yesterday evening is H+1.
 */
export function ageInDays(t: Pick<TicketSummary, 'createdAt' | 'finishedAt' | 'closedAt'>, now: number, tz: string): number {
  return Math.max(0, dayNumber(endOf(t) ?? now, tz) - dayNumber(t.createdAt, tz));
}

/** Creation to finish (or closing), in ms; null while open. */
export function durationOf(t: Pick<TicketSummary, 'createdAt' | 'finishedAt' | 'closedAt'>): number | null {
  const end = endOf(t);
  return end === null ? null : Math.max(0, end - t.createdAt);
}

/** What a summary is presented with; `workingMs` (working ms between two instants) only where the calendar was loaded: the ticket page. */
export interface SummaryContext {
  now: number;
  tz: string;
  workingMs?: (from: number, to: number) => number;
}

const MINUTE = 60_000;

function presentDue(t: TicketSummary, ctx: SummaryContext): TicketSummaryJson['due'] {
  const next = t.sla.dueAt;
  const state = dueStateOf(t.sla, t.finishedAt, ctx.now);
  const workingTime = t.priority !== 'darurat';
  const running = next !== null && state !== 'paused';
  const left =
    running && next >= ctx.now && ctx.workingMs ? Math.floor((workingTime ? ctx.workingMs(ctx.now, next) : next - ctx.now) / MINUTE) : null;
  return {
    assignAt: toIsoOrNull(t.sla.assignAt),
    startAt: toIsoOrNull(t.sla.startAt),
    finishAt: toIsoOrNull(t.sla.finishAt),
    nextAt: toIsoOrNull(next),
    state,
    workingTime,
    leftMinutes: left,
    lateMinutes: running && next < ctx.now ? Math.floor((ctx.now - next) / MINUTE) : null,
  };
}

export function presentTicketSummary(t: TicketSummary, ctx: SummaryContext): TicketSummaryJson {
  const ageDays = ageInDays(t, ctx.now, ctx.tz);
  return {
    trackingNo: t.trackingNo,
    status: t.status,
    complaint: t.complaint,
    channel: t.channel,
    reporter: { employeeId: t.reporter.employeeId, name: t.reporter.name, phone: t.reporter.phone, unit: t.reporter.workplace },
    assignees: t.assignees.map((a) => ({ assignmentId: a.assignmentId, staffId: a.staffId, name: a.name })),
    category: t.category && { id: t.category.id, code: t.category.code, name: t.category.name },
    place: t.place && { id: t.place.id, code: t.place.code, name: t.place.name, path: t.place.path },
    priority: t.priority,
    due: presentDue(t, ctx),
    createdAt: toIso(t.createdAt),
    updatedAt: toIso(t.updatedAt),
    firstAssignedAt: toIsoOrNull(t.firstAssignedAt),
    finishedAt: toIsoOrNull(t.finishedAt),
    closedAt: toIsoOrNull(t.closedAt),
    ageDays,
    age: `H+${ageDays}`,
    durationMs: durationOf(t),
  };
}

export function presentAssignment(a: Assignment, trackingNo: string): AssignmentJson {
  return {
    id: a.id,
    trackingNo,
    staff: { id: a.staffId, name: a.staffName, phone: a.staffPhone },
    note: a.note,
    status: a.status,
    assignedBy: a.assignedBy,
    assignedAt: toIso(a.assignedAt),
    startedAt: toIsoOrNull(a.startedAt),
    finishedAt: toIsoOrNull(a.finishedAt),
    withdrawnAt: toIsoOrNull(a.withdrawnAt),
  };
}

export function presentEvent(e: TicketEvent): TicketEventJson {
  return {
    id: e.id,
    kind: e.kind,
    note: e.note,
    statusFrom: e.statusFrom,
    statusTo: e.statusTo,
    actorKind: e.actorKind,
    actorName: e.actorName,
    createdAt: toIso(e.createdAt),
  };
}

export function presentInbound(m: InboundRecord): InboundMessageJson {
  return {
    id: m.id,
    chatId: m.chatId,
    senderPhone: m.senderPhone,
    senderName: m.senderName,
    isGroup: m.isGroup,
    body: m.body,
    messageType: m.messageType,
    media: m.media && { url: m.media.url, filename: m.media.filename, extension: m.media.extension },
    status: m.status,
    command: m.command,
    ticketTrackingNo: m.ticketTrackingNo,
    error: m.error,
    sentAt: toIsoOrNull(m.sentAt),
    receivedAt: toIso(m.receivedAt),
    processedAt: toIsoOrNull(m.processedAt),
  };
}

export function presentOutbound(m: OutboundRecord): OutboundMessageJson {
  return {
    id: m.id,
    target: m.target,
    body: m.body,
    kind: m.kind,
    ticketTrackingNo: m.ticketTrackingNo,
    inboundMessageId: m.inboundMessageId,
    status: m.status,
    attempts: m.attempts,
    dueAt: toIsoOrNull(m.dueAt),
    lastError: m.lastError,
    providerId: m.providerId,
    deliveryState: m.deliveryState,
    deliveryUpdatedAt: toIsoOrNull(m.deliveryUpdatedAt),
    createdAt: toIso(m.createdAt),
    updatedAt: toIso(m.updatedAt),
    sentAt: toIsoOrNull(m.sentAt),
  };
}

/** A message in a ticket's detail: as in the outbox, and who at the desk wrote it. */
export const presentTicketOutbound = (m: OutboundRecord): TicketOutboundJson => ({ ...presentOutbound(m), writtenBy: m.writtenBy });
