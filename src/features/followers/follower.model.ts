import type { Ticket } from '../tickets/ticket.model';

/** Someone who follows a ticket they did not report. */
export interface Follower {
  id: number;
  ticketId: number;
  phone: string;
  name: string | null;
  /** Where their notifications go. */
  chatId: string;
  employeeId: string | null;
  /** Their own ticket, merged into this one; null when they followed with `#ikut`. */
  viaTicketId: number | null;
  createdAt: number;
}

/** An open ticket at a place, as the duplicate lookup reads it. */
export interface DuplicateCandidate {
  ticket: Ticket;
  placeName: string | null;
  categoryName: string | null;
}

/** A complaint held while its sender chooses `#ikut` or `#baru`. */
export interface DuplicateOffer {
  id: number;
  chatId: string;
  phone: string;
  name: string | null;
  employeeId: string | null;
  workplace: string | null;
  complaint: string;
  sourceMessageId: number | null;
  draftId: number | null;
  reportedAt: number;
  placeId: number | null;
  categoryId: number | null;
  candidateTicketId: number;
  dueAt: number | null;
}

/**
 * The ticket as a follower reads it: addressed to them and sent to their chat, so every text made
 * for the reporter fits them too.
 */
export const asSeenBy = (ticket: Ticket, f: Pick<Follower, 'phone' | 'name' | 'chatId' | 'employeeId'>): Ticket => ({
  ...ticket,
  reporter: { employeeId: f.employeeId, phone: f.phone, name: f.name ?? 'Bapak/Ibu', workplace: null },
  chatId: f.chatId,
});
