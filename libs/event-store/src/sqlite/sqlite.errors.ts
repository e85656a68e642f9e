import { StoreUnavailableError } from '../errors';

/** Result codes (and their extended forms) that mean the file cannot be reached or written. */
const UNAVAILABLE = [
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_IOERR',
  'SQLITE_FULL',
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY',
  'SQLITE_NOMEM',
];

/**
 * Wraps an error that means "the store cannot be used right now" in a `StoreUnavailableError`.
 * Anything else (a constraint violation, corruption, a mistake in our SQL) is returned unchanged:
 * it is a bug, not an outage, and must not be retried as one.
 */
export function toStoreError(error: unknown): unknown {
  // Matched by code, not with `instanceof`: better-sqlite3 hands its error class to the native
  // addon once per process, so where modules are loaded more than once (jest loads them per test
  // file, each in its own realm) the errors thrown are of another copy's class, even of `Error`.
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const unavailable =
    typeof code === 'string' && UNAVAILABLE.some((prefix) => code === prefix || code.startsWith(`${prefix}_`));
  return unavailable ? new StoreUnavailableError(`SQLite event store: ${String(message)}`, error) : error;
}
