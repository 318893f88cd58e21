/**
 * Reading Postgres's verdict out of the errors Prisma (over its pg driver adapter) throws. Prisma
 * wraps the server's error: a raw query's failure is P2010 with the SQLSTATE in
 * `meta.driverAdapterError.cause.originalCode`; a model query's may carry the adapter's error as its
 * `cause`. Both are searched, a few levels deep.
 */

export interface PostgresError {
  /** The SQLSTATE, e.g. `22P05`. */
  code: string;
  /** Postgres's own words, e.g. "unsupported Unicode escape sequence". */
  message: string;
}

/** What Postgres answered, or null when the error carries no SQLSTATE. */
export function postgresError(error: unknown): PostgresError | null {
  const seen = new Set<unknown>();
  const look = (v: unknown, depth: number): PostgresError | null => {
    if (depth > 6 || typeof v !== 'object' || v === null || seen.has(v)) return null;
    seen.add(v);
    const o = v as Record<string, unknown>;
    if (typeof o.originalCode === 'string' && /^[0-9A-Z]{5}$/.test(o.originalCode))
      return { code: o.originalCode, message: typeof o.originalMessage === 'string' ? o.originalMessage : '' };
    for (const next of [o.meta, o.driverAdapterError, o.cause]) {
      const found = look(next, depth + 1);
      if (found) return found;
    }
    return null;
  };
  return look(error, 0);
}

/**
 * The error when it is a data exception (SQLSTATE class 22: a value Postgres will not store, such as
 * U+0000 in text or a number out of an int's range), else null. The same input fails the same way
 * every time, so retrying it is pointless, unlike a lost connection or a deadlock.
 */
export function dataException(error: unknown): PostgresError | null {
  const found = postgresError(error);
  return found?.code.startsWith('22') ? found : null;
}
