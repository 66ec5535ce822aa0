import type { CommandDefinition } from '../command.types';
import { pauseByTechnician } from '../../features/tickets/ticket.service';
import { usageOf } from '../../features/texts/reporter.texts';
import { alreadyPending, ticketNotOpen, workPaused } from '../../features/texts/technician.texts';
import { ownJobFromArgs, technicianOf } from './job-argument';

/**
 * `#pending <no> <alasan>`: the technician's job waits (a spare part, a locked room); the reporter
 * hears why and the SLA clocks stand. `#start <no>` resumes it (or the desk moves it back to proses).
 */
export const pendingCommand: CommandDefinition = {
  name: 'pending',
  aliases: ['tunda'],
  roles: ['technician'],
  usage: '#pending <nomor> <alasan>',
  summary: 'Tunda tugas dengan alasan (pelapor diberi tahu, batas waktu berhenti).',
  example: '#pending BRT2409001 menunggu sparepart',
  async handle(ctx) {
    const job = await ownJobFromArgs(ctx, pendingCommand);
    if (!job) return;
    if (!job.rest) return ctx.reply(usageOf(pendingCommand, ctx.invokedAs));
    const outcome = await pauseByTechnician(ctx.trx, { ticket: job.ticket, technician: technicianOf(ctx), reason: job.rest, now: ctx.now });
    const replies = { paused: workPaused, already_pending: alreadyPending, ticket_closed: ticketNotOpen };
    ctx.reply(replies[outcome](job.ticket));
  },
};
