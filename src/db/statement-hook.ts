import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult, TransactionSettings } from 'kysely';

/**
 * A connection that can run work of its own just before the next statement sent through it: what
 * lets a transaction keep writes back (transaction.ts `defer`) until something else is about to be
 * read or written, so that every statement of the transaction still sees them.
 */
export class HookedConnection implements DatabaseConnection {
  /** Run before each statement while set; it sends its own statements through `inner`, not through this. */
  beforeStatement: (() => Promise<void>) | undefined;

  constructor(readonly inner: DatabaseConnection) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.beforeStatement) await this.beforeStatement();
    return this.inner.executeQuery<R>(query);
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    if (this.beforeStatement) await this.beforeStatement();
    yield* this.inner.streamQuery<R>(query, chunkSize);
  }
}

const innerOf = (c: DatabaseConnection) => (c instanceof HookedConnection ? c.inner : c);

/**
 * The driver's own connections wrapped in HookedConnection for queries. Begin, commit and rollback go
 * to the driver's connection directly: a rollback must not first write what the transaction kept
 * back, and the commit's writes are made by inTransaction before it.
 */
class HookedDriver implements Driver {
  constructor(private readonly driver: Driver) {}
  init = () => this.driver.init();
  acquireConnection = async () => new HookedConnection(await this.driver.acquireConnection());
  beginTransaction = (c: DatabaseConnection, s: TransactionSettings) => this.driver.beginTransaction(innerOf(c), s);
  commitTransaction = (c: DatabaseConnection) => this.driver.commitTransaction(innerOf(c));
  rollbackTransaction = (c: DatabaseConnection) => this.driver.rollbackTransaction(innerOf(c));
  releaseConnection = (c: DatabaseConnection) => this.driver.releaseConnection(innerOf(c));
  destroy = () => this.driver.destroy();
}

/** `dialect` with its connections hooked (see HookedConnection). */
export function withStatementHook(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new HookedDriver(dialect.createDriver()),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}
