import type { CommandDefinition } from '../command.types';
import { alreadyClosed, confirmedClosed, notFinishedYet } from '../../features/texts/reporter.texts';
import { asSeenBy } from '../../features/followers/follower.model';
import { askForRating } from '../../features/ratings/rating.service';
import { confirmByReporter } from '../../features/tickets/ticket.service';
import { ticketOfSenderFromArgs } from './ticket-argument';

/**
 * `#selesai <no>`: the reporter, or someone who follows the ticket, confirms the work is done,
 * which closes the ticket; whoever confirmed is then asked to rate it (one rating per ticket).
 */
export const selesaiCommand: CommandDefinition = {
  name: 'selesai',
  aliases: ['realisasi'],
  roles: ['reporter'],
  usage: '#selesai <nomor>',
  summary: 'Konfirmasi bahwa laporan Anda sudah selesai ditangani.',
  example: '#selesai BRT2409001',
  async handle(ctx) {
    const found = await ticketOfSenderFromArgs(ctx, selesaiCommand);
    if (!found) return;
    const { ticket, follower } = found;
    const confirm = { ticket, reporterName: ctx.sender.name, answeredChat: ctx.message.chatId, now: ctx.now };
    const outcome = await confirmByReporter(ctx.trx, confirm);
    if (outcome === 'closed') {
      ctx.reply(confirmedClosed(ctx.sender, ticket));
      // After the confirmation, in private: the answer is read from the confirmer's own chat.
      const question = await askForRating(ctx.trx, follower ? asSeenBy(ticket, follower) : ticket, ctx.now);
      if (question) ctx.replyPrivately(question.body);
    } else if (outcome === 'already_closed') ctx.reply(alreadyClosed(ctx.sender, ticket, ctx.config.timezone));
    else ctx.reply(notFinishedYet(ctx.sender, ticket));
  },
};
