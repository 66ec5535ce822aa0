import type { ReceivedSend } from './fake-fonnte';
import type { TestApp } from './test-app';

/**
 * Sends a message from `phone` through the webhook, the clock moved on a second first (so
 * messages keep their order), and fails unless the chat pipeline put it in the desk's inbox:
 * a message that starts a draft, or a command, is not what an inbox test means to send.
 * Strangers reach the inbox at once when the app runs with UNKNOWN_SENDERS=reject; anyone's
 * question or plea ("Pak, mohon dibantu ya") does too.
 */
export async function sayToInbox(app: TestApp, phone: string, text: string, extra: Record<string, unknown> = {}): Promise<ReceivedSend[]> {
  app.clock.advance(1000);
  const sent = await app.say(phone, text, extra);
  const message = await app.db.kysely
    .selectFrom('inbound_messages')
    .select(['chat_id', 'status', 'command', 'received_at'])
    .where('chat_id', '=', phone)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const conversation = await app.db.kysely
    .selectFrom('conversations')
    .select('last_message_at')
    .where('chat_id', '=', message.chat_id)
    .executeTakeFirst();
  if (Number(conversation?.last_message_at) !== Number(message.received_at)) {
    throw new Error(`"${text}" did not reach the inbox: ${message.status}, ${message.command ?? 'no command'}`);
  }
  return sent;
}
