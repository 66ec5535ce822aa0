import { sql } from 'kysely';
import type { Executor } from '../../db/create-db';
import { isUniqueViolation } from '../../db/db-errors';
import type { TicketFact } from './stats-day';
import type { CreatedRange } from './stats.repository';

/** Reads of the statistics' summary of closed days (stats_day_summaries) and what it is made from. */

const num = (v: number | string | null) => (v === null ? null : Number(v));

/** Every ticket created in the range with what the statistics count of it (listClockRows less the joined names, plus status). */
export async function listTicketFacts(ex: Executor, r: CreatedRange): Promise<TicketFact[]> {
  const rows = await ex
    .selectFrom('tickets')
    .leftJoin('ratings', 'ratings.ticket_id', 'tickets.id')
    .select([
      'tickets.id',
      'tickets.status',
      'tickets.created_at',
      'tickets.category_id',
      'tickets.first_assigned_at',
      'tickets.first_started_at',
      'tickets.finished_at',
      'tickets.due_assign_at',
      'tickets.due_start_at',
      'tickets.due_finish_at',
      'ratings.asked_at',
      'ratings.score',
    ])
    .where('tickets.created_at', '>=', r.from)
    .where('tickets.created_at', '<', r.to)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    createdAt: Number(row.created_at),
    categoryId: row.category_id,
    categoryName: null,
    categoryOrder: null,
    met: { assign: num(row.first_assigned_at), start: num(row.first_started_at), finish: num(row.finished_at) },
    due: { assign: num(row.due_assign_at), start: num(row.due_start_at), finish: num(row.due_finish_at) },
    askedAt: num(row.asked_at),
    score: row.score === null ? null : Number(row.score),
  }));
}

/** The creation time of the ticket of each `#ikut` follower of the range's tickets (countFollowersInRange, row by row). */
export async function listFollowerTickets(ex: Executor, r: CreatedRange): Promise<number[]> {
  const rows = await ex
    .selectFrom('ticket_followers')
    .innerJoin('tickets', 'tickets.id', 'ticket_followers.ticket_id')
    .select('tickets.created_at')
    .where('ticket_followers.via_ticket_id', 'is', null)
    .where('tickets.created_at', '>=', r.from)
    .where('tickets.created_at', '<', r.to)
    .execute();
  return rows.map((row) => Number(row.created_at));
}

/** The newest ticket's id (0 when there is none). */
export async function maxTicketId(ex: Executor): Promise<number> {
  const row = await ex
    .selectFrom('tickets')
    .select((eb) => eb.fn.max('tickets.id').as('m'))
    .executeTakeFirst();
  return Number(row?.m ?? 0);
}

/** Tickets added after the one with id `after` (filed, typed in or imported, whatever their creation time): a primary-key range. */
export async function listTicketsAfter(ex: Executor, after: number): Promise<Array<{ id: number; createdAt: number }>> {
  const rows = await ex.selectFrom('tickets').select(['tickets.id', 'tickets.created_at']).where('tickets.id', '>', after).execute();
  return rows.map((r) => ({ id: r.id, createdAt: Number(r.created_at) }));
}

/**
 * What changed tickets at or after `since`, with each ticket's creation time: a write to the ticket
 * (every one sets updated_at: the tickets_updated index), an anonymisation (tickets_anonymise), and
 * what does not touch the ticket row: a rating given, a follower added, a merge. A summary of a day
 * made before such a change is made again.
 */
export async function listChangesSince(ex: Executor, since: number): Promise<Array<{ createdAt: number; at: number }>> {
  const anonymisedAt = sql.ref<number | null>('tickets.anonymised_at');
  const [written, anonymised, ratings, followers, merges] = await Promise.all([
    ex.selectFrom('tickets').select(['tickets.created_at', 'tickets.updated_at as at']).where('tickets.updated_at', '>=', since).execute(),
    ex
      .selectFrom('tickets')
      .select(['tickets.created_at', anonymisedAt.as('at')])
      .where(anonymisedAt, '>=', since)
      .execute(),
    ex
      .selectFrom('ratings')
      .innerJoin('tickets', 'tickets.id', 'ratings.ticket_id')
      .select(['tickets.created_at', 'ratings.rated_at as at'])
      .where('ratings.rated_at', '>=', since)
      .execute(),
    ex
      .selectFrom('ticket_followers')
      .innerJoin('tickets', 'tickets.id', 'ticket_followers.ticket_id')
      .select(['tickets.created_at', 'ticket_followers.created_at as at'])
      .where('ticket_followers.created_at', '>=', since)
      .execute(),
    ex
      .selectFrom('ticket_merges')
      .innerJoin('tickets', 'tickets.id', 'ticket_merges.ticket_id')
      .select(['tickets.created_at', 'ticket_merges.merged_at as at'])
      .where('ticket_merges.merged_at', '>=', since)
      .execute(),
  ]);
  return [...written, ...anonymised, ...ratings, ...followers, ...merges].map((r) => ({
    createdAt: Number(r.created_at),
    at: Number(r.at),
  }));
}

export interface StoredDay {
  day: string;
  fingerprint: string;
  builtAt: number;
}

/** The stored summaries of the days from `first` to `last`, without their data. */
export async function listDaySummaries(ex: Executor, first: string, last: string): Promise<StoredDay[]> {
  const rows = await ex
    .selectFrom('stats_day_summaries')
    .select(['day', 'fingerprint', 'built_at'])
    .where('day', '>=', first)
    .where('day', '<=', last)
    .execute();
  return rows.map((r) => ({ day: r.day, fingerprint: r.fingerprint, builtAt: Number(r.built_at) }));
}

/** The data of these days' summaries. */
export async function readDaySummaryData(ex: Executor, days: string[]): Promise<Map<string, string>> {
  if (days.length === 0) return new Map();
  const rows = await ex.selectFrom('stats_day_summaries').select(['day', 'data']).where('day', 'in', days).execute();
  return new Map(rows.map((r) => [r.day, r.data]));
}

/** These days' summaries were found current at `at` with this fingerprint: later changes are what can make them out of date. */
export async function touchDaySummaries(ex: Executor, days: string[], at: number, fingerprint: string): Promise<void> {
  if (days.length) await ex.updateTable('stats_day_summaries').set({ built_at: at, fingerprint }).where('day', 'in', days).execute();
}

/**
 * Replaces the summaries of these days. Two readers making the same day at once both write it:
 * the loser's insert fails on the key and its (equal) summary is dropped.
 */
export async function saveDaySummaries(ex: Executor, rows: Array<StoredDay & { data: string }>): Promise<void> {
  if (rows.length === 0) return;
  await ex
    .deleteFrom('stats_day_summaries')
    .where(
      'day',
      'in',
      rows.map((r) => r.day),
    )
    .execute();
  await ex
    .insertInto('stats_day_summaries')
    .values(rows.map((r) => ({ day: r.day, fingerprint: r.fingerprint, built_at: r.builtAt, data: r.data })))
    .execute()
    .catch((err: unknown) => {
      if (!isUniqueViolation(err)) throw err;
    });
}

/** Names and list order of the categories with these ids. */
export async function listCategoryNames(ex: Executor, ids: number[]): Promise<Map<number, { name: string; order: number }>> {
  if (ids.length === 0) return new Map();
  const rows = await ex.selectFrom('categories').select(['id', 'name', 'sort_order']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { name: r.name, order: r.sort_order }]));
}

/** The staff with these ids, by name then id as the database sorts them (technicianLoad's order). */
export async function listStaffNames(ex: Executor, ids: string[]): Promise<Array<{ id: string; name: string }>> {
  if (ids.length === 0) return [];
  return ex.selectFrom('staff').select(['id', 'name']).where('id', 'in', ids).orderBy('name').orderBy('id').execute();
}
