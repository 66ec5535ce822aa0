/** Driver error shapes, recognised in one place so callers stay dialect-free. */
interface DriverError {
  code?: string;
  errno?: number;
}

export function isUniqueViolation(err: unknown): boolean {
  const e = err as DriverError;
  return e?.code === 'ER_DUP_ENTRY' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Deadlocks and lock waits: the whole transaction can simply run again. */
export function isRetryableTransactionError(err: unknown): boolean {
  const e = err as DriverError;
  return (
    e?.code === 'ER_LOCK_DEADLOCK' ||
    e?.code === 'ER_LOCK_WAIT_TIMEOUT' ||
    e?.errno === 1213 ||
    e?.errno === 1205 ||
    e?.code === 'SQLITE_BUSY'
  );
}

/** The database could not be reached at all: the work should wait and be tried again, not be marked failed. */
export function isConnectionError(err: unknown): boolean {
  const e = err as DriverError & { message?: string };
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'PROTOCOL_CONNECTION_LOST', 'ER_CON_COUNT_ERROR', 'POOL_CLOSED'].includes(
      e?.code ?? '',
    ) || /driver has already been destroyed|closed state|Pool is closed/i.test(e?.message ?? '')
  );
}
