import type { Transaction } from 'kysely';
import type { Executor } from '../../db/create-db';
import type { Database, SlaAlertLevel, SlaClock } from '../../db/database';
import { isUniqueViolation } from '../../db/db-errors';
import { alertKey } from './sla-schedule';

/**
 * Up to `limit` tickets the reminder job must look at, earliest first: a range read of the
 * `tickets_next_alert` index, so its cost follows what is due, never how many tickets exist.
 */
export async function listTicketsDueForAlert(ex: Executor, now: number, limit: number): Promise<number[]> {
  const rows = await dueForAlertQuery(ex, now, limit).execute();
  return rows.map((r) => r.id);
}

/** The scan itself, for the bench's EXPLAIN (bench/sla-scan.ts). */
export const dueForAlertQuery = (ex: Executor, now: number, limit: number) =>
  ex.selectFrom('tickets').select('id').where('next_alert_at', '<=', now).orderBy('next_alert_at').limit(limit);

/** The alerts already settled for a ticket, as `clock:level` keys. */
export async function listSentAlerts(ex: Executor, ticketId: number): Promise<Set<string>> {
  const rows = await ex.selectFrom('sla_alerts').select(['clock', 'level']).where('ticket_id', '=', ticketId).execute();
  return new Set(rows.map((r) => alertKey(r.clock, r.level)));
}

/**
 * Claims one alert of a ticket: true for the one transaction that inserted the row, false when it
 * exists already (another worker, or a pass before a restart). Only the claimant sends the message.
 * `target` null records a level settled without a message (nobody to tell, or passed over).
 */
export async function claimAlert(
  trx: Transaction<Database>,
  a: { ticketId: number; clock: SlaClock; level: SlaAlertLevel; target: string | null; now: number },
): Promise<boolean> {
  try {
    await trx
      .insertInto('sla_alerts')
      .values({ ticket_id: a.ticketId, clock: a.clock, level: a.level, target: a.target, sent_at: a.now })
      .execute();
    return true;
  } catch (err) {
    // A failed statement leaves the transaction usable on both MySQL and SQLite.
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}
