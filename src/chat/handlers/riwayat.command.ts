import type { CommandDefinition } from '../command.types';
import { recentTickets } from '../../features/texts/reporter.texts';
import { listTicketsOfReporter } from '../../features/tickets/ticket.repository';

/** `#riwayat` (and `#cek` without a number): the sender's last five tickets, in private when asked in a group. */
export const riwayatCommand: CommandDefinition = {
  name: 'riwayat',
  aliases: [],
  roles: ['reporter'],
  usage: '#riwayat',
  summary: 'Lima laporan terakhir Anda beserta statusnya.',
  async handle(ctx) {
    const tickets = await listTicketsOfReporter(ctx.trx, ctx.sender.phone, 5);
    const text = recentTickets(ctx.sender, tickets, ctx.config.timezone);
    // A member's own tickets are not the group's business.
    if (ctx.message.isGroup) ctx.replyPrivately(text);
    else ctx.reply(text);
  },
};
