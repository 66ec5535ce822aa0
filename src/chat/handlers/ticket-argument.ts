import type { CommandContext, CommandDefinition } from '../command.types';
import { findOwnTicket } from '../../features/tickets/ticket.service';
import type { TicketOfPerson } from '../../features/followers/follower-access.service';
import { parseTrackingNumber } from '../../features/tickets/tracking-number';
import { ticketNotFound, usageOf } from '../../features/texts/reporter.texts';

/**
 * Resolves the tracking number in a reporter's command to one of their own tickets or one they
 * follow (a merged ticket's number to its main), replying with the usage hint or "not found"
 * itself when it cannot.
 */
export async function ticketOfSenderFromArgs(ctx: CommandContext, command: CommandDefinition): Promise<TicketOfPerson | undefined> {
  const trackingNo = parseTrackingNumber(ctx.args, ctx.config.ticketPrefix);
  if (!trackingNo) {
    ctx.reply(usageOf(command, ctx.invokedAs));
    return undefined;
  }
  const found = await findOwnTicket(ctx.trx, trackingNo, ctx.sender.phone);
  if (!found) {
    ctx.reply(ticketNotFound(trackingNo));
    return undefined;
  }
  ctx.linkTicket(found.ticket.id);
  return found;
}

/** ticketOfSenderFromArgs for commands that only read the ticket. */
export async function ownTicketFromArgs(ctx: CommandContext, command: CommandDefinition) {
  return (await ticketOfSenderFromArgs(ctx, command))?.ticket;
}
