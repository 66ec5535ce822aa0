import type { Transaction } from 'kysely';
import type { Db } from './create-db';
import type { Database } from './database';
import { inTransaction } from './transaction';

/**
 * What a write needs below the edge: its transaction, and a place to say it queued outbound
 * messages (so whoever opened the transaction wakes the sender once it commits; nobody threads
 * a count back up).
 */
export interface Unit {
  readonly trx: Transaction<Database>;
  /** Records that this write queued `count` outbound messages in the transaction. */
  queued(count: number): void;
}

/**
 * A unit on a transaction someone else opened and will wake the sender for (the chat
 * processor after its batch, the auto-close job after its pass): queued messages need no record.
 */
export const unitOn = (trx: Transaction<Database>): Unit => ({ trx, queued: () => {} });

/** An audit entry as a service drafts it; who, when and from which request are the unit's. */
interface AuditDraft {
  action: string;
  entity: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

export interface Actor {
  id: string;
  name: string;
}

/** One audited write in its own transaction. */
interface UnitOfWork extends Unit {
  readonly now: number;
  /** Who is writing (the signed-in staff member), when known. */
  readonly actor: Actor | null;
  /** How many outbound messages this unit has queued so far. */
  readonly messages: number;
  /** Writes the audit entry of this unit's change, in its transaction. */
  audit(entry: AuditDraft): Promise<void>;
}

/** A write not yet begun: a service runs it, the edge (route) made it. */
export interface Work {
  readonly now: number;
  readonly actor: Actor | null;
  /**
   * Runs `fn` in one transaction (retried on deadlocks, so `fn` must have no effects outside the
   * database) and, once it committed, wakes the outbox sender if `fn` queued messages.
   */
  run<T>(fn: (u: UnitOfWork) => Promise<T>): Promise<T>;
}

export interface WorkOptions {
  now: number;
  actor: Actor | null;
  /** Writes one audit entry in the unit's transaction. */
  writeAudit(trx: Transaction<Database>, entry: AuditDraft): Promise<void>;
  /** Wakes the outbox sender; called after commit, only when messages were queued. */
  wake(): void;
}

/** The unit-of-work helper: owns the transaction, the audit entry and the wake-up after commit. */
export function unitOfWork(db: Db, o: WorkOptions): Work {
  return {
    now: o.now,
    actor: o.actor,
    async run(fn) {
      let messages = 0;
      const result = await inTransaction(db, (trx) => {
        messages = 0; // a deadlock retry starts over
        const unit: UnitOfWork = {
          trx,
          now: o.now,
          actor: o.actor,
          get messages() {
            return messages;
          },
          queued: (count) => {
            messages += count;
          },
          audit: (entry) => o.writeAudit(trx, entry),
        };
        return fn(unit);
      });
      if (messages > 0) o.wake();
      return result;
    },
  };
}

/** The unit's actor; audited writes through the API always have one. */
export function actorOf(u: { actor: Actor | null }): Actor {
  if (!u.actor) throw new Error('an audited write needs an actor');
  return u.actor;
}
