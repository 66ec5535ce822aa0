import { noteWaiting } from '../../src/features/conversations/conversation.repository';
import type { ReceivedSend } from './fake-fonnte';
import type { TestApp } from './test-app';

/**
 * Sends a plain message from `phone` through the webhook and makes sure it waits in the inbox.
 * The chat pipeline notes such a message itself once issue 13's draft flow is in; until then
 * (and for any message it left alone) this notes it the way the pipeline does, so the tests
 * read the same either way. Moves the clock on first, so messages keep their order.
 */
export async function sayToInbox(app: TestApp, phone: string, text: string, extra: Record<string, unknown> = {}): Promise<ReceivedSend[]> {
  app.clock.advance(1000);
  const sent = await app.say(phone, text, extra);
  const message = await app.db.kysely
    .selectFrom('inbound_messages')
    .select(['id', 'chat_id', 'sender_phone', 'sender_name', 'is_group', 'body', 'received_at'])
    .where('chat_id', '=', phone)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const conversation = await app.db.kysely
    .selectFrom('conversations')
    .select('last_message_at')
    .where('chat_id', '=', message.chat_id)
    .executeTakeFirst();
  if (!conversation || Number(conversation.last_message_at) < Number(message.received_at)) {
    await noteWaiting(app.db.kysely, app.db.dialect, {
      chatId: message.chat_id,
      phone: Number(message.is_group) === 1 ? null : message.sender_phone,
      name: message.sender_name,
      isGroup: Number(message.is_group) === 1,
      preview: message.body || '[foto]',
      at: Number(message.received_at),
    });
  }
  return sent;
}
