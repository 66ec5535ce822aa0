import { CommandRegistry } from './command-registry';
import { cekCommand } from './handlers/cek.command';
import { helpCommand } from './handlers/help.command';
import { requestCommand } from './handlers/request.command';
import { riwayatCommand } from './handlers/riwayat.command';
import { selesaiCommand } from './handlers/selesai.command';
import { trackCommand } from './handlers/track.command';

/** Every chat command, in menu order. Adding a command is adding a file and a line here. */
export function createCommandRegistry(): CommandRegistry {
  return new CommandRegistry([requestCommand, cekCommand, trackCommand, riwayatCommand, selesaiCommand, helpCommand]);
}
