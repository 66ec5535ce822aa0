import type { Executor } from '../../db/create-db';
import type { Clock } from '../../shared/clock';
import { markSentMany, type SentRow } from './outbox-sent.repository';

/** Rows per UPDATE at most: four placeholders each, well inside both drivers' limits. */
const MAX_BATCH = 500;

/**
 * Group commit for accepted sends. While one UPDATE records a batch, the sends answered meanwhile
 * gather and the next UPDATE records them all: one statement (and one disk flush) per batch instead
 * of per message, so 100 sends in flight cost the database no more round trips than 8 did. With one
 * answer at a time it is one UPDATE per send, as before.
 */
export class SentRecorder {
  private pending: Array<{ row: SentRow; done: (owned: boolean) => void; failed: (err: unknown) => void }> = [];
  private flushing = false;

  constructor(private readonly o: { ex: Executor; clock: Clock }) {}

  /** Resolves true once recorded, false if the claim was lost; rejects if the UPDATE failed. */
  record(row: SentRow): Promise<boolean> {
    return new Promise((done, failed) => {
      this.pending.push({ row, done, failed });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_BATCH);
      try {
        const owned = await markSentMany(
          this.o.ex,
          batch.map((b) => b.row),
          this.o.clock.now(),
        );
        for (const b of batch) b.done(owned.has(b.row.id));
      } catch (err) {
        for (const b of batch) b.failed(err);
      }
    }
    this.flushing = false;
  }
}
