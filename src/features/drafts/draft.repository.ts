import type { Selectable, Transaction } from 'kysely';
import type { Dialect, Executor } from '../../db/create-db';
import type { Database, DraftStatus, DraftsTable } from '../../db/database';
import type { Draft, DueDraft } from './draft.model';

const toDraft = (r: Selectable<DraftsTable>): Draft => ({
  id: r.id,
  chatId: r.chat_id,
  phone: r.phone,
  name: r.name,
  status: r.status,
  text: r.text,
  photos: r.photos,
  firstMessageId: r.first_message_id,
  burstStartedAt: Number(r.burst_started_at),
  lastMessageAt: Number(r.last_message_at),
  dueAt: r.due_at === null ? null : Number(r.due_at),
  prompts: r.prompts,
  ticketId: r.ticket_id,
  createdAt: Number(r.created_at),
});

/**
 * The chat's open draft, if any (the unique `open_chat_id` index). On MySQL its row stays locked
 * until `trx` ends, so the job cannot prompt or leave it while a message is joining it.
 */
export async function findOpenDraft(trx: Transaction<Database>, dialect: Dialect, chatId: string): Promise<Draft | undefined> {
  let query = trx.selectFrom('drafts').selectAll().where('open_chat_id', '=', chatId);
  if (dialect === 'mysql') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toDraft(row);
}

export async function findDraft(ex: Executor, id: number): Promise<Draft | undefined> {
  const row = await ex.selectFrom('drafts').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toDraft(row);
}

export interface NewDraft {
  chatId: string;
  phone: string;
  name: string | null;
  text: string;
  photos: number;
  firstMessageId: number;
  at: number;
  dueAt: number;
}

export async function insertDraft(trx: Transaction<Database>, d: NewDraft): Promise<number> {
  const result = await trx
    .insertInto('drafts')
    .values({
      chat_id: d.chatId,
      open_chat_id: d.chatId,
      phone: d.phone,
      name: d.name?.slice(0, 100) ?? null,
      status: 'gathering',
      text: d.text,
      photos: d.photos,
      first_message_id: d.firstMessageId,
      burst_started_at: d.at,
      last_message_at: d.at,
      due_at: d.dueAt,
      prompts: 0,
      ticket_id: null,
      created_at: d.at,
      updated_at: d.at,
    })
    .executeTakeFirstOrThrow();
  return Number(result.insertId);
}

/** A message joined the draft: its text and photo count, and it is gathering again until `dueAt`. */
export async function updateGathering(
  trx: Transaction<Database>,
  id: number,
  d: { text: string; photos: number; burstStartedAt: number; at: number; dueAt: number },
): Promise<void> {
  await trx
    .updateTable('drafts')
    .set({
      status: 'gathering',
      text: d.text,
      photos: d.photos,
      burst_started_at: d.burstStartedAt,
      last_message_at: d.at,
      due_at: d.dueAt,
      updated_at: d.at,
    })
    .where('id', '=', id)
    .execute();
}

/** Closes an open draft for good (filed, cancelled or left); false when it was no longer open as `from`. */
export async function closeDraft(
  ex: Executor,
  id: number,
  c: { to: Exclude<DraftStatus, 'gathering' | 'awaiting'>; from: DraftStatus; dueAt?: number; ticketId?: number | null; now: number },
): Promise<boolean> {
  let query = ex
    .updateTable('drafts')
    .set({ status: c.to, open_chat_id: null, due_at: null, ticket_id: c.ticketId ?? null, updated_at: c.now })
    .where('id', '=', id)
    .where('status', '=', c.from);
  if (c.dueAt !== undefined) query = query.where('due_at', '=', c.dueAt);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Claims a gathering draft's prompt: it becomes `awaiting` until `nextDueAt`, one more prompt
 * counted. Only when it is still as listed (same status and due time: no message joined since),
 * so of several processes exactly one sends the prompt.
 */
export async function claimPrompt(ex: Executor, due: DueDraft, nextDueAt: number, now: number): Promise<boolean> {
  const result = await ex
    .updateTable('drafts')
    .set({ status: 'awaiting', due_at: nextDueAt, prompts: due.prompts + 1, updated_at: now })
    .where('id', '=', due.id)
    .where('status', '=', 'gathering')
    .where('due_at', '=', due.dueAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Open drafts due at `now`, oldest due first (index drafts_due). */
export async function listDueDrafts(ex: Executor, now: number, limit: number): Promise<DueDraft[]> {
  const rows = await ex
    .selectFrom('drafts')
    .select(['id', 'status', 'due_at', 'prompts', 'chat_id'])
    .where('due_at', '<=', now)
    .orderBy('due_at')
    .limit(limit)
    .execute();
  return rows
    .filter((r) => r.status === 'gathering' || r.status === 'awaiting')
    .map((r) => ({ id: r.id, status: r.status as DueDraft['status'], dueAt: Number(r.due_at), prompts: r.prompts, chatId: r.chat_id }));
}
