import type { Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { withMarkers } from '../retention/retention.repository';

/** The SQL of erasing a person's data, each function inside the erasure's transaction. */

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
  // their days are made again (stats-closed-days.ts reads changes by it).
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
