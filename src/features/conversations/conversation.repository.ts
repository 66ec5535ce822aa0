import { sql } from 'kysely';
import type { Dialect, Executor } from '../../db/create-db';

export interface WaitingMessage {
  chatId: string;
  /** The sender's phone for a private chat; null for a group. */
  phone: string | null;
  name: string | null;
  isGroup: boolean;
  /** The message's text, or a word for what it was (`[foto]`), shortened for the list. */
  preview: string;
  at: number;
}

const PREVIEW = 200;

/**
 * A message needs a person: the chat is (again) in the desk's inbox, one more unread.
 * One statement, an upsert on the chat id, inside the transaction that handled the message.
 */
export async function noteWaiting(ex: Executor, dialect: Dialect, m: WaitingMessage): Promise<void> {
  const preview = [...m.preview].slice(0, PREVIEW).join('');
  await ex
    .insertInto('conversations')
    .values({
      chat_id: m.chatId,
      phone: m.phone,
      name: m.name?.slice(0, 100) ?? null,
      is_group: m.isGroup ? 1 : 0,
      last_message_at: m.at,
      last_preview: preview,
      waiting_since: m.at,
      unread: 1,
      handled_at: null,
      handled_by: null,
      created_at: m.at,
      updated_at: m.at,
    })
    .$call((q) => {
      const update = {
        name: m.name?.slice(0, 100) ?? null,
        last_message_at: m.at,
        last_preview: preview,
        waiting_since: sql<number>`coalesce(conversations.waiting_since, ${m.at})`,
        unread: sql<number>`conversations.unread + 1`,
        updated_at: m.at,
      };
      return dialect === 'mysql' ? q.onDuplicateKeyUpdate(update) : q.onConflict((oc) => oc.column('chat_id').doUpdateSet(update));
    })
    .execute();
}

/** What the dashboard's new-work counter polls: how many chats wait, their unread sum, the newest. */
export interface WaitingSummary {
  waiting: number;
  unread: number;
  latestAt: number | null;
}

/**
 * One aggregate over the waiting chats only (`conversations_waiting`: waiting_since is the
 * index's first column), so a 5-second poll costs a range read of what waits, not the table.
 */
export async function waitingSummary(ex: Executor): Promise<WaitingSummary> {
  const row = await ex
    .selectFrom('conversations')
    .where('waiting_since', 'is not', null)
    .select((eb) => [
      eb.fn.countAll().as('waiting'),
      eb.fn.sum<number | string | null>('unread').as('unread'),
      eb.fn.max('last_message_at').as('latest'),
    ])
    .executeTakeFirstOrThrow();
  return { waiting: Number(row.waiting), unread: Number(row.unread ?? 0), latestAt: row.latest === null ? null : Number(row.latest) };
}
