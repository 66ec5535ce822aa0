import type { Executor } from '../../db/create-db';
import { isUniqueViolation } from '../../db/db-errors';
import { insertInbounds, type NewInbound } from './inbound.repository';

type Stored = 'stored' | 'duplicate';
interface Waiting {
  row: NewInbound;
  done: (outcome: Stored) => void;
  failed: (err: unknown) => void;
}

/**
 * Stores webhook deliveries many per INSERT, group commit in the application: while `inFlight`
 * INSERTs run, the rows that arrive wait and go together in the next one (at most `maxRows`). Each
 * caller still hears only once its own row is committed, so the webhook's 200 keeps its meaning.
 * Under load this turns hundreds of single-row statements a second (each a round trip, a packet
 * written, a result parsed on the one event loop that also runs the chat processor) into a few
 * dozen; alone, a delivery is written at once as before. A group that fails (a redelivery among
 * them, a value a column refuses, the database gone) is written again row by row, so exactly the
 * redelivered row is the duplicate and only a row that cannot be stored gets the error.
 */
export class InboundWriter {
  private readonly waiting: Waiting[] = [];
  private running = 0;

  constructor(
    private readonly db: Executor,
    private readonly o: { inFlight: number; maxRows: number } = { inFlight: 2, maxRows: 100 },
  ) {}

  /** Resolves `stored` once the row is committed, `duplicate` if its dedupe key was stored before. */
  store(row: NewInbound): Promise<Stored> {
    return new Promise((done, failed) => {
      this.waiting.push({ row, done, failed });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.o.inFlight && this.waiting.length > 0) {
      const group = this.waiting.splice(0, this.o.maxRows);
      this.running++;
      void this.write(group).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async write(group: Waiting[]): Promise<void> {
    try {
      await insertInbounds(
        this.db,
        group.map((w) => w.row),
      );
      for (const w of group) w.done('stored');
    } catch (err) {
      // One row's fault (a redelivery, a value the column refuses) must not fail the others: each alone.
      if (group.length > 1) for (const w of group) await this.write([w]);
      else if (isUniqueViolation(err)) group[0]!.done('duplicate');
      else group[0]!.failed(err);
    }
  }
}
