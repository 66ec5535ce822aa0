import type { Transaction } from 'kysely';
import type { Database } from '../../db/database';
import type { Ticket } from './ticket.model';
import { findTicketByTrackingNo, insertTicket, insertTicketEvent, updateTicketStatus } from './ticket.repository';
import { nextTrackingNumber, type ReservedNumbers } from './tracking-number';

export interface ReporterIdentity {
  employeeId: string | null;
  phone: string;
  name: string;
  workplace: string | null;
}

export interface CreateTicketInput {
  complaint: string;
  reporter: ReporterIdentity;
  chatId: string;
  sourceMessageId: number | null;
  /** When the report arrived: it decides the tracking number's month. */
  reportedAt: number;
  prefix: string;
  timezone: string;
  /** Numbers reserved for the batch this ticket is part of; without one left, the counter is taken here. */
  reserved?: ReservedNumbers;
}

/** Opens a ticket with status `baru` and the first entry of its history. */
export async function createTicket(trx: Transaction<Database>, input: CreateTicketInput): Promise<Ticket> {
  const trackingNo =
    input.reserved?.take(input.prefix, input.reportedAt, input.timezone) ??
    (await nextTrackingNumber(trx, input.prefix, input.reportedAt, input.timezone));
  const id = await insertTicket(trx, {
    trackingNo,
    complaint: input.complaint,
    reporterEmployeeId: input.reporter.employeeId,
    reporterPhone: input.reporter.phone,
    reporterName: input.reporter.name,
    reporterWorkplace: input.reporter.workplace,
    chatId: input.chatId,
    sourceMessageId: input.sourceMessageId,
    now: input.reportedAt,
  });
  await insertTicketEvent(trx, {
    ticketId: id,
    kind: 'created',
    note: 'Laporan diterima, menunggu penugasan petugas.',
    statusTo: 'baru',
    actorKind: 'reporter',
    actorName: input.reporter.name,
    now: input.reportedAt,
  });
  return {
    id,
    trackingNo,
    status: 'baru',
    complaint: input.complaint,
    reporter: input.reporter,
    chatId: input.chatId,
    createdAt: input.reportedAt,
    updatedAt: input.reportedAt,
    finishedAt: null,
    closedAt: null,
  };
}

/**
 * The ticket with this number if `phone` reported it. Someone else's ticket is
 * reported as missing, exactly like a number that does not exist.
 */
export async function findOwnTicket(trx: Transaction<Database>, trackingNo: string, phone: string): Promise<Ticket | undefined> {
  const ticket = await findTicketByTrackingNo(trx, trackingNo);
  return ticket && ticket.reporter.phone === phone ? ticket : undefined;
}

export type ConfirmOutcome = 'closed' | 'already_closed' | 'not_finished';

/** The reporter confirms the work is done: `selesai` → `ditutup`. Anything earlier is left alone. */
export async function confirmByReporter(
  trx: Transaction<Database>,
  ticket: Ticket,
  reporterName: string,
  now: number,
): Promise<ConfirmOutcome> {
  if (ticket.status === 'ditutup') return 'already_closed';
  if (ticket.status !== 'selesai') return 'not_finished';
  const moved = await updateTicketStatus(trx, ticket.id, 'selesai', { status: 'ditutup', now, closedAt: now });
  if (!moved) return 'not_finished';
  await insertTicketEvent(trx, {
    ticketId: ticket.id,
    kind: 'confirmed',
    note: 'Pelapor mengonfirmasi pekerjaan selesai. Laporan ditutup.',
    statusFrom: 'selesai',
    statusTo: 'ditutup',
    actorKind: 'reporter',
    actorName: reporterName,
    now,
  });
  return 'closed';
}
