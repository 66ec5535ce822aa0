import type { CommandDefinition } from '../command.types';
import { history } from '../../features/texts/reporter.texts';
import { listTicketEvents } from '../../features/tickets/ticket.repository';
import { ownTicketFromArgs } from './ticket-argument';

/** `#track <no>`: the whole numbered history of a ticket. */
export const trackCommand: CommandDefinition = {
  name: 'track',
  aliases: ['lacak'],
  roles: ['reporter'],
  usage: '#track <nomor>',
  summary: 'Riwayat lengkap penanganan laporan Anda.',
  example: '#track BRT2409001',
  async handle(ctx) {
    const ticket = await ownTicketFromArgs(ctx, trackCommand);
    if (!ticket) return;
    const events = await listTicketEvents(ctx.trx, ticket.id, { forReporter: true });
    ctx.reply(history(ctx.sender, ticket, events, ctx.config.timezone));
  },
};
