import type { CommandDefinition } from '../command.types';
import { startWork } from '../../features/assignments/field-work.service';
import { alreadyStarted, ticketNotOpen, workStarted } from '../../features/texts/technician.texts';
import { ownJobFromArgs, technicianOf } from './job-argument';

/** `#start <no> [catatan]`: the technician sets off; the reporter is told who is on the way. */
export const startCommand: CommandDefinition = {
  name: 'start',
  aliases: ['mulai'],
  roles: ['technician'],
  usage: '#start <nomor> [catatan]',
  summary: 'Mulai mengerjakan tugas (pelapor diberi tahu).',
  example: '#start BRT2409001 menuju lokasi',
  async handle(ctx) {
    const job = await ownJobFromArgs(ctx, startCommand);
    if (!job) return;
    const outcome = await startWork(ctx.trx, { ...job, technician: technicianOf(ctx), note: job.rest || null, now: ctx.now });
    ctx.reply(
      outcome === 'started'
        ? workStarted(job.ticket)
        : outcome === 'already_started'
          ? alreadyStarted(job.ticket)
          : ticketNotOpen(job.ticket),
    );
  },
};
