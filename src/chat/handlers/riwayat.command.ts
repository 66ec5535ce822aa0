import type { CommandDefinition } from '../command.types';
import { recentTickets } from '../../features/texts/reporter.texts';
import { listTicketsOfReporter } from '../../features/tickets/ticket.repository';

/** `#riwayat` (and `#cek` without a number): the sender's last five tickets. */
export const riwayatCommand: CommandDefinition = {
  name: 'riwayat',
  aliases: [],
  roles: ['reporter'],
  usage: '#riwayat',
  summary: 'Lima laporan terakhir Anda beserta statusnya.',
  async handle(ctx) {
    const tickets = await listTicketsOfReporter(ctx.trx, ctx.sender.phone, 5);
    ctx.reply(recentTickets(ctx.sender, tickets, ctx.config.timezone));
  },
};
