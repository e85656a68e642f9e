import { WrongExpectedRevisionError } from './errors';
import type { ExpectedRevision } from './event-store.port';

/** The revision of the last event of a stream that has none. */
export const NO_STREAM_REVISION = -1;
/** The position reported for that absent event, and the `after` that reads from the very start. */
export const NO_POSITION = -1n;

/**
 * Throws `WrongExpectedRevisionError` unless a stream whose last event has revision `actual`
 * (`NO_STREAM_REVISION` when it has none) is in the state the writer expects.
 */
export function assertExpectedRevision(streamId: string, expected: ExpectedRevision, actual: number): void {
  const exists = actual !== NO_STREAM_REVISION;
  const satisfied =
    expected === 'any' ||
    (expected === 'no_stream' && !exists) ||
    (expected === 'stream_exists' && exists) ||
    expected === actual;
  if (!satisfied) throw new WrongExpectedRevisionError(streamId, expected, actual);
}
