import type { CommandDefinition } from '../command.types';
import { alreadyClosed, confirmedClosed, notFinishedYet } from '../../features/texts/reporter.texts';
import { askForRating } from '../../features/ratings/rating.service';
import { confirmByReporter } from '../../features/tickets/ticket.service';
import { ownTicketFromArgs } from './ticket-argument';

/** `#selesai <no>`: the reporter confirms the work is done, which closes the ticket; they are then asked to rate it. */
export const selesaiCommand: CommandDefinition = {
  name: 'selesai',
  aliases: ['realisasi'],
  roles: ['reporter'],
  usage: '#selesai <nomor>',
  summary: 'Konfirmasi bahwa laporan Anda sudah selesai ditangani.',
  example: '#selesai BRT2409001',
  async handle(ctx) {
    const ticket = await ownTicketFromArgs(ctx, selesaiCommand);
    if (!ticket) return;
    const outcome = await confirmByReporter(ctx.trx, ticket, ctx.sender.name, ctx.now);
    if (outcome === 'closed') {
      ctx.reply(confirmedClosed(ctx.sender, ticket));
      // After the confirmation, in private: the answer is read from the reporter's own chat.
      const question = await askForRating(ctx.trx, ticket, ctx.now);
      if (question) ctx.replyPrivately(question.body);
    } else if (outcome === 'already_closed') ctx.reply(alreadyClosed(ctx.sender, ticket, ctx.config.timezone));
    else ctx.reply(notFinishedYet(ctx.sender, ticket));
  },
};
