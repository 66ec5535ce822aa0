import type { Transaction } from 'kysely';
import type { Database } from '../db/database';
import { noteWaiting } from '../features/conversations/conversation.repository';
import { findOpenDraft } from '../features/drafts/draft.repository';
import { autoAnswersLeft, cancelDraft, closeDraftAsHeld, fileDraft, gatherIntoDraft } from '../features/drafts/draft.service';
import type { InboundMessage } from '../features/inbound/inbound.model';
import type { OutboundKind } from '../features/outbox/outbox.repository';
import { takeRatingAnswer } from '../features/ratings/rating.service';
import {
  draftCancelled,
  forwardedToDesk,
  greetingAnswer,
  nothingToConfirm,
  photoOnlyComplaint,
  thanksAnswer,
} from '../features/texts/conversation.texts';
import { requestAccepted, unknownSenderRefused } from '../features/texts/reporter.texts';
import type { DispatchDeps, DispatchResult } from './dispatch';
import { holdBackDuplicate } from './duplicate-check';
import { classifyMessage } from './message-intent';

/** What a batch has answered automatically so far, per chat: its replies reach the outbox only at the end. */
export interface BatchAnswers {
  /** Automatic answers (auto_answer, usage_hint) queued per chat. */
  answered: Map<string, number>;
  /** Chats given a usage hint. */
  hinted: Set<string>;
}

export const newBatchAnswers = (): BatchAnswers => ({ answered: new Map(), hinted: new Set() });

/**
 * A private message that is not a command (see classifyMessage):
 * - a complaint or photo starts the chat's draft or joins it; so does a question or plea while a
 *   draft is open. The draft job prompts once per burst ("Balas *YA* …");
 * - YA files the open draft as `#request` would; BATAL drops it; with no draft, both get a
 *   friendly answer and the menu, as a greeting does; thanks gets "sama-sama";
 * - a question or plea with nothing to join is acknowledged and put in the desk's inbox;
 * - someone who may not report is refused as before, and the desk sees the message;
 * - a sticker or lone emoji is not answered, but reaches the desk's inbox unless a draft is open.
 * Automatic answers are bounded per chat (autoAnswersLeft): beyond that nothing is said and the
 * desk's inbox gets the message instead, so two bots cannot loop and a person is still reached.
 * First of all, an answer to a pending rating question is taken (takeRatingAnswer).
 */
export async function handlePlainMessage(trx: Transaction<Database>, message: InboundMessage, deps: DispatchDeps): Promise<DispatchResult> {
  const { sender, config, registry, dialect } = deps;
  const intent = classifyMessage(message.body, { hasMedia: message.media !== null });
  const answer = (command: string, body: string, waiting = false) =>
    answerWithin(trx, message, deps, { command, body, kind: 'auto_answer', waiting });

  // An answer to the rating question ("5", "2 masih bocor", a comment after a bare digit) comes
  // before everything else; anything the rating flow does not take goes on as usual. A question is
  // never taken as a comment: a comment gets no answer, a question must reach the desk.
  const rating = await takeRatingAnswer(trx, {
    chatId: message.chatId,
    text: message.body,
    mayBeComment: message.media === null && !['greeting', 'thanks', 'confirm', 'cancel', 'question', 'empty'].includes(intent),
    hintedInBatch: deps.batch.hinted.has(message.chatId),
    now: deps.now,
    adminTarget: config.adminNotifyTarget,
  });
  if (rating?.kind === 'hint') {
    deps.batch.hinted.add(message.chatId);
    const hinted = await answerWithin(trx, message, deps, { command: 'rating_hint', body: rating.body, kind: 'usage_hint' });
    return { ...hinted, ticketId: rating.ticketId, replies: hinted.replies.map((r) => ({ ...r, ticketId: rating.ticketId })) };
  }
  if (rating) {
    const replies = rating.replies.map((r) => ({ ...r, inboundMessageId: message.id }));
    return { status: 'processed', command: rating.kind === 'rated' ? 'rating' : 'rating_comment', ticketId: rating.ticketId, replies };
  }
  if (!sender.roles.has('reporter')) {
    await noteWaitingFor(trx, message, deps);
    return answer('refused', unknownSenderRefused(), true);
  }
  const draft = await findOpenDraft(trx, dialect, message.chatId);
  if (intent === 'empty') {
    // A sticker or a lone emoji says nothing to answer; with no draft to wait for, a person sees it.
    if (!draft) await noteWaitingFor(trx, message, deps);
    return { status: 'processed', command: 'empty', ticketId: null, replies: [] };
  }
  const menu = () => registry.menu(sender.roles);
  switch (intent) {
    case 'confirm': {
      if (!draft) return answer('confirm', nothingToConfirm(sender, menu()));
      const { held, facts } = await holdBackDuplicate(trx, {
        sender,
        chatId: message.chatId,
        complaint: draft.text.trim() || photoOnlyComplaint(draft.photos),
        sourceMessageId: draft.firstMessageId,
        draftId: draft.id,
        reportedAt: draft.createdAt,
        config,
        now: deps.now,
      });
      if (held) {
        await closeDraftAsHeld(trx, draft, deps.now);
        const reply = {
          target: message.chatId,
          body: held.body,
          kind: 'reply' as const,
          ticketId: held.ticketId,
          inboundMessageId: message.id,
        };
        return { status: 'processed', command: 'draft_yes', ticketId: held.ticketId, replies: [reply] };
      }
      const ticket = await fileDraft(trx, draft, {
        ...facts,
        reporter: { employeeId: sender.employee?.id ?? null, phone: sender.phone, name: sender.name, workplace: sender.workplace },
        prefix: config.ticketPrefix,
        timezone: config.timezone,
        reserved: deps.trackingNumbers,
        adminTarget: config.adminNotifyTarget,
        now: deps.now,
      });
      const body = requestAccepted(sender, ticket, ticket.afterHours);
      return {
        status: 'processed',
        command: 'draft_yes',
        ticketId: ticket.id,
        replies: [{ target: message.chatId, body, kind: 'reply', ticketId: ticket.id, inboundMessageId: message.id }],
      };
    }
    case 'cancel':
      if (!draft) return answer('cancel', nothingToConfirm(sender, menu()));
      await cancelDraft(trx, draft, deps.now);
      return answer('draft_no', draftCancelled());
    case 'greeting':
    case 'thanks':
      // With a draft open, its prompt is the answer.
      if (draft) return { status: 'processed', command: intent, ticketId: null, replies: [] };
      return answer(intent, intent === 'greeting' ? greetingAnswer(sender, menu()) : thanksAnswer());
    case 'question':
    case 'plea':
      if (!draft) {
        await noteWaitingFor(trx, message, deps);
        return answer(intent, forwardedToDesk(), true);
      }
      break;
    case 'complaint':
      break;
  }
  await gatherIntoDraft(
    trx,
    draft,
    {
      id: message.id,
      chatId: message.chatId,
      phone: message.senderPhone,
      name: sender.name,
      text: message.body,
      hasPhoto: message.media !== null,
      at: message.receivedAt,
    },
    config.drafts,
  );
  return { status: 'processed', command: 'draft', ticketId: null, replies: [] };
}

/**
 * Answers automatically unless the chat had its share (bot loops): then says nothing and puts the
 * message in the desk's inbox (unless `waiting`: the caller already did).
 */
export async function answerWithin(
  trx: Transaction<Database>,
  message: InboundMessage,
  deps: DispatchDeps,
  a: { command: string | null; body: string; kind: OutboundKind; waiting?: boolean },
): Promise<DispatchResult> {
  const queued = deps.batch.answered.get(message.chatId) ?? 0;
  if ((await autoAnswersLeft(trx, message.chatId, deps.now, queued)) <= 0) {
    if (!a.waiting) await noteWaitingFor(trx, message, deps);
    return { status: 'processed', command: a.command, ticketId: null, replies: [] };
  }
  deps.batch.answered.set(message.chatId, queued + 1);
  return {
    status: 'processed',
    command: a.command,
    ticketId: null,
    replies: [{ target: message.chatId, body: a.body, kind: a.kind, inboundMessageId: message.id }],
  };
}

/** The chat goes (back) to the desk's inbox with this message. */
function noteWaitingFor(trx: Transaction<Database>, message: InboundMessage, deps: DispatchDeps): Promise<void> {
  return noteWaiting(trx, deps.dialect, {
    chatId: message.chatId,
    phone: message.senderPhone,
    name: deps.sender.name,
    isGroup: false,
    preview: message.body.trim() || (message.media ? '[foto]' : '[pesan tanpa teks]'),
    at: message.receivedAt,
  });
}
