import type { CommandDefinition } from '../command.types';
import { recentTickets } from '../../features/texts/reporter.texts';
import { listTicketsOfReporter } from '../../features/tickets/ticket.repository';
import { listFollowedTickets } from '../../features/followers/follower.repository';

/**
 * `#riwayat` (and `#cek` without a number): the sender's last five tickets, those they follow
 * included and marked, in private when asked in a group.
 */
export const riwayatCommand: CommandDefinition = {
  name: 'riwayat',
  aliases: [],
  roles: ['reporter'],
  usage: '#riwayat',
  summary: 'Lima laporan terakhir Anda beserta statusnya.',
  async handle(ctx) {
    const own = await listTicketsOfReporter(ctx.trx, ctx.sender.phone, 5);
    const followed = await listFollowedTickets(ctx.trx, ctx.sender.phone, 5);
    const ownIds = new Set(own.map((t) => t.id));
    const tickets = [...own, ...followed.filter((t) => !ownIds.has(t.id))]
      .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)
      .slice(0, 5);
    const text = recentTickets(ctx.sender, tickets, ctx.config.timezone, new Set(followed.map((t) => t.id)));
    // A member's own tickets are not the group's business.
    if (ctx.message.isGroup) ctx.replyPrivately(text);
    else ctx.reply(text);
  },
};
