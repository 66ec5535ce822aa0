import type { Transaction } from 'kysely';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { attachOfferPhotos, findDuplicate, holdOffer, type HeldComplaint } from '../features/followers/duplicate.service';
import { expectTicketAt } from '../features/followers/duplicate-candidates.service';
import { alreadyReported } from '../features/texts/follower.texts';
import { recognizeComplaint } from '../features/tickets/ticket.service';
import type { Sender } from './command.types';

/** What happened to a complaint before filing: held as an offer, or already the sender's, with the reply. */
export interface HeldBack {
  ticketId: number;
  body: string;
}

/**
 * Before a `#request` or a confirmed draft is filed: when an open ticket at the place it names is
 * about the same fault, the complaint is held as an offer (#ikut / #baru) and its text returned;
 * when that ticket is the sender's own (or one they follow), they are told its number and the
 * photos sent with the complaint join it. Null: file it. `facts` are what the complaint names, for the
 * filing to reuse.
 */
export async function holdBackDuplicate(
  trx: Transaction<Database>,
  c: {
    sender: Sender;
    chatId: string;
    complaint: string;
    sourceMessageId: number | null;
    draftId: number | null;
    reportedAt: number;
    config: Config;
    now: number;
  },
): Promise<{ held: HeldBack | null; facts: Awaited<ReturnType<typeof recognizeComplaint>> }> {
  const facts = await recognizeComplaint(trx, c.complaint);
  const found = await findDuplicate(trx, {
    complaint: c.complaint,
    placeId: facts.placeId,
    categoryId: facts.categoryId,
    phone: c.sender.phone,
    now: c.now,
    windowDays: c.config.duplicates.windowDays,
  });
  if (!found) {
    // The caller files it now: this batch's next lookup at the place must see that ticket.
    expectTicketAt(trx, facts.placeId);
    return { held: null, facts };
  }
  const held: HeldComplaint = {
    chatId: c.chatId,
    phone: c.sender.phone,
    name: c.sender.name,
    employeeId: c.sender.employee?.id ?? null,
    workplace: c.sender.workplace,
    complaint: c.complaint,
    sourceMessageId: c.sourceMessageId,
    draftId: c.draftId,
    reportedAt: c.reportedAt,
    placeId: facts.placeId,
    categoryId: facts.categoryId,
  };
  if (found.kind === 'own') {
    await attachOfferPhotos(trx, held, found.ticket.id, c.now);
    return { held: { ticketId: found.ticket.id, body: alreadyReported(c.sender, found.ticket, found.following) }, facts };
  }
  const body = await holdOffer(trx, {
    held,
    candidate: found.candidate,
    addressee: c.sender,
    timeoutMs: c.config.drafts.timeoutMs,
    tz: c.config.timezone,
    now: c.now,
  });
  return { held: { ticketId: found.candidate.ticket.id, body }, facts };
}
