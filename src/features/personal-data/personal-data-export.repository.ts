import type { Executor } from '../../db/create-db';
import type { PersonKey } from './personal-data.model';

/** The SQL of a personal-data export: every row that names the person, read by the indexes personal-data.repository.ts lists. */

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
