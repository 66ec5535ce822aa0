import { sql } from 'kysely';
import type { Dialect, Executor } from '../../db/create-db';
import type { Conversation, ConversationState } from './conversation.model';

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

function conversations(ex: Executor) {
  // Phones are unique in both directories, so neither join can repeat a chat.
  return ex
    .selectFrom('conversations')
    .leftJoin('employees', 'employees.phone', 'conversations.phone')
    .leftJoin('staff as s', 's.phone', 'conversations.phone')
    .leftJoin('staff as h', 'h.id', 'conversations.handled_by')
    .select([
      'conversations.chat_id',
      'conversations.phone',
      'conversations.name',
      'conversations.is_group',
      'conversations.last_message_at',
      'conversations.last_preview',
      'conversations.unread',
      'conversations.waiting_since',
      'conversations.handled_at',
      'conversations.handled_by',
      'employees.name as employee_name',
      's.name as staff_name',
      'h.name as handler_name',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof conversations>['execute']>>[number];

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

const toConversation = (r: Row): Conversation => ({
  chatId: r.chat_id,
  phone: r.phone,
  name: r.employee_name ?? r.staff_name ?? r.name,
  isGroup: Number(r.is_group) === 1,
  lastMessageAt: Number(r.last_message_at),
  preview: r.last_preview,
  unread: Number(r.unread),
  waitingSince: num(r.waiting_since),
  handledAt: num(r.handled_at),
  handledBy: r.handled_by === null ? null : { id: r.handled_by, name: r.handler_name },
});

/** One page of the inbox, newest message first: one query. */
export async function listConversations(
  ex: Executor,
  state: ConversationState,
  page: { limit: number; offset: number },
): Promise<Conversation[]> {
  let q = conversations(ex);
  if (state === 'waiting') q = q.where('conversations.waiting_since', 'is not', null);
  if (state === 'handled') q = q.where('conversations.waiting_since', 'is', null);
  const rows = await q
    .orderBy('conversations.last_message_at', 'desc')
    .orderBy('conversations.chat_id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map(toConversation);
}

/** How many chats a list of `state` holds: one query. */
export async function countConversations(ex: Executor, state: ConversationState): Promise<number> {
  let q = ex.selectFrom('conversations').select((eb) => eb.fn.countAll().as('n'));
  if (state === 'waiting') q = q.where('waiting_since', 'is not', null);
  if (state === 'handled') q = q.where('waiting_since', 'is', null);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function findConversation(ex: Executor, chatId: string): Promise<Conversation | undefined> {
  const row = await conversations(ex).where('conversations.chat_id', '=', chatId).executeTakeFirst();
  return row && toConversation(row);
}

/** The desk has seen every waiting message of the chat; it still waits until handled. */
export async function markConversationRead(ex: Executor, chatId: string, now: number): Promise<void> {
  await ex.updateTable('conversations').set({ unread: 0, updated_at: now }).where('chat_id', '=', chatId).execute();
}

/** Nothing waits any more; the next message (noteWaiting) puts the chat back in the inbox. */
export async function markConversationHandled(ex: Executor, chatId: string, by: string, now: number): Promise<void> {
  await ex
    .updateTable('conversations')
    .set({ waiting_since: null, unread: 0, handled_at: now, handled_by: by, updated_at: now })
    .where('chat_id', '=', chatId)
    .execute();
}
