import type { CommandDefinition } from '../command.types';
import { finishWork } from '../../features/assignments/field-work.service';
import { alreadyFinished, finishedAll, finishedPart, ticketNotOpen } from '../../features/texts/technician.texts';
import { ownJobFromArgs, photoOf, technicianOf } from './job-argument';

/** `#finish <no> [catatan]`: the technician's part is done; when everyone is, the reporter is asked to confirm. */
export const finishCommand: CommandDefinition = {
  name: 'finish',
  aliases: ['beres'],
  roles: ['technician'],
  usage: '#finish <nomor> [catatan]',
  summary: 'Tandai bagian Anda selesai (pelapor diminta konfirmasi).',
  example: '#finish BRT2409001 lampu sudah diganti',
  async handle(ctx) {
    const job = await ownJobFromArgs(ctx, finishCommand);
    if (!job) return;
    const outcome = await finishWork(ctx.trx, {
      ...job,
      technician: technicianOf(ctx),
      note: job.rest || null,
      photo: photoOf(ctx),
      now: ctx.now,
    });
    const replies = {
      finished_all: finishedAll,
      finished_part: finishedPart,
      already_finished: alreadyFinished,
      ticket_closed: ticketNotOpen,
    };
    ctx.reply(replies[outcome](job.ticket));
  },
};
