import type { InboundStatus, OutboundStatus, TicketStatus } from '../../db/database';

/** A chat in the desk's inbox (one row of `conversations`), with the directory's name when known. */
export interface Conversation {
  chatId: string;
  phone: string | null;
  /** The directory's name (employee, else staff member), else the WhatsApp name. */
  name: string | null;
  isGroup: boolean;
  lastMessageAt: number;
  preview: string;
  unread: number;
  waitingSince: number | null;
  handledAt: number | null;
  handledBy: { id: string; name: string | null } | null;
}

/** Which chats a list shows: still waiting for a person, handled, or both. */
export type ConversationState = 'waiting' | 'handled' | 'all';

/** Where a conversation's page of messages stops: the oldest one shown. */
export interface ChatCursor {
  at: number;
  direction: 'in' | 'out';
  id: number;
}

interface ChatEntryBase {
  id: number;
  at: number;
  body: string;
}

/** What the person wrote. */
export interface InboundEntry extends ChatEntryBase {
  direction: 'in';
  senderPhone: string;
  senderName: string | null;
  media: { url: string; filename: string | null; extension: string | null } | null;
  status: InboundStatus;
  command: string | null;
  ticketTrackingNo: string | null;
  /** The plain-language draft it joined, if any. */
  draftId: number | null;
}

/** What went out to the chat: a reply, a notification, or a message the desk wrote. */
export interface OutboundEntry extends ChatEntryBase {
  direction: 'out';
  kind: string;
  status: OutboundStatus;
  deliveryState: string | null;
  deliveryUpdatedAt: number | null;
  sentAt: number | null;
  lastError: string | null;
  ticketTrackingNo: string | null;
  /** Who at the desk wrote it (desk messages). */
  staff: { id: string; name: string | null } | null;
}

export type ChatEntry = InboundEntry | OutboundEntry;

/** The person behind a private chat, from the directory. */
export type ChatPerson =
  | { kind: 'employee'; id: string; name: string; department: string | null; unit: string | null; email: string | null; active: boolean }
  | { kind: 'staff'; id: string; name: string; level: string; email: string | null; active: boolean };

/** A ticket of the chat, as its card lists it. */
export interface ChatTicket {
  trackingNo: string;
  status: TicketStatus;
  complaint: string;
  createdAt: number;
}
