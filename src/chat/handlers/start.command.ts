import type { CommandDefinition } from '../command.types';
import { startWork } from '../../features/assignments/field-work.service';
import { alreadyStarted, ticketNotOpen, workResumed, workStarted } from '../../features/texts/technician.texts';
import { ownJobFromArgs, technicianOf } from './job-argument';

/** `#start <no> [catatan]`: the technician sets off (or resumes a job they put on #pending); the reporter is told. */
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
    const replies = { started: workStarted, resumed: workResumed, already_started: alreadyStarted, ticket_closed: ticketNotOpen };
    ctx.reply(replies[outcome](job.ticket));
  },
};
