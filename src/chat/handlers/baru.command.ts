import type { CommandDefinition } from '../command.types';
import { findPendingOffer } from '../../features/followers/duplicate-offer.repository';
import { fileOffer } from '../../features/followers/follower.service';
import { nothingToFile } from '../../features/texts/follower.texts';
import { requestAccepted } from '../../features/texts/reporter.texts';
import { requestCommand } from './request.command';

/**
 * `#baru`: the answer to a duplicate offer when it is another fault: the complaint held for the
 * sender's choice is filed exactly as `#request` would have filed it (same reply, photos, admins told).
 */
export const baruCommand: CommandDefinition = {
  name: 'baru',
  aliases: ['new'],
  roles: ['reporter'],
  usage: '#baru',
  summary: 'Jadikan laporan yang mirip laporan lain sebagai laporan baru (masalah yang berbeda).',
  async handle(ctx) {
    const offer = await findPendingOffer(ctx.trx, ctx.message.chatId, ctx.sender.phone);
    // "#baru AC mati" reports anew; "baru saja AC mati" is a complaint that starts with an everyday word.
    if (!offer && ctx.args)
      return requestCommand.handle({ ...ctx, args: /^\s*#/.test(ctx.message.body) ? ctx.args : ctx.message.body.trim() });
    if (!offer) return ctx.reply(nothingToFile(ctx.sender));
    const ticket = await fileOffer(ctx.trx, offer, {
      prefix: ctx.config.ticketPrefix,
      timezone: ctx.config.timezone,
      reserved: ctx.trackingNumbers,
      adminTarget: ctx.config.adminNotifyTarget,
      now: ctx.now,
    });
    if (!ticket) return ctx.reply(nothingToFile(ctx.sender));
    ctx.linkTicket(ticket.id);
    ctx.reply(requestAccepted(ctx.sender, ticket, ticket.afterHours));
  },
};
