import type { LedgerMetadata } from '@lib/event-store';
import { signaturesText, type TransactionColumn } from '../bundle/transactions-columns';

/** The columns of `transactions.csv` that restate, for a human reader, what the hashed metadata says. */
export type ReadableColumn = Exclude<
  TransactionColumn,
  'position' | 'streamId' | 'revision' | 'eventId' | 'type' | 'data' | 'metadata'
>;

/**
 * What each readable column must say, derived from the event's hashed metadata. `type` is not
 * among them: the verifier hashes the `type` column itself. `position`, `streamId`, `revision` and
 * `eventId` have no copy in the JSON; the chain checks place the event in its stream.
 */
export function readableColumns(metadata: Partial<LedgerMetadata>): Record<ReadableColumn, string> {
  const actor = metadata.actor ?? null;
  return {
    occurredAtUtc: String(metadata.occurredAt),
    recordedAtUtc: String(metadata.recordedAt),
    late: String(metadata.late),
    actorId: actor?.userId ?? '',
    actorPrintedName: actor?.printedName ?? '',
    actorRole: actor?.role ?? '',
    signatures: signaturesText(metadata.signatures ?? []),
    prevHash: String(metadata.prevHash),
    hash: String(metadata.hash),
  };
}
