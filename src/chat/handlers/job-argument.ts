import type { CommandContext, CommandDefinition } from '../command.types';
import { findActiveAssignment } from '../../features/assignments/assignment.repository';
import type { Assignment } from '../../features/assignments/assignment.model';
import type { Ticket } from '../../features/tickets/ticket.model';
import { findTicketByTrackingNo } from '../../features/tickets/ticket.repository';
import { parseTrackingNumber } from '../../features/tickets/tracking-number';
import { usageOf } from '../../features/texts/reporter.texts';
import { invalidJobNumber } from '../../features/texts/technician.texts';

/**
 * Resolves the tracking number in a technician's command to one of their own active jobs.
 * Any other number — unknown, or another technician's — gets the same "not valid" answer.
 */
export async function ownJobFromArgs(
  ctx: CommandContext,
  command: CommandDefinition,
): Promise<{ ticket: Ticket; assignment: Assignment; rest: string } | undefined> {
  const trackingNo = parseTrackingNumber(ctx.args, ctx.config.ticketPrefix);
  if (!trackingNo) {
    ctx.reply(usageOf(command, ctx.invokedAs));
    return undefined;
  }
  const ticket = await findTicketByTrackingNo(ctx.trx, trackingNo);
  const assignment = ticket && ctx.sender.staff ? await findActiveAssignment(ctx.trx, ticket.id, ctx.sender.staff.id) : undefined;
  if (!ticket || !assignment) {
    ctx.reply(invalidJobNumber(trackingNo));
    return undefined;
  }
  ctx.linkTicket(ticket.id);
  return { ticket, assignment, rest: ctx.args.replace(/^\S+\s*/, '').trim() };
}

/** The photo sent with this message, if any, as an attachment for the ticket. */
export const photoOf = (ctx: CommandContext) =>
  ctx.message.media ? { url: ctx.message.media.url, filename: ctx.message.media.filename, inboundMessageId: ctx.message.id } : null;

export const technicianOf = (ctx: CommandContext) => ({ id: ctx.sender.staff!.id, name: ctx.sender.staff!.name });
