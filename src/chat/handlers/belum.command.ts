import type { CommandDefinition } from '../command.types';
import { reopenByReporter } from '../../features/assignments/field-work.service';
import { reopenAnswer, usageOf } from '../../features/texts/reporter.texts';
import { ownTicketFromArgs } from './ticket-argument';

/** `#belum <no> <alasan>`: the reporter says a finished ticket is not done; it reopens and the technicians hear why. */
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
    const outcome = await reopenByReporter(ctx.trx, { ticket, reason, reporterName: ctx.sender.name, now: ctx.now });
    ctx.reply(reopenAnswer(ctx.sender, ticket, outcome));
  },
};
