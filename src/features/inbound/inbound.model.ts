import type { InboundStatus } from '../../db/database';

/** An incoming WhatsApp message as the command layer sees it. */
export interface InboundMessage {
  id: number;
  /** Where a reply goes: the sender's number, or the group id for a group message. */
  chatId: string;
  /** The person who wrote it (the member, in a group). */
  senderPhone: string;
  senderName: string | null;
  isGroup: boolean;
  body: string;
  media: { url: string; filename: string | null; extension: string | null } | null;
  status: InboundStatus;
  receivedAt: number;
}
