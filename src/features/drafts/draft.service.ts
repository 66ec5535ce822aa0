import type { Transaction } from 'kysely';
import type { Executor } from '../../db/create-db';
import type { Database } from '../../db/database';
import { listDraftMedia, linkInboundToDraft } from '../inbound/inbound.repository';
import { queueMediaDownload } from '../media/media.repository';
import { countMessagesSince } from '../outbox/outbox.repository';
import { photoOnlyComplaint } from '../texts/conversation.texts';
import { createTicket, type CreateTicketInput, type OpenedTicket } from '../tickets/ticket.service';
import type { Draft } from './draft.model';
import { closeDraft, insertDraft, updateGathering } from './draft.repository';

/** The gathering window and the wait for YA (DRAFT_* variables), in milliseconds. */
export interface DraftTiming {
  gatherMs: number;
  gatherMaxMs: number;
  timeoutMs: number;
}

/** Two bots answering each other cannot loop: at most this many automatic answers per chat per window… */
const AUTO_ANSWERS_PER_WINDOW = 3;
const AUTO_ANSWER_WINDOW_MS = 10 * 60 * 1000;
/** …and at most this many prompts per draft; beyond either, nothing is said and a person is reached. */
export const MAX_PROMPTS = 2;
/** A draft's text stops growing here (a bot's flood): later messages stay linked to it, and in the inbox. */
const MAX_TEXT = 60_000;

/**
 * How many more automatic answers (`auto_answer`, `usage_hint`) the chat may be sent now;
 * `alreadyQueued` are those of the running batch, not yet in the outbox.
 */
export async function autoAnswersLeft(ex: Executor, chatId: string, now: number, alreadyQueued = 0): Promise<number> {
  const sent = await countMessagesSince(ex, chatId, ['auto_answer', 'usage_hint'], now - AUTO_ANSWER_WINDOW_MS);
  return Math.max(0, AUTO_ANSWERS_PER_WINDOW - sent - alreadyQueued);
}

export interface DraftMessage {
  id: number;
  chatId: string;
  phone: string;
  name: string | null;
  text: string;
  hasPhoto: boolean;
  at: number;
}

/**
 * A message joins the chat's open draft, or starts one. Either way the draft is gathering: its
 * prompt is due `gatherMs` after this message, but no later than `gatherMaxMs` after the first
 * message of the burst, so a long burst is answered once, and a message after a prompt re-arms
 * one new prompt. Returns the draft's id.
 */
export async function gatherIntoDraft(
  trx: Transaction<Database>,
  open: Draft | undefined,
  m: DraftMessage,
  timing: DraftTiming,
): Promise<number> {
  const text = m.text.trim();
  const photos = m.hasPhoto ? 1 : 0;
  const burstStartedAt = open?.status === 'gathering' ? open.burstStartedAt : m.at;
  const dueAt = Math.min(m.at + timing.gatherMs, burstStartedAt + timing.gatherMaxMs);
  let id: number;
  if (open) {
    id = open.id;
    const joined = [open.text, text].filter(Boolean).join('\n');
    await updateGathering(trx, id, {
      text: joined.length <= MAX_TEXT ? joined : open.text,
      photos: open.photos + photos,
      burstStartedAt,
      at: m.at,
      dueAt,
    });
  } else {
    id = await insertDraft(trx, { chatId: m.chatId, phone: m.phone, name: m.name, text, photos, firstMessageId: m.id, at: m.at, dueAt });
  }
  await linkInboundToDraft(trx, m.id, id);
  return id;
}

/**
 * YA: the draft becomes a ticket exactly as `#request` makes one (the admins hear of it), every
 * photo that joined the draft attached, and the draft is closed as filed.
 */
export async function fileDraft(
  trx: Transaction<Database>,
  draft: Draft,
  input: Omit<CreateTicketInput, 'complaint' | 'chatId' | 'sourceMessageId' | 'reportedAt'>,
): Promise<OpenedTicket> {
  const ticket = await createTicket(trx, {
    ...input,
    complaint: draft.text.trim() || photoOnlyComplaint(draft.photos),
    chatId: draft.chatId,
    sourceMessageId: draft.firstMessageId,
    reportedAt: draft.createdAt,
  });
  for (const photo of await listDraftMedia(trx, draft.id)) {
    await queueMediaDownload(trx, {
      ticketId: ticket.id,
      ticketEventId: null,
      inboundMessageId: photo.inboundMessageId,
      sourceUrl: photo.url,
      originalFilename: photo.filename,
      now: input.now,
    });
  }
  await closeDraft(trx, draft.id, { to: 'filed', from: draft.status, ticketId: ticket.id, now: input.now });
  return ticket;
}

/**
 * YA on a complaint about a fault someone reported already: the draft is done (filed, without a
 * ticket yet); the complaint lives on in the duplicate offer, which names the draft for its photos.
 */
export async function closeDraftAsHeld(trx: Transaction<Database>, draft: Draft, now: number): Promise<void> {
  await closeDraft(trx, draft.id, { to: 'filed', from: draft.status, ticketId: null, now });
}

/** BATAL: the draft is dropped. */
export async function cancelDraft(trx: Transaction<Database>, draft: Draft, now: number): Promise<void> {
  await closeDraft(trx, draft.id, { to: 'cancelled', from: draft.status, now });
}
