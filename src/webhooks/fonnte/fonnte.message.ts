import { createHash } from 'node:crypto';
import { isGroupId, normalizePhone } from '../../shared/phone';
import type { FonnteMessagePayload } from './fonnte.schema';

/** A payload reduced to what the service keeps, before it is stored. */
export interface IncomingMessage {
  device: string | null;
  chatId: string;
  senderPhone: string;
  senderName: string | null;
  isGroup: boolean;
  body: string;
  messageType: string | null;
  media: { url: string; filename: string | null; extension: string | null } | null;
  sentAt: number | null;
  inboxId: string | null;
}

const MAX_ID = 64;
const MAX_URL = 2048;

const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v.trim());

/** Undefined when the payload names no sender: nothing could be answered or attributed. */
export function toIncomingMessage(p: FonnteMessagePayload): IncomingMessage | undefined {
  const rawSender = blank(p.sender) ?? blank(p.pengirim);
  if (!rawSender) return undefined;
  const isGroup = p.isgroup === true || isGroupId(rawSender);
  const chatId = isGroup ? rawSender : normalizePhone(rawSender);
  const senderPhone = isGroup ? normalizePhone(p.member) : chatId;
  // Longer than any real number or group id: nothing could be answered, and the column would refuse it.
  if (!chatId || !senderPhone || chatId.length > MAX_ID || senderPhone.length > MAX_ID) return undefined;
  const rawUrl = blank(p.url);
  // Fonnte's file links are short; a longer one is not a link we could download.
  const url = rawUrl && rawUrl.length <= MAX_URL ? rawUrl : null;
  const inboxId = blank(p.inboxid);
  return {
    device: blank(p.device) ? normalizePhone(p.device).slice(0, MAX_ID) : null,
    chatId,
    senderPhone,
    senderName: blank(p.name)?.slice(0, 100) ?? null,
    isGroup,
    body: p.message ?? p.pesan ?? '',
    messageType: blank(p.type)?.slice(0, 16) ?? null,
    media: url ? { url, filename: blank(p.filename)?.slice(0, 255) ?? null, extension: blank(p.extension)?.slice(0, 16) ?? null } : null,
    sentAt: p.timestamp ? p.timestamp * 1000 : null,
    inboxId: inboxId && inboxId !== '0' ? inboxId.slice(0, 60) : null,
  };
}

/** Fonnte redelivers for 15 minutes; without its timestamp, a delivery is matched within windows this long. */
const UNTIMED_WINDOW_MS = 20 * 60 * 1000;

/**
 * The keys under which this delivery may already be stored. The first is the one to store.
 * `inboxid` identifies a message when Fonnte's Inbox is on (it is 0 otherwise); else a hash
 * of what the sender wrote and when. Payloads without a timestamp (older devices) fall back
 * to a time window, and the previous window is checked too so a redelivery that crosses
 * the boundary is still recognised.
 */
export function dedupeKeys(m: IncomingMessage, receivedAt: number): string[] {
  if (m.inboxId) return [`inbox:${m.inboxId}`];
  const hash = (extra: string) =>
    createHash('sha256')
      .update([m.device ?? '', m.chatId, m.senderPhone, m.body, m.media?.url ?? '', extra].join('\u0000'))
      .digest('hex');
  if (m.sentAt) return [`h:${hash(String(m.sentAt))}`];
  const windowNo = Math.floor(receivedAt / UNTIMED_WINDOW_MS);
  return [`w:${hash(`w${windowNo}`)}`, `w:${hash(`w${windowNo - 1}`)}`];
}

/** A key for a payload that could not be read, so a redelivered copy is still recognised. */
export function rawDedupeKey(raw: string): string {
  return `r:${createHash('sha256').update(raw).digest('hex')}`;
}
