import type { Generated } from 'kysely';

/** Someone who follows a ticket they did not report: hears what the reporter hears, may confirm or reopen. */
interface TicketFollowersTable {
  id: Generated<number>;
  ticket_id: number;
  /** Personal data: erasure and anonymisation delete the row (two blanked rows would collide on the unique ticket × phone). */
  phone: string;
  name: string | null;
  /** Where their notifications go: their number, or the group they wrote from. */
  chat_id: string;
  employee_id: string | null;
  /** The ticket they reported that was merged into this one; null for `#ikut`. */
  via_ticket_id: number | null;
  created_at: number;
}

/** A ticket merged into another: it closes with it, its reporter follows it. */
interface TicketMergesTable {
  ticket_id: number;
  into_ticket_id: number;
  /** The staff id who merged it. */
  merged_by: string | null;
  merged_at: number;
}

type DuplicateOfferStatus = 'pending' | 'followed' | 'filed' | 'expired';

/** A complaint held while its sender chooses `#ikut` or `#baru`; `expired` was filed unanswered. */
interface DuplicateOffersTable {
  id: Generated<number>;
  /** Personal data (erasure blanks chat_id, phone, name, workplace and the complaint). */
  chat_id: string;
  phone: string;
  name: string | null;
  employee_id: string | null;
  workplace: string | null;
  complaint: string;
  source_message_id: number | null;
  /** The draft it came from (its photos come along on `#baru`); null for `#request`. */
  draft_id: number | null;
  reported_at: number;
  place_id: number | null;
  category_id: number | null;
  candidate_ticket_id: number;
  status: DuplicateOfferStatus;
  /** When the job files it unanswered; null once decided. */
  due_at: number | null;
  /** The ticket it became or joined. */
  ticket_id: number | null;
  created_at: number;
  updated_at: number;
}

/** Tables of issue 15 part 3 — followers of a ticket, duplicate offers, merged tickets. */
export interface FollowerTables {
  ticket_followers: TicketFollowersTable;
  ticket_merges: TicketMergesTable;
  duplicate_offers: DuplicateOffersTable;
}
