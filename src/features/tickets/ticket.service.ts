import type { Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { unitOn, type Actor, type Unit } from '../../db/unit-of-work';
import { classifyNewTicket } from '../categories/category.service';
import { activePlaceIndex } from '../places/place-rules.service';
import { placePrefix, recognizePlace } from '../places/recognize-place';
import { clocksAtOpen } from '../sla/sla-clock.service';
import type { AfterHours } from '../sla/sla-schedule';
import * as lifecycle from './ticket-lifecycle';
import type { Ticket, TicketChannel, TicketPriority } from './ticket.model';
import { insertTicket } from './ticket.repository';
import { reserveTicketIds } from './ticket-id.repository';
import { dialectOf } from '../../db/create-db';
import { findTicketOfPerson, type TicketOfPerson } from '../followers/follower-access.service';
import { nextTrackingNumber, type ReservedNumbers } from './tracking-number';

interface ReporterIdentity {
  employeeId: string | null;
  /** Null: nobody can be written to about this ticket (the desk took it from someone without a phone). */
  phone: string | null;
  name: string;
  workplace: string | null;
}

export interface CreateTicketInput {
  complaint: string;
  reporter: ReporterIdentity;
  chatId: string | null;
  /** How the report reached us; `whatsapp` unless the desk typed it in. */
  channel?: TicketChannel;
  /** What the fault is about and how urgent; default: what the complaint's words say (categories/classify). */
  categoryId?: number | null;
  priority?: TicketPriority;
  /**
   * Where the fault is; default: the place the complaint names (places/recognize-place). A leading
   * `[R-3.2]` naming a known place is taken out of the stored complaint: it is the QR link's, not the reporter's.
   */
  placeId?: number | null;
  /** The desk member who typed the report in; the history names them instead of the reporter. */
  openedBy?: Actor;
  sourceMessageId: number | null;
  /** When the report arrived: it decides the tracking number's month. */
  reportedAt: number;
  prefix: string;
  timezone: string;
  /** Numbers reserved for the batch this ticket is part of; without one left, the counter is taken here. */
  reserved?: ReservedNumbers;
  /** ADMIN_NOTIFY_TARGET: a number or group told of every new ticket. */
  adminTarget?: string | undefined;
  /** When the report is handled: the time of the admins' message. */
  now: number;
}

/** A ticket just opened, and what its confirmation must add when it came outside working hours. */
export interface OpenedTicket extends Ticket {
  afterHours: AfterHours | null;
}

/**
 * Opens a ticket with status `baru` and the first entry of its history; the admins hear of it.
 * Inside the chat processor's transaction, which wakes the sender after its batch.
 */
export function createTicket(trx: Transaction<Database>, input: CreateTicketInput): Promise<OpenedTicket> {
  return openTicket(unitOn(trx), input);
}

/**
 * createTicket inside a unit whose opener wakes the sender for what it queued (a desk write). The
 * complaint is classified unless the caller chose, and the SLA clocks start with the ticket.
 */
export async function openTicket(u: Unit, input: CreateTicketInput): Promise<OpenedTicket> {
  const { trx } = u;
  const { placeId, complaint } = await placeOf(trx, input);
  const channel = input.channel ?? 'whatsapp';
  const trackingNo =
    input.reserved?.take(input.prefix, input.reportedAt, input.timezone) ??
    (await nextTrackingNumber(trx, input.prefix, input.reportedAt, input.timezone));
  const guessed = input.categoryId === undefined || input.priority === undefined ? await classifyNewTicket(trx, complaint) : null;
  const categoryId = input.categoryId !== undefined ? input.categoryId : guessed!.categoryId;
  const priority = input.priority ?? guessed!.priority;
  const { afterHours, ...clocks } = await clocksAtOpen(trx, { categoryId, priority, createdAt: input.reportedAt });
  const id = await insertTicket(trx, {
    id: dialectOf(trx) === 'mysql' ? (input.reserved?.takeId() ?? (await reserveTicketIds(trx, 1)).first) : undefined,
    trackingNo,
    complaint,
    reporterEmployeeId: input.reporter.employeeId,
    reporterPhone: input.reporter.phone,
    reporterName: input.reporter.name,
    reporterWorkplace: input.reporter.workplace,
    chatId: input.chatId,
    channel,
    categoryId,
    priority,
    placeId,
    sourceMessageId: input.sourceMessageId,
    clocks,
    now: input.reportedAt,
  });
  const ticket: OpenedTicket = {
    id,
    trackingNo,
    status: 'baru',
    complaint,
    reporter: input.reporter,
    chatId: input.chatId,
    channel,
    categoryId,
    priority,
    placeId,
    createdAt: input.reportedAt,
    updatedAt: input.reportedAt,
    finishedAt: null,
    closedAt: null,
    afterHours,
  };
  await lifecycle.opened(u, { ticket, adminTarget: input.adminTarget, by: input.openedBy, now: input.now });
  return ticket;
}

/** The caller's place, or the one the complaint names; the complaint loses a `[CODE]` prefix that named it. */
async function placeOf(
  trx: Transaction<Database>,
  input: Pick<CreateTicketInput, 'complaint' | 'placeId'>,
): Promise<{ placeId: number | null; complaint: string }> {
  const places = await activePlaceIndex(trx);
  const prefixed = placePrefix(input.complaint, places);
  const complaint = prefixed && prefixed.rest.trim() !== '' ? prefixed.rest : input.complaint;
  if (input.placeId !== undefined) return { placeId: input.placeId, complaint };
  return { placeId: recognizePlace(input.complaint, places)?.id ?? null, complaint };
}

/**
 * The ticket with this number if `phone` reported or follows it (followers/follower-access.service.ts);
 * someone else's is reported as missing, exactly like a number that does not exist.
 */
export async function findOwnTicket(trx: Transaction<Database>, trackingNo: string, phone: string): Promise<TicketOfPerson | undefined> {
  return findTicketOfPerson(trx, trackingNo, phone);
}

/** What a complaint names before it is filed: the place, the category and priority (as openTicket would guess them). */
export async function recognizeComplaint(
  trx: Transaction<Database>,
  complaint: string,
): Promise<{ placeId: number | null; categoryId: number | null; priority: TicketPriority }> {
  const recognized = await placeOf(trx, { complaint });
  const { categoryId, priority } = await classifyNewTicket(trx, recognized.complaint);
  const { placeId } = recognized;
  return { placeId, categoryId, priority };
}

/**
 * `#selesai`: the reporter or a follower confirms the work is done, `selesai` → `ditutup`; the
 * others hear who (not `answeredChat`, which the caller answers). Anything earlier is left alone.
 */
export function confirmByReporter(
  trx: Transaction<Database>,
  c: { ticket: Ticket; reporterName: string; answeredChat: string; now: number },
): Promise<lifecycle.ConfirmOutcome> {
  return lifecycle.confirm(unitOn(trx), c);
}

/** `#belum`: the reporter or a follower reopens a finished ticket; technicians and the others hear why. */
export function reopenByReporterOrFollower(
  trx: Transaction<Database>,
  r: { ticket: Ticket; reason: string; reporterName: string; answeredChat: string; now: number },
): Promise<lifecycle.ReopenOutcome> {
  return lifecycle.reopen(unitOn(trx), r);
}

/** `#pending`: the technician's job waits for `reason` (the reporter hears it); the SLA clocks stand until it resumes. */
export function pauseByTechnician(
  trx: Transaction<Database>,
  p: { ticket: Ticket; technician: Actor; reason: string; now: number },
): Promise<lifecycle.PendOutcome> {
  return lifecycle.pend(unitOn(trx), p);
}
