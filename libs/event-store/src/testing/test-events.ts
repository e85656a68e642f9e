import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../event-store.port';

/** A stream name no other test uses. */
export function newStreamId(category = 'test'): string {
  return `${category}-${randomUUID()}`;
}

export function newEvent(data: unknown = { n: 0 }): NewEvent {
  return { eventId: randomUUID(), type: 'Tested', data, metadata: { correlationId: randomUUID() } };
}

export function newEvents(count: number): NewEvent[] {
  return Array.from({ length: count }, (_, n) => newEvent({ n }));
}

export function ids(events: { eventId: string }[]): string[] {
  return events.map((event) => event.eventId);
}
