import type { Transaction } from 'kysely';
import type { Executor } from '../../db/create-db';
import type { Database } from '../../db/database';
import { listDraftMedia } from '../inbound/inbound.repository';
import { queueMediaDownload } from '../media/media.repository';
import { duplicateOffer } from '../texts/follower.texts';
import type { Ticket } from '../tickets/ticket.model';
import type { DuplicateCandidate, DuplicateOffer } from './follower.model';
import { findMessageMedia, keepOffer } from './duplicate-offer.repository';
import { duplicateCandidatesAt, followsCandidate, techniciansOfCandidate } from './duplicate-candidates.service';
import { similarComplaints } from './text-similarity';
import { activePlaceIndex } from '../places/place-rules.service';

const DAY_MS = 24 * 60 * 60_000;

/** What a new complaint is compared by. */
export interface NewComplaint {
  complaint: string;
  placeId: number | null;
  categoryId: number | null;
  /** The sender: their own ticket, or one they follow, is no duplicate to offer them. */
  phone: string;
  now: number;
  /** DUPLICATE_WINDOW_DAYS. */
  windowDays: number;
}

export type DuplicateFound =
  /** The sender reported (or follows) this open ticket already. */
  | { kind: 'own'; ticket: Ticket; following: boolean }
  /** Someone else's open ticket about the same fault: offer #ikut or #baru. */
  | { kind: 'offer'; candidate: DuplicateCandidate };

/**
 * An open, unmerged ticket at the complaint's place within the window that is about the same
 * fault: the same category, or else a complaint that reads clearly alike (text-similarity.ts).
 * One indexed query, or none in a batch that read every place's (duplicate-candidates.service.ts);
 * null when the complaint names no place or nothing matches.
 */
export async function findDuplicate(ex: Executor, c: NewComplaint): Promise<DuplicateFound | null> {
  if (c.placeId === null) return null;
  const candidates = await duplicateCandidatesAt(ex, c.placeId, c.now - c.windowDays * DAY_MS);
  const sameCategory = c.categoryId !== null ? candidates.find((t) => t.ticket.categoryId === c.categoryId) : undefined;
  const place = sameCategory || candidates.length === 0 ? undefined : (await activePlaceIndex(ex)).byId.get(c.placeId);
  const placeWords = place ? [place.name, ...place.aliases] : [];
  const match = sameCategory ?? candidates.find((t) => similarComplaints(t.ticket.complaint, c.complaint, placeWords));
  if (!match) return null;
  if (match.ticket.reporter.phone === c.phone) return { kind: 'own', ticket: match.ticket, following: false };
  if (await followsCandidate(ex, match.ticket.id, c.phone)) return { kind: 'own', ticket: match.ticket, following: true };
  return { kind: 'offer', candidate: match };
}

/** The complaint held while its sender chooses, and who sent it. */
export type HeldComplaint = Omit<DuplicateOffer, 'id' | 'dueAt' | 'candidateTicketId'>;

/**
 * Holds the complaint as a pending offer until `timeoutMs` (DRAFT_TIMEOUT_MINUTES) and returns the
 * offer's text: the open ticket, what and where, when it was reported and who works on it.
 */
export async function holdOffer(
  trx: Transaction<Database>,
  o: {
    held: HeldComplaint;
    candidate: DuplicateCandidate;
    addressee: { name: string; workplace: string | null };
    timeoutMs: number;
    tz: string;
    now: number;
  },
): Promise<string> {
  await keepOffer(trx, { ...o.held, candidateTicketId: o.candidate.ticket.id, dueAt: o.now + o.timeoutMs, now: o.now });
  const technicians = await techniciansOfCandidate(trx, o.candidate.ticket.id);
  return duplicateOffer(o.addressee, { ...o.candidate, technicians, now: o.now, tz: o.tz });
}

/** The photos of a held complaint (its draft's, or its message's) are queued for `ticketId`. */
export async function attachOfferPhotos(trx: Transaction<Database>, offer: HeldComplaint, ticketId: number, now: number): Promise<void> {
  const photos =
    offer.draftId !== null
      ? await listDraftMedia(trx, offer.draftId)
      : await (async () => {
          const m = offer.sourceMessageId === null ? undefined : await findMessageMedia(trx, offer.sourceMessageId);
          return m ? [{ inboundMessageId: offer.sourceMessageId!, ...m }] : [];
        })();
  for (const p of photos) {
    await queueMediaDownload(trx, {
      ticketId,
      ticketEventId: null,
      inboundMessageId: p.inboundMessageId,
      sourceUrl: p.url,
      originalFilename: p.filename,
      now,
    });
  }
}
