import type { CommandDefinition } from '../command.types';
import { requestAccepted, usageOf } from '../../features/texts/reporter.texts';
import { createTicket } from '../../features/tickets/ticket.service';
import { queueMediaDownload } from '../../features/media/media.repository';

/** `#request <keluhan>`: a complaint becomes a ticket with a tracking number. */
export const requestCommand: CommandDefinition = {
  name: 'request',
  aliases: ['req', 'lapor', 'bantu', 'tolong'],
  roles: ['reporter'],
  usage: '#request <keluhan Anda>',
  summary: 'Kirim laporan kerusakan/keluhan, dapatkan nomor tracking.',
  example: '#request lampu kelas 3.2 mati',
  filesTicket: true,
  async handle(ctx) {
    if (!ctx.args) return ctx.reply(usageOf(requestCommand, ctx.invokedAs));
    const ticket = await createTicket(ctx.trx, {
      complaint: ctx.args,
      reporter: {
        employeeId: ctx.sender.employee?.id ?? null,
        phone: ctx.sender.phone,
        name: ctx.sender.name,
        workplace: ctx.sender.workplace,
      },
      chatId: ctx.message.chatId,
      sourceMessageId: ctx.message.id,
      reportedAt: ctx.message.receivedAt,
      prefix: ctx.config.ticketPrefix,
      timezone: ctx.config.timezone,
      reserved: ctx.trackingNumbers,
      adminTarget: ctx.config.adminNotifyTarget,
      now: ctx.now,
    });
    ctx.linkTicket(ticket.id);
    const photo = ctx.message.media;
    if (photo) {
      await queueMediaDownload(ctx.trx, {
        ticketId: ticket.id,
        ticketEventId: null,
        inboundMessageId: ctx.message.id,
        sourceUrl: photo.url,
        originalFilename: photo.filename,
        now: ctx.now,
      });
    }
    ctx.reply(requestAccepted(ctx.sender, ticket, ticket.afterHours));
  },
};
