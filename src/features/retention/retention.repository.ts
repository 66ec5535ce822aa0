import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../../db/create-db';
import type { RetentionColumns } from '../../db/tables/retention';

/**
 * The SQL of the retention rules. Every list is a keyset page over an index led by the rule's
 * marker column (migration 0014), so a run reads each candidate once and never holds a lock on
 * more than one page; every change is conditional on the marker still being null, so two
 * processes running the same page change each row once and the counts add up.
 */

/** Where the next page starts: the time column and id of the last row of the page before. */
export interface Cursor {
  at: number;
  id: number;
}

/** A cursor over rows keyed by a string (the inbox's chat ids). */
export interface KeyCursor {
  at: number;
  id: string;
}

interface Page {
  cutoff: number;
  after: Cursor | null;
  limit: number;
}

/** The executor with the marker columns of migration 0014 in its types. */
export const withMarkers = (ex: Executor) => ex.withTables<RetentionColumns>();

/** The statuses of a message whose delivery is over: a queued or sending message is never touched. */
export const FINAL_OUTBOUND = ['sent', 'dead', 'dry_run'] as const;
/** Done with: a pending message is still to be handled. */
const FINAL_INBOUND = ['processed', 'ignored', 'failed'] as const;

/** `(col, id) > cursor`, spelt out: the keyset condition of the next page (served by the rule's index). */
export function past(col: string, idCol: string, after: Cursor | KeyCursor): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${sql.ref(col)} > ${after.at} or (${sql.ref(col)} = ${after.at} and ${sql.ref(idCol)} > ${after.id}))`;
}

/** A photo whose file is still on disk, of a ticket closed before the cut-off, itself older than it. */
export interface MediaToRemove {
  id: number;
  storagePath: string;
  createdAt: number;
}

function mediaCandidates(ex: Executor, cutoff: number) {
  return withMarkers(ex)
    .selectFrom('media')
    .innerJoin('tickets', 'tickets.id', 'media.ticket_id')
    .where('media.removed_at', 'is', null)
    .where('media.created_at', '<', cutoff)
    .where('media.storage_path', 'is not', null)
    .where('tickets.status', '=', 'ditutup')
    .where('tickets.closed_at', '<', cutoff);
}

export async function listMediaToRemove(ex: Executor, p: Page): Promise<MediaToRemove[]> {
  const q = mediaCandidates(ex, p.cutoff).select(['media.id', 'media.storage_path', 'media.created_at']);
  const rows = await q
    .$if(p.after !== null, (qb) => qb.where(past('media.created_at', 'media.id', p.after!)))
    .orderBy('media.created_at')
    .orderBy('media.id')
    .limit(p.limit)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), storagePath: r.storage_path ?? '', createdAt: Number(r.created_at) }));
}

export async function countMediaToRemove(ex: Executor, cutoff: number): Promise<number> {
  const r = await mediaCandidates(ex, cutoff)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Marks the row's file gone (the row stays: counts and the ticket's history keep it). False: already marked. */
export async function markMediaRemoved(ex: Executor, id: number, now: number): Promise<boolean> {
  const r = await withMarkers(ex)
    .updateTable('media')
    .set({ removed_at: now, storage_path: null, original_filename: null, updated_at: now })
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/**
 * A plain-language message carries its draft, not its ticket: the draft says which ticket it
 * became. A message counts as its ticket's (direct, or through the draft) and waits while that
 * ticket is open or closed within the period; a message of no ticket goes by its own age.
 */
function inboundCandidates(ex: Executor, cutoff: number) {
  return withMarkers(ex)
    .selectFrom('inbound_messages as m')
    .leftJoin('drafts as d', 'd.id', 'm.draft_id')
    .leftJoin('tickets as t', (join) =>
      join.on(sql<SqlBool>`${sql.ref('t.id')} = coalesce(${sql.ref('m.ticket_id')}, ${sql.ref('d.ticket_id')})`),
    )
    .where('m.cleared_at', 'is', null)
    .where('m.received_at', '<', cutoff)
    .where('m.status', 'in', FINAL_INBOUND)
    .where((eb) => eb.or([eb('t.id', 'is', null), eb.and([eb('t.status', '=', 'ditutup'), eb('t.closed_at', '<', cutoff)])]));
}

/** Messages received before the cut-off, of no ticket or of a ticket closed before it (directly or through their draft), not cleared yet. */
export async function listInboundToClear(ex: Executor, p: Page): Promise<Cursor[]> {
  const q = inboundCandidates(ex, p.cutoff).select(['m.id', 'm.received_at']);
  const rows = await q
    .$if(p.after !== null, (qb) => qb.where(past('m.received_at', 'm.id', p.after!)))
    .orderBy('m.received_at')
    .orderBy('m.id')
    .limit(p.limit)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), at: Number(r.received_at) }));
}

export async function countInboundToClear(ex: Executor, cutoff: number): Promise<number> {
  const r = await inboundCandidates(ex, cutoff)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Empties body, raw payload and media link of the given messages; returns how many were not cleared before. */
export async function clearInbound(ex: Executor, ids: number[], now: number): Promise<number> {
  if (!ids.length) return 0;
  const r = await withMarkers(ex)
    .updateTable('inbound_messages')
    .set({ body: '', raw_payload: '', media_url: null, media_filename: null, cleared_at: now })
    .where('id', 'in', ids)
    .where('cleared_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

function outboundCandidates(ex: Executor, cutoff: number) {
  return withMarkers(ex)
    .selectFrom('outbound_messages as o')
    .leftJoin('tickets as t', 't.id', 'o.ticket_id')
    .where('o.cleared_at', 'is', null)
    .where('o.created_at', '<', cutoff)
    .where('o.status', 'in', FINAL_OUTBOUND)
    .where((eb) => eb.or([eb('o.ticket_id', 'is', null), eb.and([eb('t.status', '=', 'ditutup'), eb('t.closed_at', '<', cutoff)])]));
}

/** Messages sent before the cut-off, of no ticket or of a ticket closed before it, not cleared yet. */
export async function listOutboundToClear(ex: Executor, p: Page): Promise<Cursor[]> {
  const q = outboundCandidates(ex, p.cutoff).select(['o.id', 'o.created_at']);
  const rows = await q
    .$if(p.after !== null, (qb) => qb.where(past('o.created_at', 'o.id', p.after!)))
    .orderBy('o.created_at')
    .orderBy('o.id')
    .limit(p.limit)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), at: Number(r.created_at) }));
}

export async function countOutboundToClear(ex: Executor, cutoff: number): Promise<number> {
  const r = await outboundCandidates(ex, cutoff)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function clearOutbound(ex: Executor, ids: number[], now: number): Promise<number> {
  if (!ids.length) return 0;
  const r = await withMarkers(ex)
    .updateTable('outbound_messages')
    .set({ body: '', last_error: null, cleared_at: now })
    .where('id', 'in', ids)
    .where('cleared_at', 'is', null)
    .where('status', 'in', FINAL_OUTBOUND)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

function ticketCandidates(ex: Executor, cutoff: number) {
  return withMarkers(ex)
    .selectFrom('tickets')
    .where('anonymised_at', 'is', null)
    .where('status', '=', 'ditutup')
    .where('closed_at', '<', cutoff);
}

/** Tickets closed before the cut-off whose reporter is still named. */
export async function listTicketsToAnonymise(ex: Executor, p: Page): Promise<Cursor[]> {
  const q = ticketCandidates(ex, p.cutoff).select(['id', 'closed_at']);
  const rows = await q
    .$if(p.after !== null, (qb) => qb.where(past('closed_at', 'id', p.after!)))
    .orderBy('closed_at')
    .orderBy('id')
    .limit(p.limit)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), at: Number(r.closed_at) }));
}

export async function countTicketsToAnonymise(ex: Executor, cutoff: number): Promise<number> {
  const r = await ticketCandidates(ex, cutoff)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
