import type { Executor } from '../../db/create-db';
import { withMarkers } from '../retention/retention.repository';
import type { PersonKey, PersonPhoto, StaffEntry } from './personal-data.model';

/**
 * The SQL of personal-data requests: everything held about one phone number or employee. Each
 * look-up goes through an index on the phone or the id (tickets_reporter_created,
 * tickets_reporter_employee, inbound_sender_received, outbound_target_created, ticket_followers_phone,
 * the primary keys); a person's rows are few, so reads and the erasure are single statements.
 * Here the look-ups and counts; the export's reads and the erasure are in
 * personal-data-export.repository.ts and personal-data-erasure.repository.ts.
 */

export async function findEmployee(ex: Executor, by: { id?: string; phone?: string }) {
  let q = ex.selectFrom('employees').selectAll();
  if (by.id) q = q.where('id', '=', by.id);
  else q = q.where('phone', '=', by.phone ?? '');
  return q.executeTakeFirst();
}

export async function findStaffByPhone(ex: Executor, phone: string): Promise<StaffEntry[]> {
  const rows = await ex.selectFrom('staff').select(['id', 'name', 'level', 'status']).where('phone', '=', phone).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, level: r.level, status: r.status }));
}

/** The tickets they reported: by phone, and by directory link (a number changed since). */
function reportedTicketsQuery(ex: Executor, p: PersonKey) {
  return ex
    .selectFrom('tickets')
    .where((eb) =>
      p.employeeId
        ? eb.or([eb('reporter_phone', '=', p.phone), eb('reporter_employee_id', '=', p.employeeId)])
        : eb('reporter_phone', '=', p.phone),
    );
}

export async function reportedTicketIds(ex: Executor, p: PersonKey): Promise<number[]> {
  if (!p.phone && !p.employeeId) return [];
  return (await reportedTicketsQuery(ex, p).select('id').orderBy('id').execute()).map((r) => Number(r.id));
}

/** Their photos: the reporter's files of their tickets, and any file that came with a message of theirs. */
export async function photosOf(ex: Executor, ticketIds: number[], phone: string): Promise<PersonPhoto[]> {
  const rows = await withMarkers(ex)
    .selectFrom('media')
    .select(['id', 'ticket_id', 'content_type', 'storage_path', 'created_at'])
    .where((eb) => {
      const theirMessages = eb.selectFrom('inbound_messages').select('id').where('sender_phone', '=', phone);
      const mine = [eb('inbound_message_id', 'in', theirMessages)];
      if (ticketIds.length) mine.push(eb.and([eb('ticket_id', 'in', ticketIds), eb('ticket_event_id', 'is', null)]));
      return eb.or(mine);
    })
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    ticketId: Number(r.ticket_id),
    contentType: r.content_type,
    storagePath: r.storage_path,
    createdAt: Number(r.created_at),
  }));
}

/** How many rows of each kind name the person, besides tickets and photos (counted by the caller). */
export async function countHeld(ex: Executor, p: PersonKey, ticketIds: number[]) {
  const n = (r: { n: number | string | bigint } | undefined) => Number(r?.n ?? 0);
  const phone = p.phone;
  const [followers, offers, inbound, outbound, ratings, conversations, drafts] = await Promise.all([
    ex
      .selectFrom('ticket_followers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('phone', '=', phone)
      .executeTakeFirst(),
    ex
      .selectFrom('duplicate_offers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('phone', '=', phone)
      .executeTakeFirst(),
    ex
      .selectFrom('inbound_messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('sender_phone', '=', phone)
      .executeTakeFirst(),
    ex
      .selectFrom('outbound_messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('target', '=', phone)
      .executeTakeFirst(),
    ticketIds.length
      ? ex
          .selectFrom('ratings')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('ticket_id', 'in', ticketIds)
          .executeTakeFirst()
      : undefined,
    ex
      .selectFrom('conversations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('chat_id', '=', phone)
      .executeTakeFirst(),
    ex
      .selectFrom('drafts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => eb.or([eb('chat_id', '=', phone), eb('phone', '=', phone)]))
      .executeTakeFirst(),
  ]);
  return {
    ticketsAsFollower: n(followers),
    duplicateOffers: n(offers),
    inboundMessages: n(inbound),
    outboundMessages: n(outbound),
    ratings: n(ratings),
    conversations: n(conversations),
    drafts: n(drafts),
  };
}
