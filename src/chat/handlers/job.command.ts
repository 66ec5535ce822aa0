import type { CommandDefinition } from '../command.types';
import { listOpenJobs } from '../../features/assignments/assignment.repository';
import { jobDetail, jobList } from '../../features/texts/technician.texts';
import { ownJobFromArgs } from './job-argument';

/** `#job`: the technician's open jobs; `#job <no>`: one job in detail with the admin's note. */
export const jobCommand: CommandDefinition = {
  name: 'job',
  aliases: ['tugas'],
  roles: ['technician'],
  usage: '#job [nomor]',
  summary: 'Daftar tugas Anda; dengan nomor: detail tugas.',
  example: '#job BRT2409001',
  async handle(ctx) {
    if (!ctx.args) {
      const jobs = await listOpenJobs(ctx.trx, ctx.sender.staff!.id);
      return ctx.reply(jobList(ctx.sender.name, jobs, ctx.config.timezone));
    }
    const job = await ownJobFromArgs(ctx, jobCommand);
    if (job) ctx.reply(jobDetail(job.assignment, job.ticket, ctx.config.timezone));
  },
};
