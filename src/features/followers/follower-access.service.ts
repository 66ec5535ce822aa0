import type { Executor } from '../../db/create-db';
import type { Ticket } from '../tickets/ticket.model';
import { findTicketById, findTicketByTrackingNo } from '../tickets/ticket.repository';
import type { Follower } from './follower.model';
import { findFollower, findMergedInto } from './follower.repository';

/** A ticket a person may ask about by chat, and whether they follow it rather than reported it. */
export interface TicketOfPerson {
  ticket: Ticket;
  /** Null for the reporter. */
  follower: Follower | null;
}

/** The ticket a merged one stands for: the end of its merge chain (a merged ticket is followed through its main). */
export async function mainTicketOf(ex: Executor, ticket: Ticket): Promise<Ticket> {
  let current = ticket;
  for (let i = 0; i < 20; i++) {
    const into = await findMergedInto(ex, current.id);
    const main = into === null ? undefined : await findTicketById(ex, into);
    if (!main) return current;
    current = main;
  }
  return current;
}

/**
 * The ticket with this number if `phone` reported or follows it; a merged ticket's number leads to
 * the ticket it was merged into, which its reporter follows. Someone else's ticket is reported as
 * missing, exactly like a number that does not exist.
 */
export async function findTicketOfPerson(ex: Executor, trackingNo: string, phone: string): Promise<TicketOfPerson | undefined> {
  const found = await findTicketByTrackingNo(ex, trackingNo);
  if (!found) return undefined;
  const ticket = await mainTicketOf(ex, found);
  // A ticket without a phone (null) is nobody's to ask about by chat.
  if (ticket.reporter.phone !== null && ticket.reporter.phone === phone) return { ticket, follower: null };
  const follower = await findFollower(ex, ticket.id, phone);
  return follower ? { ticket, follower } : undefined;
}
