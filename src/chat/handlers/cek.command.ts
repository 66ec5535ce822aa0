import type { CommandDefinition } from '../command.types';
import { latestState } from '../../features/texts/reporter.texts';
import { findLatestTicketEvent } from '../../features/tickets/ticket.repository';
import { ownTicketFromArgs } from './ticket-argument';
import { riwayatCommand } from './riwayat.command';

/** `#cek <no>`: the latest state of a ticket. Without a number: the sender's recent tickets. */
export const cekCommand: CommandDefinition = {
  name: 'cek',
  aliases: ['status'],
  roles: ['reporter'],
  usage: '#cek <nomor>',
  summary: 'Status terakhir laporan Anda (tanpa nomor: daftar laporan Anda).',
  example: '#cek BRT2409001',
  async handle(ctx) {
    if (!ctx.args) return riwayatCommand.handle(ctx);
    const ticket = await ownTicketFromArgs(ctx, cekCommand);
    if (!ticket) return;
    const latest = await findLatestTicketEvent(ctx.trx, ticket.id);
    ctx.reply(latestState(ctx.sender, ticket, latest, ctx.config.timezone));
  },
};
