import type { CommandContext, CommandDefinition } from '../command.types';
import type { Ticket } from '../../features/tickets/ticket.model';
import { findOwnTicket } from '../../features/tickets/ticket.service';
import { parseTrackingNumber } from '../../features/tickets/tracking-number';
import { ticketNotFound, usageOf } from '../../features/texts/reporter.texts';

/**
 * Resolves the tracking number in a reporter's command to one of their own tickets,
 * replying with the usage hint or "not found" itself when it cannot.
 */
export async function ownTicketFromArgs(ctx: CommandContext, command: CommandDefinition): Promise<Ticket | undefined> {
  const trackingNo = parseTrackingNumber(ctx.args, ctx.config.ticketPrefix);
  if (!trackingNo) {
    ctx.reply(usageOf(command, ctx.invokedAs));
    return undefined;
  }
  const ticket = await findOwnTicket(ctx.trx, trackingNo, ctx.sender.phone);
  if (!ticket) {
    ctx.reply(ticketNotFound(trackingNo));
    return undefined;
  }
  ctx.linkTicket(ticket.id);
  return ticket;
}
