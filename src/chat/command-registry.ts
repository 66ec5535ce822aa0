import { distance } from 'fastest-levenshtein';
import type { CommandDefinition, Role } from './command.types';

/** Commands are data: this registry answers lookup, permission, menus and "did you mean". */
export class CommandRegistry {
  private readonly byWord = new Map<string, CommandDefinition>();

  constructor(readonly commands: readonly CommandDefinition[]) {
    for (const c of commands) {
      for (const word of [c.name, ...c.aliases]) {
        if (this.byWord.has(word)) throw new Error(`command word "${word}" declared twice`);
        this.byWord.set(word, c);
      }
    }
  }

  lookup(word: string): CommandDefinition | undefined {
    return this.byWord.get(word.toLowerCase());
  }

  static allows(c: CommandDefinition, roles: ReadonlySet<Role>): boolean {
    return c.roles === 'anyone' || c.roles.some((r) => roles.has(r));
  }

  /** Commands this sender may run, in declaration order. */
  available(roles: ReadonlySet<Role>): CommandDefinition[] {
    return this.commands.filter((c) => c.listed !== false && CommandRegistry.allows(c, roles));
  }

  /** The closest command the sender may run, for typos such as `#reqeust`; undefined when nothing is close. */
  suggest(word: string, roles: ReadonlySet<Role>): CommandDefinition | undefined {
    let best: { c: CommandDefinition; d: number } | undefined;
    for (const [w, c] of this.byWord) {
      if (!CommandRegistry.allows(c, roles)) continue;
      const d = distance(word.toLowerCase(), w);
      if (!best || d < best.d) best = { c, d };
    }
    const tolerance = word.length <= 4 ? 1 : 2;
    return best && best.d <= tolerance ? best.c : undefined;
  }

  /**
   * The help menu for these roles, generated, never hand-written. A technician sees the
   * technician's commands first (the book's #help2), then what every reporter may do.
   */
  menu(roles: ReadonlySet<Role>): string {
    const line = (c: CommandDefinition) => `👉 *${c.usage}*\n    ${c.summary}`;
    const available = this.available(roles);
    const technician = available.filter((c) => c.roles !== 'anyone' && c.roles.includes('technician'));
    const rest = available.filter((c) => !technician.includes(c));
    if (technician.length === 0) return rest.map(line).join('\n');
    return ['*Menu petugas:*', ...technician.map(line), '', '*Menu pelapor:*', ...rest.map(line)].join('\n');
  }
}
