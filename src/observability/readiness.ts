import type { Db } from '../db/create-db';
import { pendingMigrations } from '../db/migrate';
import { pingDatabase } from '../db/ping';

export interface ReadinessReport {
  ready: boolean;
  /** ok | shutting_down | database_unavailable | migrations_pending */
  status: 'ok' | 'shutting_down' | 'database_unavailable' | 'migrations_pending';
  database: Db['dialect'];
  /** Names of migrations the database has not run, when that is the reason. */
  pending?: string[];
  /** Why the database check failed. */
  reason?: string;
}

export interface ReadinessOptions {
  db: Db;
  /** Longest a check waits for the database. Default 2000 ms (probes time out at a few seconds). */
  timeoutMs?: number;
}

/**
 * Whether this process should receive work: the database answers, its schema has every
 * migration this build knows, and the process is not shutting down. The entry point owns
 * one and calls markShuttingDown() first thing on SIGTERM, so the load balancer stops
 * sending before the server stops accepting.
 */
export class Readiness {
  private shuttingDown = false;
  /** Once every migration ran, it stays so for this process's life: not asked again. */
  private migrationsCurrent = false;
  private readonly timeoutMs: number;

  constructor(private readonly opts: ReadinessOptions) {
    this.timeoutMs = opts.timeoutMs ?? 2000;
  }

  /** From now on not ready, whatever the database says. */
  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Checks now; never rejects. */
  async check(): Promise<ReadinessReport> {
    const database = this.opts.db.dialect;
    if (this.shuttingDown) return { ready: false, status: 'shutting_down', database };
    try {
      await this.within(pingDatabase(this.opts.db));
    } catch (err) {
      return {
        ready: false,
        status: 'database_unavailable',
        database,
        reason: err instanceof Error ? err.message.slice(0, 200) : String(err),
      };
    }
    if (!this.migrationsCurrent) {
      let pending: string[];
      try {
        pending = await this.within(pendingMigrations(this.opts.db));
      } catch (err) {
        return {
          ready: false,
          status: 'database_unavailable',
          database,
          reason: err instanceof Error ? err.message.slice(0, 200) : String(err),
        };
      }
      if (pending.length > 0) return { ready: false, status: 'migrations_pending', database, pending };
      this.migrationsCurrent = true;
    }
    // Shutdown may have begun while the database was asked.
    if (this.shuttingDown) return { ready: false, status: 'shutting_down', database };
    return { ready: true, status: 'ok', database };
  }

  private within<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`database did not answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }
}
