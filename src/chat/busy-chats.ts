/**
 * The chats of the batches a processor is handling, until they commit. Batches handled side
 * by side take their messages one at a time (`exclusively`) and skip the chats another batch
 * holds, so one chat's messages are handled in the order they arrived.
 */
export class BusyChats {
  /** Chat → how many uncommitted batches hold it. */
  private readonly holders = new Map<string, number>();
  private queue: Promise<unknown> = Promise.resolve();

  /** Runs `take` after every `take` started before it has finished. */
  exclusively<T>(take: () => Promise<T>): Promise<T> {
    const result = this.queue.then(take);
    this.queue = result.catch(() => undefined);
    return result;
  }

  list(): string[] {
    return [...this.holders.keys()];
  }

  /** Marks `chats` busy; `held` remembers them for release. */
  hold(chats: readonly string[], held: string[]): void {
    for (const chat of chats) {
      this.holders.set(chat, (this.holders.get(chat) ?? 0) + 1);
      held.push(chat);
    }
  }

  /** Frees what `held` holds and empties it. */
  release(held: string[]): void {
    for (const chat of held.splice(0)) {
      const n = (this.holders.get(chat) ?? 1) - 1;
      if (n > 0) this.holders.set(chat, n);
      else this.holders.delete(chat);
    }
  }
}
