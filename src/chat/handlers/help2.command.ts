import type { CommandDefinition } from '../command.types';

/** `#help2`: the technician's menu (the book's name for it). `#help` from a technician's phone shows it too. */
export const help2Command: CommandDefinition = {
  name: 'help2',
  aliases: ['menu2'],
  roles: ['technician'],
  usage: '#help2',
  summary: 'Menu petugas teknisi.',
  listed: false,
  async handle(ctx) {
    ctx.reply(ctx.menu());
  },
};
