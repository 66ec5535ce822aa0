import type { Executor } from '../../db/create-db';
import { past, type Cursor, type KeyCursor } from './retention.repository';

/**
 * The message rule's copies of message text outside the message tables: the desk inbox's preview
 * of a chat's last message and the joined text of a finished draft. Keyset pages as in
 * retention.repository.ts; the condition itself (text not yet empty) makes a change happen once.
 */

function previewCandidates(ex: Executor, cutoff: number) {
  return ex.selectFrom('conversations').where('last_message_at', '<', cutoff).where('last_preview', '!=', '');
}

/** Inbox entries whose last message (its preview is a copy of the text) came before the cut-off. */
export async function listPreviewsToClear(
  ex: Executor,
  p: { cutoff: number; after: KeyCursor | null; limit: number },
): Promise<KeyCursor[]> {
  const rows = await previewCandidates(ex, p.cutoff)
    .select(['chat_id', 'last_message_at'])
    .$if(p.after !== null, (qb) => qb.where(past('last_message_at', 'chat_id', p.after!)))
    .orderBy('last_message_at')
    .orderBy('chat_id')
    .limit(p.limit)
    .execute();
  return rows.map((r) => ({ id: r.chat_id, at: Number(r.last_message_at) }));
}

export async function countPreviewsToClear(ex: Executor, cutoff: number): Promise<number> {
  const r = await previewCandidates(ex, cutoff)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function clearPreviews(ex: Executor, chatIds: string[], cutoff: number): Promise<number> {
  if (!chatIds.length) return 0;
  const r = await ex
    .updateTable('conversations')
    .set({ last_preview: '' })
    .where('chat_id', 'in', chatIds)
    .where('last_message_at', '<', cutoff)
    .where('last_preview', '!=', '')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** A draft is done with once filed, cancelled or left for the desk. */
const FINAL_DRAFT = ['filed', 'cancelled', 'left'] as const;

/** A filed draft waits, like its messages, while its ticket is open or closed within the period. */
function draftCandidates(ex: Executor, cutoff: number) {
  return ex
    .selectFrom('drafts as d')
    .leftJoin('tickets as t', 't.id', 'd.ticket_id')
    .where('d.updated_at', '<', cutoff)
    .where('d.status', 'in', FINAL_DRAFT)
    .where('d.text', '!=', '')
    .where((eb) => eb.or([eb('t.id', 'is', null), eb.and([eb('t.status', '=', 'ditutup'), eb('t.closed_at', '<', cutoff)])]));
}

/** Finished drafts (their text joins the person's messages) last changed before the cut-off. */
export async function listDraftsToClear(ex: Executor, p: { cutoff: number; after: Cursor | null; limit: number }): Promise<Cursor[]> {
  const rows = await draftCandidates(ex, p.cutoff)
    .select(['d.id', 'd.updated_at'])
    .$if(p.after !== null, (qb) => qb.where(past('d.updated_at', 'd.id', p.after!)))
    .orderBy('d.updated_at')
    .orderBy('d.id')
    .limit(p.limit)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), at: Number(r.updated_at) }));
}

export async function countDraftsToClear(ex: Executor, cutoff: number): Promise<number> {
  const r = await draftCandidates(ex, cutoff)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function clearDrafts(ex: Executor, ids: number[]): Promise<number> {
  if (!ids.length) return 0;
  const r = await ex
    .updateTable('drafts')
    .set({ text: '' })
    .where('id', 'in', ids)
    .where('status', 'in', FINAL_DRAFT)
    .where('text', '!=', '')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
