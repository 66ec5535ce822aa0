import type { Config } from '../../config';
import type { Db } from '../../db/create-db';
import { actorOf, type Unit, type Work } from '../../db/unit-of-work';
import { AppError, conflict, notFound } from '../../errors';
import { closeDraft, findDraft } from '../drafts/draft.repository';
import { findEmployeesByPhones, workplaceOf } from '../employees/employee.repository';
import { listDraftMedia } from '../inbound/inbound.repository';
import { queueMediaDownload } from '../media/media.repository';
import { enqueueMessage } from '../outbox/outbox.repository';
import { findActiveStaffByPhones } from '../staff/staff.repository';
import { requestAccepted } from '../texts/reporter.texts';
import { openTicket } from '../tickets/ticket.service';
import { ensureSequence, periodOf } from '../tickets/tracking-number';
import { findChatInbound, findChatOutbound, linkInboundToTicket } from './conversation-history.repository';
import type { ChatTicket, Conversation, InboundEntry, OutboundEntry } from './conversation.model';
import { findConversation, markConversationHandled, markConversationRead } from './conversation.repository';
import type { Executor } from '../../db/create-db';

/*
 * The desk's actions on a chat in its inbox. Each is one unit of work: its transaction, its audit
 * entry (`conversation.*`, the chat id as the entity) and, when it queued a message, the sender
 * woken after commit. A chat the inbox never held is not found.
 */

async function conversationOf(ex: Executor, chatId: string): Promise<Conversation> {
  const c = await findConversation(ex, chatId);
  if (!c) throw notFound(`conversation ${chatId}`);
  return c;
}

/** The desk opened the chat: nothing in it is unread. Not audited: reading changes no outcome. */
export function markRead(work: Work, chatId: string): Promise<Conversation> {
  return work.run(async (u) => {
    await conversationOf(u.trx, chatId);
    await markConversationRead(u.trx, chatId, u.now);
    return (await findConversation(u.trx, chatId))!;
  });
}

/**
 * A message the desk writes to the chat, queued through the outbox as `desk_message` with its
 * writer. It marks the chat read but leaves it waiting: a reply is often a question back
 * ("ruang berapa?"), and the desk says when the chat is done (markHandled).
 */
export function replyToChat(work: Work, r: { chatId: string; text: string }): Promise<OutboundEntry> {
  return work.run(async (u) => {
    await conversationOf(u.trx, r.chatId);
    const by = actorOf(u);
    const id = await enqueueMessage(u.trx, { target: r.chatId, body: r.text, kind: 'desk_message', staffId: by.id }, u.now);
    u.queued(1);
    await markConversationRead(u.trx, r.chatId, u.now);
    await u.audit({ action: 'conversation.reply', entity: 'conversation', entityId: r.chatId, after: { outboundId: id, text: r.text } });
    return (await findChatOutbound(u.trx, r.chatId, id))!;
  });
}

/** The chat is done: out of the waiting list until its next message. */
export function markHandled(work: Work, chatId: string): Promise<Conversation> {
  return work.run(async (u) => {
    const before = await conversationOf(u.trx, chatId);
    await markConversationHandled(u.trx, chatId, actorOf(u).id, u.now);
    await u.audit({
      action: 'conversation.handled',
      entity: 'conversation',
      entityId: chatId,
      before: { waitingSince: before.waitingSince, unread: before.unread },
      after: { handledAt: u.now },
    });
    return (await findConversation(u.trx, chatId))!;
  });
}

export interface TicketFromMessage {
  chatId: string;
  /** The message the complaint comes from (its text and photo); else `complaint` alone. */
  inboundMessageId?: number | undefined;
  /** The complaint as the desk edited it; default the message's text. */
  complaint?: string | undefined;
}

/**
 * The photos of the message, or of the whole draft it joined (a person sends the photo and the
 * words apart), queued for download onto the ticket. An open draft is closed as filed with this
 * ticket, so a YA later does not make a second one. Answers how many photos were queued.
 */
async function attachPhotos(u: Unit & { now: number }, message: InboundEntry, ticketId: number): Promise<number> {
  await linkInboundToTicket(u.trx, message.id, ticketId);
  const own = message.media ? [{ inboundMessageId: message.id, url: message.media.url, filename: message.media.filename }] : [];
  const draft = message.draftId === null ? undefined : await findDraft(u.trx, message.draftId);
  const photos = draft ? await listDraftMedia(u.trx, draft.id) : own;
  for (const p of photos) {
    await queueMediaDownload(u.trx, {
      ticketId,
      ticketEventId: null,
      inboundMessageId: p.inboundMessageId,
      sourceUrl: p.url,
      originalFilename: p.filename,
      now: u.now,
    });
  }
  if (draft && (draft.status === 'gathering' || draft.status === 'awaiting')) {
    await closeDraft(u.trx, draft.id, { to: 'filed', from: draft.status, ticketId, now: u.now });
  }
  return photos.length;
}

/**
 * "Buat tiket dari pesan ini": a ticket reported by the chat's sender (the directory's employee
 * when the phone is known, else the WhatsApp name), its photo queued for download, the
 * reporter sent the `#request` confirmation and the admins told (openTicket). The chat is
 * marked handled. A group is nobody's report: 409 `GROUP_CHAT`.
 */
export async function ticketFromMessage(
  work: Work,
  deps: { db: Db; config: Config },
  t: TicketFromMessage,
): Promise<ChatTicket & { photos: number }> {
  const { config } = deps;
  // The month's counter row is created outside the ticket's transaction (tracking-number.ts).
  await ensureSequence(deps.db, periodOf(config.ticketPrefix, work.now, config.timezone));
  return work.run(async (u) => {
    const chat = await conversationOf(u.trx, t.chatId);
    if (chat.isGroup) throw conflict('a group chat is not a reporter: open the ticket from a private chat', { reason: 'GROUP_CHAT' });
    const message = t.inboundMessageId === undefined ? undefined : await findChatInbound(u.trx, t.chatId, t.inboundMessageId);
    if (t.inboundMessageId !== undefined && !message) throw notFound(`message ${t.inboundMessageId} of this conversation`);
    const complaint = t.complaint ?? message?.body.trim();
    if (!complaint) throw new AppError('VALIDATION_FAILED', 'complaint: required when the message has no text', { field: 'complaint' });

    const phone = chat.phone ?? t.chatId;
    const [[employee], [staff]] = await Promise.all([findEmployeesByPhones(u.trx, [phone]), findActiveStaffByPhones(u.trx, [phone])]);
    const known = employee?.active ? employee : undefined;
    const reporter = {
      employeeId: known?.id ?? null,
      phone,
      name: known?.name ?? staff?.name ?? message?.senderName?.trim() ?? chat.name ?? phone,
      workplace: known ? workplaceOf(known) : (staff?.level ?? null),
    };
    // The history names the desk member who turned the message into a ticket.
    const ticket = await openTicket(u, {
      complaint,
      reporter,
      chatId: t.chatId,
      openedBy: actorOf(u),
      sourceMessageId: message?.id ?? null,
      reportedAt: u.now,
      prefix: config.ticketPrefix,
      timezone: config.timezone,
      adminTarget: config.adminNotifyTarget,
      now: u.now,
    });
    const photos = message ? await attachPhotos(u, message, ticket.id) : 0;
    await enqueueMessage(
      u.trx,
      {
        target: t.chatId,
        body: requestAccepted(reporter, ticket, ticket.afterHours),
        kind: 'reply',
        ticketId: ticket.id,
        inboundMessageId: message?.id ?? null,
      },
      u.now,
    );
    u.queued(1);
    await markConversationHandled(u.trx, t.chatId, actorOf(u).id, u.now);
    await u.audit({
      action: 'conversation.ticket',
      entity: 'conversation',
      entityId: t.chatId,
      after: { trackingNo: ticket.trackingNo, inboundMessageId: message?.id ?? null, complaint, photos },
    });
    return { trackingNo: ticket.trackingNo, status: ticket.status, complaint, createdAt: ticket.createdAt, photos };
  });
}
