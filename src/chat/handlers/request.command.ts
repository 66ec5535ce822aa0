import type { CommandDefinition } from '../command.types';
import { holdBackDuplicate } from '../duplicate-check';
import { requestAccepted, usageOf } from '../../features/texts/reporter.texts';
import { createTicket } from '../../features/tickets/ticket.service';
import { queueMediaDownload } from '../../features/media/media.repository';

/**
 * `#request <keluhan>`: a complaint becomes a ticket with a tracking number, unless an open ticket
 * at the same place is about the same fault: then the sender is offered #ikut or #baru (or told
 * it is their own report already), and the complaint is held until they choose.
 */
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
    const photo = ctx.message.media;
    const { held, facts } = await holdBackDuplicate(ctx.trx, {
      sender: ctx.sender,
      chatId: ctx.message.chatId,
      complaint: ctx.args,
      sourceMessageId: ctx.message.id,
      draftId: null,
      reportedAt: ctx.message.receivedAt,
      config: ctx.config,
      now: ctx.now,
    });
    if (held) {
      ctx.linkTicket(held.ticketId);
      return ctx.reply(held.body);
    }
    const ticket = await createTicket(ctx.trx, {
      complaint: ctx.args,
      reporter: {
        employeeId: ctx.sender.employee?.id ?? null,
        phone: ctx.sender.phone,
        name: ctx.sender.name,
        workplace: ctx.sender.workplace,
      },
      chatId: ctx.message.chatId,
      ...facts,
      sourceMessageId: ctx.message.id,
      reportedAt: ctx.message.receivedAt,
      prefix: ctx.config.ticketPrefix,
      timezone: ctx.config.timezone,
      reserved: ctx.trackingNumbers,
      adminTarget: ctx.config.adminNotifyTarget,
      now: ctx.now,
    });
    ctx.linkTicket(ticket.id);
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
