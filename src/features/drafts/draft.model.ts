import type { DraftStatus } from '../../db/database';

/** A plain-language complaint being gathered from a chat's messages, then waiting for YA. */
export interface Draft {
  id: number;
  chatId: string;
  phone: string;
  name: string | null;
  status: DraftStatus;
  /** The messages' texts, one per line, in order. */
  text: string;
  photos: number;
  firstMessageId: number | null;
  burstStartedAt: number;
  lastMessageAt: number;
  /** When the job looks at it next; null once closed. */
  dueAt: number | null;
  prompts: number;
  ticketId: number | null;
  createdAt: number;
}

/** A draft the job must look at: what it was when listed, so the claim can insist nothing changed since. */
export interface DueDraft {
  id: number;
  status: 'gathering' | 'awaiting';
  dueAt: number;
  prompts: number;
  chatId: string;
}
