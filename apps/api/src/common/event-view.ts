import type { LedgerMetadata, RecordedEvent } from '@lib/event-store';

/** What the system records on its own behalf (flags, escalations) has no person behind it. */
const SYSTEM = { userId: 'system', printedName: 'System', role: 'SYSTEM' };

/** One recorded event as an auditor reads it: when, by whom, every signature manifestation, and its data. */
export function toEventView(event: RecordedEvent) {
  const metadata = event.metadata as unknown as LedgerMetadata;
  return {
    eventId: event.eventId,
    type: event.type,
    revision: event.revision,
    occurredAt: metadata.occurredAt,
    recordedAt: metadata.recordedAt,
    late: metadata.late,
    actor: metadata.actor ?? SYSTEM,
    signatures: metadata.signatures,
    data: event.data,
  };
}
