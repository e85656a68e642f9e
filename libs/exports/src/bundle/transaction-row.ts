import { canonicalJson, type LedgerMetadata, type RecordedEvent } from '@lib/event-store';
import { signaturesText } from './transactions-columns';

/** One row of `transactions.csv` (columns in TRANSACTION_COLUMNS): the readable view, then the hashed content. */
export function transactionRow(event: RecordedEvent): string[] {
  const m = event.metadata as unknown as LedgerMetadata;
  return [
    event.position.toString(),
    event.streamId,
    String(event.revision),
    event.eventId,
    event.type,
    m.occurredAt,
    m.recordedAt,
    String(m.late === true),
    m.actor?.userId ?? '',
    m.actor?.printedName ?? '',
    m.actor?.role ?? '',
    signaturesText(m.signatures ?? []),
    m.prevHash,
    m.hash,
    canonicalJson(event.data),
    canonicalJson(event.metadata),
  ];
}
