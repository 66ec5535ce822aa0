import type { CommandDefinition } from '../command.types';
import { menu } from '../../features/texts/reporter.texts';
import { requestCommand } from './request.command';

/** `#help`: the menu for the sender's role. `#help <text>` is a request, as the book's users write it. */
export const helpCommand: CommandDefinition = {
  name: 'help',
  aliases: ['bantuan', 'menu'],
  roles: 'anyone',
  usage: '#help',
  summary: 'Tampilkan menu ini.',
  async handle(ctx) {
    if (ctx.args && ctx.sender.roles.has('reporter')) return requestCommand.handle(ctx);
    ctx.reply(menu(ctx.sender, ctx.menu()));
  },
};
