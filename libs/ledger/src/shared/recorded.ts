import type { DomainEvent } from './decider';

/** The parts of an event's envelope that reports and read models rely on. */
export interface RecordedMetadata {
  occurredAt: string;
  recordedAt: string;
  registrantId: string | null;
  actor: { userId: string; printedName: string; role: string } | null;
  signatures: { userId: string; printedName: string; meaning: string; signedAt: string; payloadHash: string }[];
  late: boolean;
}

/** A domain event as the store recorded it: where (stream, revision, global position) and when. */
export type Recorded<Event extends DomainEvent = DomainEvent> = Event & {
  streamId: string;
  revision: number;
  position: bigint;
  eventId: string;
  metadata: RecordedMetadata;
};
