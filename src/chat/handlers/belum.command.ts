import type { CommandDefinition } from '../command.types';
import { reopenAnswer, usageOf } from '../../features/texts/reporter.texts';
import { reopenByReporterOrFollower } from '../../features/tickets/ticket.service';
import { ownTicketFromArgs } from './ticket-argument';

/**
 * `#belum <no> <alasan>`: the reporter, or someone who follows the ticket, says a finished ticket
 * is not done; it reopens, the technicians hear why, and so do the others who follow it.
 */
export const belumCommand: CommandDefinition = {
  name: 'belum',
  aliases: ['tolak'],
  roles: ['reporter'],
  usage: '#belum <nomor> <alasan>',
  summary: 'Laporan yang dinyatakan selesai ternyata belum beres.',
  example: '#belum BRT2409001 lampu masih berkedip',
  async handle(ctx) {
    const reason = ctx.args.replace(/^\S+\s*/, '').trim();
    const ticket = await ownTicketFromArgs(ctx, belumCommand);
    if (!ticket) return;
    if (!reason) return ctx.reply(usageOf(belumCommand, ctx.invokedAs));
    const outcome = await reopenByReporterOrFollower(ctx.trx, {
      ticket,
      reason,
      reporterName: ctx.sender.name,
      answeredChat: ctx.message.chatId,
      now: ctx.now,
    });
    ctx.reply(reopenAnswer(ctx.sender, ticket, outcome));
  },
};
