import type { Transaction } from 'kysely';
import type { Config } from '../config';
import type { Dialect } from '../db/create-db';
import type { Database } from '../db/database';
import type { ReservedNumbers } from '../features/tickets/tracking-number';
import type { InboundMessage } from '../features/inbound/inbound.model';
import { countMessagesSince, type NewOutboundMessage } from '../features/outbox/outbox.repository';
import { CommandRegistry } from './command-registry';
import type { CommandContext, Sender } from './command.types';
import { parseCommand } from './parse-command';
import { classifyMessage } from './message-intent';
import { answerWithin, handlePlainMessage, type BatchAnswers } from './plain-message';
import { notAllowed, unknownSenderRefused, usageHint } from '../features/texts/reporter.texts';

/** A typo'd command gets one usage hint per chat per ten minutes. */
const HINT_INTERVAL_MS = 10 * 60 * 1000;

export interface DispatchResult {
  status: 'processed' | 'ignored';
  command: string | null;
  ticketId: number | null;
  /** The answers, for the caller to queue in the same transaction. */
  replies: NewOutboundMessage[];
}

export interface DispatchDeps {
  registry: CommandRegistry;
  config: Config;
  dialect: Dialect;
  now: number;
  sender: Sender;
  /** What the batch has answered so far (not yet visible in the outbox). */
  batch: BatchAnswers;
  trackingNumbers?: ReservedNumbers;
}

const ignoredMessage = (): DispatchResult => ({ status: 'ignored', command: null, ticketId: null, replies: [] });

/**
 * Runs one stored message from `sender` (see resolveSenders) inside `trx` and returns its
 * replies, which the caller queues in the same transaction (one INSERT for a whole batch): the
 * ticket and the answer about it commit together. A command goes to its handler with no query
 * of its own here; anything else in a private chat is a plain message (plain-message.ts).
 */
export async function dispatchMessage(trx: Transaction<Database>, message: InboundMessage, deps: DispatchDeps): Promise<DispatchResult> {
  const { registry, config, sender } = deps;
  const parsed = parseCommand(message.body);
  let command = parsed ? registry.lookup(parsed.word) : undefined;
  // Everyday words that are also aliases act only with `#` in a group; and "tolong ya", a plea
  // with nothing to report in it, files no ticket of its own.
  if (command && !parsed!.hashed && (message.isGroup || (command.filesTicket && isPlea(message)))) command = undefined;
  // In a group people talk to each other: only #commands concern us, and never our own device's.
  if (message.isGroup && (!command || message.senderPhone === config.fonnte.device)) return ignoredMessage();
  if (!command) return parsed?.hashed ? usageHintFor(trx, message, parsed.word, deps) : handlePlainMessage(trx, message, deps);

  const replies: NewOutboundMessage[] = [];
  let ticketId: number | null = null;
  const reply = (body: string, target = message.chatId) => void replies.push({ target, body, kind: 'reply', inboundMessageId: message.id });
  if (!CommandRegistry.allows(command, sender.roles)) {
    reply(
      sender.unknown && command.roles !== 'anyone' && command.roles.includes('reporter') ? unknownSenderRefused() : notAllowed(command),
    );
  } else {
    const ctx: CommandContext = {
      trx,
      now: deps.now,
      config,
      message,
      sender,
      args: parsed!.args,
      invokedAs: parsed!.word,
      reply: (text) => reply(text),
      replyPrivately: (text) => reply(text, message.senderPhone),
      linkTicket: (id) => void (ticketId = id),
      menu: () => registry.menu(sender.roles),
      trackingNumbers: deps.trackingNumbers,
    };
    await command.handle(ctx);
  }
  return { status: 'processed', command: command.name, ticketId, replies: replies.map((r) => ({ ...r, ticketId })) };
}

const isPlea = (m: InboundMessage) => classifyMessage(m.body, { hasMedia: m.media !== null }) === 'plea';

/** `#reqeust …`, `#xyz`: "did you mean", at most once per chat per ten minutes. */
async function usageHintFor(
  trx: Transaction<Database>,
  message: InboundMessage,
  word: string,
  deps: DispatchDeps,
): Promise<DispatchResult> {
  const { registry, sender, now, batch } = deps;
  if (batch.hinted.has(message.chatId)) return ignoredMessage();
  if ((await countMessagesSince(trx, message.chatId, ['usage_hint'], now - HINT_INTERVAL_MS)) > 0) return ignoredMessage();
  batch.hinted.add(message.chatId);
  const suggestion = registry.suggest(word, sender.roles);
  const text = usageHint(`#${word}`, suggestion, registry.menu(sender.roles));
  return answerWithin(trx, message, deps, { command: null, body: text, kind: 'usage_hint' });
}
