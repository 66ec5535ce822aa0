import type { Transaction } from 'kysely';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { InboundMessage } from '../features/inbound/inbound.repository';
import { enqueueMessage, hasMessageSince } from '../features/outbox/outbox.repository';
import { CommandRegistry } from './command-registry';
import type { CommandContext } from './command.types';
import { parseCommand } from './parse-command';
import { notAllowed, unknownSenderRefused, usageHint } from './replies';
import { resolveSender } from './sender';

/** Two bots answering each other must not loop: one usage hint per chat per ten minutes. */
export const HINT_INTERVAL_MS = 10 * 60 * 1000;

export interface DispatchResult {
  status: 'processed' | 'ignored';
  command: string | null;
  ticketId: number | null;
  replies: number;
}

/**
 * Runs one stored message through the registry inside `trx` and queues its replies
 * in the same transaction: the ticket and the answer about it commit together.
 */
export async function dispatchMessage(
  trx: Transaction<Database>,
  message: InboundMessage,
  deps: { registry: CommandRegistry; config: Config; now: number },
): Promise<DispatchResult> {
  const { registry, config, now } = deps;
  const parsed = parseCommand(message.body);
  const command = parsed ? registry.lookup(parsed.word) : undefined;
  // In a group, people talk to each other: only commands concern us.
  if (!command && message.isGroup) return { status: 'ignored', command: null, ticketId: null, replies: 0 };

  const sender = await resolveSender(trx, message, config);
  const replies: string[] = [];
  let ticketId: number | null = null;
  let kind: 'reply' | 'usage_hint' = 'reply';

  if (!command) {
    if (await hasMessageSince(trx, message.chatId, 'usage_hint', now - HINT_INTERVAL_MS)) {
      return { status: 'ignored', command: null, ticketId: null, replies: 0 };
    }
    const suggestion = parsed ? registry.suggest(parsed.word, sender.roles) : undefined;
    kind = 'usage_hint';
    replies.push(usageHint(parsed?.hashed || suggestion ? `#${parsed?.word}` : undefined, suggestion, registry.menu(sender.roles)));
  } else if (!CommandRegistry.allows(command, sender.roles)) {
    replies.push(sender.unknown && command.roles !== 'anyone' && command.roles.includes('reporter') ? unknownSenderRefused() : notAllowed(command));
  } else {
    const ctx: CommandContext = {
      trx,
      now,
      config,
      message,
      sender,
      args: parsed!.args,
      invokedAs: parsed!.word,
      reply: (text) => void replies.push(text),
      linkTicket: (id) => void (ticketId = id),
      menu: () => registry.menu(sender.roles),
    };
    await command.handle(ctx);
  }

  for (const body of replies) {
    await enqueueMessage(trx, { target: message.chatId, body, kind, ticketId, inboundMessageId: message.id }, now);
  }
  return { status: 'processed', command: command?.name ?? null, ticketId, replies: replies.length };
}
