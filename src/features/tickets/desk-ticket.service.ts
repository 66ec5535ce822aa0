import type { Db } from '../../db/create-db';
import { actorOf, type Work } from '../../db/unit-of-work';
import { AppError, conflict, notFound } from '../../errors';
import { findEmployeeById, findEmployeesByPhones, workplaceOf } from '../employees/employee.repository';
import { findPlaceById } from '../places/place.repository';
import { enqueueMessage } from '../outbox/outbox.repository';
import { findOutbound, type OutboundRecord } from '../outbox/outbox-query.repository';
import { deskMessageToReporter } from '../texts/desk.texts';
import { requestAccepted } from '../texts/reporter.texts';
import type { DeskTicketInput } from './desk-ticket.schema';
import { findTicketSummary, type TicketSummary } from './ticket-query.repository';
import { findTicketByTrackingNo } from './ticket.repository';
import { openTicket } from './ticket.service';
import { ensureSequence, periodOf } from './tracking-number';

/** What a desk-opened ticket is numbered and announced with (the app's config). */
export interface DeskTicketSettings {
  prefix: string;
  timezone: string;
  adminTarget: string | undefined;
}

const badField = (field: string, message: string) => new AppError('VALIDATION_FAILED', `${field}: ${message}`, { field });

/** The reporter as the ticket records them: the directory's entry, or what the desk typed. */
async function reporterOf(db: Db, r: DeskTicketInput['reporter']) {
  if (r.employeeId !== undefined) {
    const employee = await findEmployeeById(db.kysely, r.employeeId.toUpperCase());
    if (!employee?.active) throw badField('reporter.employeeId', 'no active employee with this id');
    return { employeeId: employee.id, phone: employee.phone, name: employee.name, workplace: workplaceOf(employee) };
  }
  // A typed number that belongs to an employee is linked to them, as #request from it would be.
  const [employee] = r.phone ? await findEmployeesByPhones(db.kysely, [r.phone]) : [];
  return {
    employeeId: employee?.active ? employee.id : null,
    phone: r.phone ?? null,
    name: r.name!,
    workplace: r.unit ?? null,
  };
}

/**
 * POST /tickets: a report the desk takes by phone, in person or by letter becomes a ticket
 * exactly as `#request` makes one (status `baru`, first history entry, the admins told), with
 * its channel and the desk member recorded, audited as `ticket.create`. A reporter with a phone
 * gets the same WhatsApp confirmation as after `#request`, and every later notification; one
 * without is never written to.
 */
export async function openDeskTicket(db: Db, work: Work, input: DeskTicketInput, s: DeskTicketSettings): Promise<TicketSummary> {
  const reporter = await reporterOf(db, input.reporter);
  // The month's counter row is created outside the ticket's transaction (see ensureSequence).
  await ensureSequence(db, periodOf(s.prefix, work.now, s.timezone));
  return work.run(async (u) => {
    const by = actorOf(u);
    if (input.placeId) {
      const place = await findPlaceById(u.trx, input.placeId);
      if (!place?.active) throw new AppError('VALIDATION_FAILED', `placeId: no active place ${input.placeId}`, { field: 'placeId' });
    }
    const ticket = await openTicket(u, {
      complaint: input.complaint,
      reporter,
      chatId: reporter.phone,
      channel: input.channel,
      ...(input.placeId !== undefined && { placeId: input.placeId }),
      openedBy: by,
      sourceMessageId: null,
      reportedAt: u.now,
      prefix: s.prefix,
      timezone: s.timezone,
      adminTarget: s.adminTarget,
      now: u.now,
    });
    if (ticket.chatId) {
      await enqueueMessage(
        u.trx,
        { target: ticket.chatId, body: requestAccepted(reporter, ticket, ticket.afterHours), kind: 'notification', ticketId: ticket.id },
        u.now,
      );
      u.queued(1);
    }
    await u.audit({
      action: 'ticket.create',
      entity: 'ticket',
      entityId: ticket.trackingNo,
      after: { channel: ticket.channel, reporter: ticket.reporter, complaint: ticket.complaint, notified: u.messages },
    });
    return (await findTicketSummary(u.trx, ticket.trackingNo))!;
  });
}

/**
 * POST /tickets/:no/messages: the desk writes to the reporter, through the outbox, as a
 * `desk_message` carrying the writer's staff id; not a history entry. Audited as `ticket.message`.
 * 409 (reason NO_REPORTER_PHONE) when the ticket has nobody to write to.
 */
export function sendDeskMessage(work: Work, m: { trackingNo: string; text: string }): Promise<OutboundRecord> {
  return work.run(async (u) => {
    const ticket = await findTicketByTrackingNo(u.trx, m.trackingNo);
    if (!ticket) throw notFound(`ticket ${m.trackingNo}`);
    if (!ticket.chatId) throw conflict(`ticket ${ticket.trackingNo} has no phone to write to`, { reason: 'NO_REPORTER_PHONE' });
    const by = actorOf(u);
    const body = deskMessageToReporter(ticket, by.name, m.text);
    const id = await enqueueMessage(
      u.trx,
      { target: ticket.chatId, body, kind: 'desk_message', ticketId: ticket.id, staffId: by.id },
      u.now,
    );
    u.queued(1);
    await u.audit({
      action: 'ticket.message',
      entity: 'ticket',
      entityId: ticket.trackingNo,
      after: { messageId: id, target: ticket.chatId, text: m.text },
    });
    return (await findOutbound(u.trx, id))!;
  });
}
