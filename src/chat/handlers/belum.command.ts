import type { CommandDefinition } from '../command.types';
import { reopenByReporter } from '../../features/assignments/field-work.service';
import { salutation, usageOf } from '../replies';
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
    const text = {
      reopened: `Laporan *${ticket.trackingNo}* kami buka kembali dan petugas sudah diberi tahu alasannya.`,
      not_finished: `Laporan *${ticket.trackingNo}* masih dikerjakan petugas; tidak perlu dibuka kembali. Cek: #cek ${ticket.trackingNo}`,
      closed: `Laporan *${ticket.trackingNo}* sudah ditutup. Silakan kirim laporan baru: #request <keluhan>`,
    }[outcome];
    ctx.reply(`${salutation(ctx.sender)}\n${text}`);
  },
};
