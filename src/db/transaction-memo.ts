import type { Executor } from './create-db';

const memos = new WeakMap<Executor, Map<string, Promise<unknown>>>();

/**
 * `load()` once per transaction for `key`, its answer shared by every later call in that transaction.
 * For the small reference tables every message reads (the categories' keywords, the SLA targets, the
 * places' fingerprint): the chat processor handles a batch of up to 50 messages in one transaction,
 * and asking the same three questions 50 times was three statements per message, a fifth of the
 * service's CPU per #request in the profile. Within one batch the answer of its first read is as
 * good as any (nothing in a batch writes those tables; the next batch reads afresh, so a change by the
 * desk counts from the next batch on). Outside a transaction (`ex` is the database) every call loads.
 */
export function oncePerTransaction<T>(ex: Executor, key: string, load: () => Promise<T>): Promise<T> {
  if (!ex.isTransaction) return load();
  let memo = memos.get(ex);
  if (!memo) memos.set(ex, (memo = new Map<string, Promise<unknown>>()));
  let answer = memo.get(key) as Promise<T> | undefined;
  if (!answer) {
    answer = load();
    memo.set(key, answer);
    // A failed read is not kept: the caller sees the error, a later call reads again.
    answer.catch(() => memo.delete(key));
  }
  return answer;
}
