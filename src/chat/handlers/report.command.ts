import type { CommandDefinition } from '../command.types';
import { reportProgress } from '../../features/assignments/field-work.service';
import { usageOf } from '../../features/texts/reporter.texts';
import { progressRecorded, ticketNotOpen } from '../../features/texts/technician.texts';
import { ownJobFromArgs, photoOf, technicianOf } from './job-argument';
import { photoProgressNote } from '../../features/texts/history.texts';

/** `#report <no> <progres>`: a progress report, with the photo sent along as proof; the reporter receives it. */
export const reportCommand: CommandDefinition = {
  name: 'report',
  aliases: ['progres'],
  roles: ['technician'],
  usage: '#report <nomor> <progres>',
  summary: 'Kirim progres pekerjaan (boleh dengan foto).',
  example: '#report BRT2409001 sudah diketahui penyebabnya, harus ganti lampu',
  async handle(ctx) {
    const job = await ownJobFromArgs(ctx, reportCommand);
    if (!job) return;
    const photo = photoOf(ctx);
    if (!job.rest && !photo) return ctx.reply(usageOf(reportCommand, ctx.invokedAs));
    const outcome = await reportProgress(ctx.trx, {
      ticket: job.ticket,
      technician: technicianOf(ctx),
      text: job.rest || photoProgressNote(),
      photo,
      now: ctx.now,
    });
    ctx.reply(outcome === 'reported' ? progressRecorded(job.ticket, photo !== null) : ticketNotOpen(job.ticket));
  },
};
