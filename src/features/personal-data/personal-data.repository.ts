import type { Transaction } from 'kysely';
import type { Executor } from '../../db/create-db';
import type { Database } from '../../db/database';
import { withMarkers } from '../retention/retention.repository';
import type { PersonKey, PersonPhoto, StaffEntry } from './personal-data.model';

/**
 * The SQL of personal-data requests: everything held about one phone number or employee. Each
 * look-up goes through an index on the phone or the id (tickets_reporter_created,
 * tickets_reporter_employee, inbound_sender_received, outbound_target_created, ticket_followers_phone,
 * the primary keys); a person's rows are few, so reads and the erasure are single statements.
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

const iso = (ms: number | string | bigint | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

/** Everything held about the person, as the export's JSON holds it (times in ISO UTC). */
export async function exportRecords(ex: Executor, p: PersonKey, ticketIds: number[]) {
  const phone = p.phone;
  const some = ticketIds.length > 0;
  const [tickets, events, ratings, inbound, outbound, followers, offers, conversations, drafts] = await Promise.all([
    some ? ex.selectFrom('tickets').selectAll().where('id', 'in', ticketIds).orderBy('id').execute() : [],
    some
      ? ex
          .selectFrom('ticket_events')
          .innerJoin('tickets', 'tickets.id', 'ticket_events.ticket_id')
          .select([
            'tickets.tracking_no',
            'ticket_events.kind',
            'ticket_events.note',
            'ticket_events.actor_kind',
            'ticket_events.actor_name',
            'ticket_events.created_at',
          ])
          .where('ticket_events.ticket_id', 'in', ticketIds)
          .orderBy('ticket_events.id')
          .execute()
      : [],
    some
      ? ex
          .selectFrom('ratings')
          .innerJoin('tickets', 'tickets.id', 'ratings.ticket_id')
          .select(['tickets.tracking_no', 'ratings.score', 'ratings.comment', 'ratings.asked_at', 'ratings.rated_at'])
          .where('ratings.ticket_id', 'in', ticketIds)
          .execute()
      : [],
    ex
      .selectFrom('inbound_messages as m')
      .leftJoin('tickets as t', 't.id', 'm.ticket_id')
      .select([
        'm.id',
        'm.received_at',
        'm.chat_id',
        'm.sender_name',
        'm.body',
        'm.message_type',
        'm.media_filename',
        'm.command',
        't.tracking_no',
      ])
      .where('m.sender_phone', '=', phone)
      .orderBy('m.id')
      .execute(),
    ex
      .selectFrom('outbound_messages as o')
      .leftJoin('tickets as t', 't.id', 'o.ticket_id')
      .select(['o.id', 'o.created_at', 'o.sent_at', 'o.kind', 'o.status', 'o.body', 't.tracking_no'])
      .where('o.target', '=', phone)
      .orderBy('o.id')
      .execute(),
    ex
      .selectFrom('ticket_followers as f')
      .innerJoin('tickets as t', 't.id', 'f.ticket_id')
      .select(['t.tracking_no', 'f.name', 'f.chat_id', 'f.created_at'])
      .where('f.phone', '=', phone)
      .execute(),
    ex.selectFrom('duplicate_offers').select(['name', 'complaint', 'status', 'reported_at']).where('phone', '=', phone).execute(),
    ex.selectFrom('conversations').select(['chat_id', 'name', 'last_preview', 'last_message_at']).where('chat_id', '=', phone).execute(),
    ex
      .selectFrom('drafts')
      .select(['text', 'status', 'photos', 'created_at'])
      .where((eb) => eb.or([eb('chat_id', '=', phone), eb('phone', '=', phone)]))
      .execute(),
  ]);
  return {
    tickets: tickets.map((t) => ({
      trackingNo: t.tracking_no,
      status: t.status,
      complaint: t.complaint,
      reporterName: t.reporter_name,
      reporterPhone: t.reporter_phone || null,
      reporterUnit: t.reporter_unit,
      channel: t.channel,
      createdAt: iso(t.created_at),
      finishedAt: iso(t.finished_at),
      closedAt: iso(t.closed_at),
    })),
    history: events.map((e) => ({
      trackingNo: e.tracking_no,
      kind: e.kind,
      note: e.note,
      by: e.actor_kind === 'staff' ? 'petugas' : e.actor_kind === 'reporter' ? 'pelapor' : 'sistem',
      actorName: e.actor_kind === 'reporter' ? e.actor_name : null,
      at: iso(e.created_at),
    })),
    ratings: ratings.map((r) => ({
      trackingNo: r.tracking_no,
      score: r.score,
      comment: r.comment,
      askedAt: iso(r.asked_at),
      ratedAt: iso(r.rated_at),
    })),
    inboundMessages: inbound.map((m) => ({
      id: Number(m.id),
      receivedAt: iso(m.received_at),
      chatId: m.chat_id,
      senderName: m.sender_name,
      body: m.body,
      type: m.message_type,
      fileName: m.media_filename,
      command: m.command,
      trackingNo: m.tracking_no,
    })),
    outboundMessages: outbound.map((m) => ({
      id: Number(m.id),
      createdAt: iso(m.created_at),
      sentAt: iso(m.sent_at),
      kind: m.kind,
      status: m.status,
      body: m.body,
      trackingNo: m.tracking_no,
    })),
    following: followers.map((f) => ({ trackingNo: f.tracking_no, name: f.name, chatId: f.chat_id, since: iso(f.created_at) })),
    duplicateOffers: offers.map((o) => ({ name: o.name, complaint: o.complaint, status: o.status, reportedAt: iso(o.reported_at) })),
    conversations: conversations.map((c) => ({
      chatId: c.chat_id,
      name: c.name,
      lastPreview: c.last_preview,
      lastMessageAt: iso(c.last_message_at),
    })),
    drafts: drafts.map((d) => ({ text: d.text, status: d.status, photos: Number(d.photos), createdAt: iso(d.created_at) })),
  };
}

export type ExportRecords = Awaited<ReturnType<typeof exportRecords>>;

/**
 * Deletes the person's messages, inbox entry, drafts, follows and held complaints; blanks the
 * comments of their ratings (the score stays for the statistics). Run before the tickets are
 * anonymised: that blanks the sender columns this finds the messages by. Returns rows deleted.
 */
export async function deletePersonRows(trx: Transaction<Database>, phone: string, ticketIds: number[], now: number) {
  const del = async (q: { executeTakeFirst: () => Promise<{ numDeletedRows: bigint }> }) =>
    Number((await q.executeTakeFirst()).numDeletedRows);
  const inbound = await del(trx.deleteFrom('inbound_messages').where('sender_phone', '=', phone));
  const outbound = await del(trx.deleteFrom('outbound_messages').where('target', '=', phone));
  const conversations = await del(trx.deleteFrom('conversations').where('chat_id', '=', phone));
  const drafts = await del(trx.deleteFrom('drafts').where((eb) => eb.or([eb('chat_id', '=', phone), eb('phone', '=', phone)])));
  // The tickets they followed count one follower fewer: their edit time moves, so the statistics of
  // their days are made again (stats-summary.service.ts reads changes by it).
  const followed = (await trx.selectFrom('ticket_followers').select('ticket_id').where('phone', '=', phone).execute()).map(
    (r) => r.ticket_id,
  );
  if (followed.length) await trx.updateTable('tickets').set({ updated_at: now }).where('id', 'in', followed).execute();
  const follows = await del(trx.deleteFrom('ticket_followers').where('phone', '=', phone));
  const offers = await del(trx.deleteFrom('duplicate_offers').where('phone', '=', phone));
  if (ticketIds.length) await trx.updateTable('ratings').set({ comment: null }).where('ticket_id', 'in', ticketIds).execute();
  return { inbound, outbound, conversations, drafts, follows, offers };
}

/** Marks the photos' files gone (the caller deletes them after commit); the rows stay for counts. */
export async function markPhotosRemoved(trx: Transaction<Database>, ids: number[], now: number): Promise<void> {
  if (!ids.length) return;
  await withMarkers(trx)
    .updateTable('media')
    .set({ removed_at: now, storage_path: null, original_filename: null, updated_at: now })
    .where('id', 'in', ids)
    .execute();
}

/**
 * Removes the directory entry, and the name and phone from the audit entries about it (who changed
 * it and when stay). Tickets must no longer point at it (anonymised first).
 */
export async function deleteEmployee(trx: Transaction<Database>, id: string): Promise<number> {
  await trx
    .updateTable('audit_log')
    .set({ before_json: null, after_json: null })
    .where('entity', '=', 'employee')
    .where('entity_id', '=', id)
    .execute();
  await trx.updateTable('tickets').set({ reporter_employee_id: null }).where('reporter_employee_id', '=', id).execute();
  return Number((await trx.deleteFrom('employees').where('id', '=', id).executeTakeFirst()).numDeletedRows);
}

/**
 * An inactive staff account with the phone keeps its id (assignments and history point at it) but
 * loses name, contacts, notes, username and password; its tokens stop working.
 */
export async function anonymiseStaff(trx: Transaction<Database>, ids: string[], now: number): Promise<void> {
  for (const id of ids) {
    await trx
      .updateTable('audit_log')
      .set({ before_json: null, after_json: null })
      .where('entity', '=', 'staff')
      .where('entity_id', '=', id)
      .execute();
    await trx
      .updateTable('staff')
      .set((eb) => ({
        name: 'Staf dihapus',
        phone: null,
        email: null,
        notes: null,
        description: null,
        username: `dihapus-${id}`.toLowerCase(),
        password_hash: null,
        token_version: eb('token_version', '+', 1),
        updated_at: now,
      }))
      .where('id', '=', id)
      .execute();
  }
}
