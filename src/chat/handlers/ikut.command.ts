import type { CommandDefinition } from '../command.types';
import { mainTicketOf } from '../../features/followers/follower-access.service';
import { findPendingOffer, listPendingOffersAbout } from '../../features/followers/duplicate-offer.repository';
import { follow } from '../../features/followers/follower.service';
import { alreadyFollowing, cannotFollowClosed, nowFollowing } from '../../features/texts/follower.texts';
import { ticketNotFound, usageOf } from '../../features/texts/reporter.texts';
import { findTicketById, findTicketByTrackingNo } from '../../features/tickets/ticket.repository';
import { parseTrackingNumber } from '../../features/tickets/tracking-number';

/**
 * `#ikut <nomor>`: follow an open ticket about the same fault instead of filing another (the answer
 * to a duplicate offer, or a number someone passed on): the sender hears everything the reporter
 * hears and may confirm or reopen it. Without a number it follows the ticket last offered.
 */
export const ikutCommand: CommandDefinition = {
  name: 'ikut',
  aliases: ['follow', 'gabung'],
  roles: ['reporter'],
  usage: '#ikut <nomor>',
  summary: 'Ikuti laporan orang lain untuk masalah yang sama (kabar perkembangannya dikirim ke Anda juga).',
  example: '#ikut BRT2409001',
  async handle(ctx) {
    const { trx, sender, message } = ctx;
    const trackingNo = ctx.args ? parseTrackingNumber(ctx.args, ctx.config.ticketPrefix) : null;
    if (ctx.args && !trackingNo) return ctx.reply(usageOf(ikutCommand, ctx.invokedAs));
    const latest = trackingNo ? undefined : await findPendingOffer(trx, message.chatId, sender.phone);
    const named = trackingNo
      ? await findTicketByTrackingNo(trx, trackingNo)
      : latest && (await findTicketById(trx, latest.candidateTicketId));
    if (!named) return ctx.reply(trackingNo ? ticketNotFound(trackingNo) : usageOf(ikutCommand, ctx.invokedAs));
    const ticket = await mainTicketOf(trx, named);
    ctx.linkTicket(ticket.id);
    // The offers answered: those about this ticket (or the one it was merged from).
    const offers = await listPendingOffersAbout(trx, message.chatId, sender.phone, latest?.candidateTicketId ?? named.id);
    const person = { phone: sender.phone, name: sender.name, chatId: message.chatId, employeeId: sender.employee?.id ?? null };
    const outcome = await follow(trx, { ticket, person, offers, now: ctx.now });
    if (outcome === 'closed') return ctx.reply(cannotFollowClosed(sender, ticket, offers.length > 0));
    if (outcome === 'following') return ctx.reply(nowFollowing(sender, ticket));
    ctx.reply(alreadyFollowing(sender, ticket, outcome === 'own_ticket'));
  },
};
