import { CommandRegistry } from './command-registry';
import { cekCommand } from './handlers/cek.command';
import { helpCommand } from './handlers/help.command';
import { requestCommand } from './handlers/request.command';
import { riwayatCommand } from './handlers/riwayat.command';
import { selesaiCommand } from './handlers/selesai.command';
import { trackCommand } from './handlers/track.command';
import { belumCommand } from './handlers/belum.command';
import { finishCommand } from './handlers/finish.command';
import { help2Command } from './handlers/help2.command';
import { jobCommand } from './handlers/job.command';
import { reportCommand } from './handlers/report.command';
import { startCommand } from './handlers/start.command';
import { pendingCommand } from './handlers/pending.command';
import { ikutCommand } from './handlers/ikut.command';
import { baruCommand } from './handlers/baru.command';

/** Every chat command, in menu order. Adding a command is adding a file and a line here. */
export function createCommandRegistry(): CommandRegistry {
  return new CommandRegistry([
    jobCommand,
    startCommand,
    reportCommand,
    finishCommand,
    pendingCommand,
    help2Command,
    requestCommand,
    ikutCommand,
    baruCommand,
    cekCommand,
    trackCommand,
    riwayatCommand,
    selesaiCommand,
    belumCommand,
    helpCommand,
  ]);
}
