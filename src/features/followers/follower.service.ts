import type { Transaction } from 'kysely';
import type { Dialect } from '../../db/create-db';
import type { Database } from '../../db/database';
import { unitOn } from '../../db/unit-of-work';
import { isGroupId } from '../../shared/phone';
import { noteWaiting } from '../conversations/conversation.repository';
import { enqueueMessage } from '../outbox/outbox.repository';
import { offerInboxPreview, offerLeftForDesk } from '../texts/follower.texts';
import { followed } from '../tickets/ticket-merge-moves';
import type { Ticket } from '../tickets/ticket.model';
import { findTicketById } from '../tickets/ticket.repository';
import { createTicket, type CreateTicketInput, type OpenedTicket } from '../tickets/ticket.service';
import { attachOfferPhotos } from './duplicate.service';
import type { DuplicateOffer } from './follower.model';
import { decideOffer, findOffer } from './duplicate-offer.repository';
import { expectTicketAt } from './duplicate-candidates.service';
import { insertFollower } from './follower.repository';

/** Who asks to follow, as the chat knows them. */
export interface Person {
  phone: string;
  name: string;
  chatId: string;
  employeeId: string | null;
}

export type FollowOutcome = 'following' | 'already_following' | 'own_ticket' | 'closed';

/**
 * `#ikut`: `person` follows `ticket` (a main ticket: the caller resolved merges). The pending offers
 * about it are decided as followed: their words go into the history and their photos to the ticket.
 */
export async function follow(
  trx: Transaction<Database>,
  f: { ticket: Ticket; person: Person; offers: readonly DuplicateOffer[]; now: number },
): Promise<FollowOutcome> {
  const { ticket, person, now } = f;
  if (ticket.status === 'ditutup') return 'closed';
  const decided: DuplicateOffer[] = [];
  for (const o of f.offers) if (await decideOffer(trx, o.id, { status: 'followed', ticketId: ticket.id, now })) decided.push(o);
  if (ticket.reporter.phone === person.phone) return 'own_ticket';
  const added = await insertFollower(trx, { ticketId: ticket.id, ...person, viaTicketId: null, now });
  if (!added && decided.length === 0) return 'already_following';
  const u = unitOn(trx);
  if (decided.length === 0) await followed(u, { ticket, name: person.name, complaint: null, now });
  for (const o of decided) {
    await attachOfferPhotos(trx, o, ticket.id, now);
    await followed(u, { ticket, name: person.name, complaint: o.complaint, now });
  }
  return 'following';
}

/**
 * `#baru`: the held complaint is filed exactly as `#request` would have filed it (the admins hear of
 * it, its photos are queued), with the place and category recognised when it was held. Undefined
 * when the offer was decided meanwhile.
 */
export async function fileOffer(
  trx: Transaction<Database>,
  offer: DuplicateOffer,
  input: Pick<CreateTicketInput, 'prefix' | 'timezone' | 'adminTarget' | 'reserved' | 'now'>,
): Promise<OpenedTicket | undefined> {
  expectTicketAt(trx, offer.placeId);
  const ticket = await createTicket(trx, {
    ...input,
    complaint: offer.complaint,
    reporter: { employeeId: offer.employeeId, phone: offer.phone, name: offer.name ?? offer.phone, workplace: offer.workplace },
    chatId: offer.chatId,
    sourceMessageId: offer.sourceMessageId,
    reportedAt: offer.reportedAt,
    placeId: offer.placeId,
    categoryId: offer.categoryId,
  });
  if (!(await decideOffer(trx, offer.id, { status: 'filed', ticketId: ticket.id, now: input.now }))) {
    throw new Error(`duplicate offer ${offer.id} was decided while it was being filed`);
  }
  await attachOfferPhotos(trx, offer, ticket.id, input.now);
  return ticket;
}

/**
 * An offer nobody answered by its due time: nothing acknowledged is lost, so the complaint goes to
 * the desk's inbox (the desk files it, or merges it) and the person hears so. False when it was
 * decided meanwhile.
 */
export async function leaveOfferForDesk(trx: Transaction<Database>, dialect: Dialect, offerId: number, now: number): Promise<boolean> {
  const offer = await findOffer(trx, offerId);
  if (!offer || !(await decideOffer(trx, offer.id, { status: 'expired', ticketId: null, now }))) return false;
  const candidate = await findTicketById(trx, offer.candidateTicketId);
  const ref = { trackingNo: candidate?.trackingNo ?? '-' };
  const isGroup = isGroupId(offer.chatId);
  await noteWaiting(trx, dialect, {
    chatId: offer.chatId,
    phone: isGroup ? null : offer.phone,
    name: isGroup ? null : offer.name,
    isGroup,
    preview: offerInboxPreview(offer.complaint, ref),
    at: now,
  });
  await enqueueMessage(
    trx,
    { target: offer.chatId, body: offerLeftForDesk(ref), kind: 'notification', ticketId: candidate?.id ?? null },
    now,
  );
  return true;
}
