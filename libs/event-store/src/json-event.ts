import type { NewEvent, RecordedEvent } from './event-store.port';

/** An event with its data and metadata as JSON text, the way the adapters keep it. */
export interface JsonEvent {
  eventId: string;
  type: string;
  data: string;
  metadata: string;
}

/**
 * Serialises an event for storage. Throws a `TypeError` for anything JSON cannot carry, so that
 * every adapter refuses the same values (a `Date` still becomes a string, as it would on the wire).
 */
export function toJsonEvent(event: NewEvent): JsonEvent {
  return {
    eventId: event.eventId,
    type: event.type,
    data: jsonText(event.data, 'data'),
    metadata: jsonText(event.metadata, 'metadata'),
  };
}

export function fromJsonEvent(
  stored: JsonEvent & { streamId: string; revision: number; position: bigint },
): RecordedEvent {
  return {
    streamId: stored.streamId,
    revision: stored.revision,
    position: stored.position,
    eventId: stored.eventId,
    type: stored.type,
    data: JSON.parse(stored.data),
    metadata: JSON.parse(stored.metadata),
  };
}

function jsonText(value: unknown, field: string): string {
  const text: string | undefined = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`Event ${field} is not JSON-serialisable`);
  return text;
}
