import { toIso, toIsoOrNull } from '../../http/fields.schema';
import type { ChatCursor, ChatEntry, ChatTicket, Conversation } from './conversation.model';
import type { ChatEntryJson, ChatTicketJson, ConversationJson } from './conversation.schema';

/** The inbox's JSON, field by field; times ISO 8601 in UTC. */

export function presentConversation(c: Conversation): ConversationJson {
  return {
    chatId: c.chatId,
    phone: c.phone,
    name: c.name,
    isGroup: c.isGroup,
    lastMessageAt: toIso(c.lastMessageAt),
    preview: c.preview,
    unread: c.unread,
    waitingSince: toIsoOrNull(c.waitingSince),
    handledAt: toIsoOrNull(c.handledAt),
    handledBy: c.handledBy,
  };
}

export function presentChatEntry(e: ChatEntry): ChatEntryJson {
  const common = { id: e.id, at: toIso(e.at), body: e.body, ticketTrackingNo: e.ticketTrackingNo };
  if (e.direction === 'in') {
    const { senderPhone, senderName, status, command } = e;
    const media = e.media && { url: e.media.url, filename: e.media.filename, extension: e.media.extension };
    return { direction: 'in', ...common, senderPhone, senderName, media, status, command };
  }
  return {
    direction: 'out',
    ...common,
    kind: e.kind,
    status: e.status,
    deliveryState: e.deliveryState,
    deliveryUpdatedAt: toIsoOrNull(e.deliveryUpdatedAt),
    sentAt: toIsoOrNull(e.sentAt),
    lastError: e.lastError,
    staff: e.staff && { id: e.staff.id, name: e.staff.name },
  };
}

export const presentChatTicket = (t: ChatTicket): ChatTicketJson => ({
  trackingNo: t.trackingNo,
  status: t.status,
  complaint: t.complaint,
  createdAt: toIso(t.createdAt),
});

/** The cursor of the oldest entry shown, for the next page back. */
export const cursorOf = (e: ChatCursor) => `${e.at}.${e.direction}.${e.id}`;
