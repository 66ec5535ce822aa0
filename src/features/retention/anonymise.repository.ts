import type { Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { FINAL_OUTBOUND, withMarkers } from './retention.repository';

/** What an anonymised ticket says its reporter was: shown in lists and the detail as any name is. */
const ANONYMOUS_REPORTER = 'Pelapor dihapus';

/**
 * Removes who reported the given tickets, keeping what the statistics read (status, times,
 * category, priority, place, unit, the clocks, the rating's score, the kind of each history
 * entry): the name becomes "Pelapor dihapus"; phone and chat id become '' (the columns are NOT
 * NULL and indexed, and '' is what a ticket typed in for someone without a phone already holds,
 * read as null); the link to the directory goes. The same goes for the traces of the reporter
 * in the ticket's history (the actor of the reporter's entries), its rating (where it was asked),
 * the draft it was filed from and its messages (sender, chat and target; bodies are the message
 * rule's or the erasure's). With `everyone` (the retention rule: the ticket's people are all past
 * the period) its followers go too and the held complaints decided into it are blanked; without it
 * (one person's erasure) other people following or joining the ticket keep their place.
 * Returns how many tickets were not anonymised before; run it in one transaction.
 */
export async function anonymiseTickets(
  trx: Transaction<Database>,
  ids: number[],
  now: number,
  scope: 'everyone' | 'reporter' = 'everyone',
): Promise<number> {
  if (!ids.length) return 0;
  const ex = withMarkers(trx);
  // The messages first: which were the reporter's is known only while the ticket still names them.
  const reporterPhones = ex.selectFrom('tickets').select('reporter_phone').where('id', 'in', ids).where('reporter_phone', '!=', '');
  const reporterChats = ex.selectFrom('tickets').select('chat_id').where('id', 'in', ids).where('chat_id', '!=', '');
  // The ticket's messages, and those of the plain-language draft it was filed from.
  const drafts = ex.selectFrom('drafts').select('id').where('ticket_id', 'in', ids);
  await ex
    .updateTable('inbound_messages')
    .set({ sender_phone: '', sender_name: null, chat_id: '' })
    .where((eb) => eb.or([eb('ticket_id', 'in', ids), eb('draft_id', 'in', drafts)]))
    .where('sender_phone', 'in', reporterPhones)
    .execute();
  await ex.updateTable('drafts').set({ phone: '', name: null, chat_id: '', text: '' }).where('ticket_id', 'in', ids).execute();
  await ex
    .updateTable('outbound_messages')
    .set({ target: '' })
    .where('ticket_id', 'in', ids)
    .where('status', 'in', FINAL_OUTBOUND)
    .where((eb) => eb.or([eb('target', 'in', reporterChats), eb('target', 'in', reporterPhones)]))
    .execute();
  // Followers may confirm or reopen too (their entries are the reporter kind): one person's erasure renames only theirs.
  const reporterNames = ex.selectFrom('tickets').select('reporter_name').where('id', 'in', ids);
  await ex
    .updateTable('ticket_events')
    .set({ actor_name: ANONYMOUS_REPORTER, actor_id: null })
    .where('ticket_id', 'in', ids)
    .where('actor_kind', '=', 'reporter')
    .$if(scope === 'reporter', (q) => q.where('actor_name', 'in', reporterNames))
    .execute();
  await ex.updateTable('ratings').set({ chat_id: '' }).where('ticket_id', 'in', ids).execute();
  if (scope === 'everyone') {
    // Followers hold a phone, a name and a chat each; unique per ticket and phone, so they go rather than blank.
    await ex.deleteFrom('ticket_followers').where('ticket_id', 'in', ids).execute();
    // A complaint held while its sender chose #ikut or #baru, decided into one of these tickets.
    await ex
      .updateTable('duplicate_offers')
      .set({ phone: '', name: null, chat_id: '', employee_id: null, workplace: null, complaint: '' })
      .where('ticket_id', 'in', ids)
      .where('status', '!=', 'pending')
      .execute();
  }
  const r = await ex
    .updateTable('tickets')
    .set({ reporter_name: ANONYMOUS_REPORTER, reporter_phone: '', chat_id: '', reporter_employee_id: null, anonymised_at: now })
    .where('id', 'in', ids)
    .where('anonymised_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
