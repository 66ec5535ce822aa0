import type { Transaction } from 'kysely';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { ReservedNumbers } from '../features/tickets/tracking-number';
import type { InboundMessage } from '../features/inbound/inbound.model';
import { hasMessageSince, type NewOutboundMessage } from '../features/outbox/outbox.repository';
import { CommandRegistry } from './command-registry';
import type { CommandContext, Sender } from './command.types';
import { parseCommand } from './parse-command';
import { notAllowed, unknownSenderRefused, usageHint } from '../features/texts/reporter.texts';

/** Two bots answering each other must not loop: one usage hint per chat per ten minutes. */
const HINT_INTERVAL_MS = 10 * 60 * 1000;

export interface DispatchResult {
  status: 'processed' | 'ignored';
  command: string | null;
  ticketId: number | null;
  /** The answers to the sender, for the caller to queue in the same transaction. */
  replies: NewOutboundMessage[];
}

/**
 * Runs one stored message from `sender` (see resolveSenders) through the registry inside
 * `trx` and returns its replies, which the caller queues in the same transaction (one
 * INSERT for a whole batch): the ticket and the answer about it commit together.
 */
export async function dispatchMessage(
  trx: Transaction<Database>,
  message: InboundMessage,
  deps: {
    registry: CommandRegistry;
    config: Config;
    now: number;
    sender: Sender;
    /** Chats given a usage hint earlier in the same batch (not yet visible in the outbox). */
    hintedChats: Set<string>;
    trackingNumbers?: ReservedNumbers;
  },
): Promise<DispatchResult> {
  const { registry, config, now, sender, hintedChats } = deps;
  const parsed = parseCommand(message.body);
  const command = parsed ? registry.lookup(parsed.word) : undefined;
  // In a group, people talk to each other: only commands concern us.
  if (!command && message.isGroup) return { status: 'ignored', command: null, ticketId: null, replies: [] };

  const replies: string[] = [];
  let ticketId: number | null = null;
  let kind: 'reply' | 'usage_hint' = 'reply';

  if (!command) {
    if (hintedChats.has(message.chatId) || (await hasMessageSince(trx, message.chatId, 'usage_hint', now - HINT_INTERVAL_MS))) {
      return { status: 'ignored', command: null, ticketId: null, replies: [] };
    }
    hintedChats.add(message.chatId);
    const suggestion = parsed ? registry.suggest(parsed.word, sender.roles) : undefined;
    kind = 'usage_hint';
    replies.push(usageHint(parsed?.hashed || suggestion ? `#${parsed?.word}` : undefined, suggestion, registry.menu(sender.roles)));
  } else if (!CommandRegistry.allows(command, sender.roles)) {
    replies.push(
      sender.unknown && command.roles !== 'anyone' && command.roles.includes('reporter') ? unknownSenderRefused() : notAllowed(command),
    );
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
      trackingNumbers: deps.trackingNumbers,
    };
    await command.handle(ctx);
  }

  return {
    status: 'processed',
    command: command?.name ?? null,
    ticketId,
    replies: replies.map((body) => ({ target: message.chatId, body, kind, ticketId, inboundMessageId: message.id })),
  };
}
