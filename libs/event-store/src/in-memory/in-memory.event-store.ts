import { CatchUpSubscription } from '../catch-up-subscription';
import { StoreUnavailableError } from '../errors';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Subscription,
  SubscribeOptions,
} from '../event-store.port';
import { assertExpectedRevision, NO_POSITION } from '../expected-revision';
import { fromJsonEvent, JsonEvent, toJsonEvent } from '../json-event';

type StoredEvent = JsonEvent & { streamId: string; revision: number; position: bigint };

const FIRST_POSITION = 1000n;

/**
 * An event store in one process's memory, for fast tests of the code above the port. Events are
 * kept as JSON text, so nothing a caller does to its objects reaches the store, and a value JSON
 * cannot carry fails here as it would in a real store.
 */
export class InMemoryEventStore implements EventStore {
  private readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly eventIds = new Set<string>();
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private nextPosition = FIRST_POSITION;
  private closed = false;

  async appendToStream(
    streamId: string,
    events: NewEvent[],
    { expectedRevision }: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    this.assertOpen();
    const encoded = events.map(toJsonEvent);
    const stream = this.streams.get(streamId) ?? [];
    const actual = stream.length - 1;
    assertExpectedRevision(streamId, expectedRevision, actual);
    this.assertNewEventIds(encoded);
    if (encoded.length === 0) return { nextRevision: actual, position: stream.at(-1)?.position ?? NO_POSITION };

    for (const event of encoded) {
      const stored = { ...event, streamId, revision: stream.length, position: this.nextPosition };
      // Advance like a log offset (by the event's size), so nothing can count on dense positions.
      this.nextPosition += BigInt(64 + event.data.length + event.metadata.length);
      stream.push(stored);
      this.all.push(stored);
      this.eventIds.add(event.eventId);
    }
    this.streams.set(streamId, stream);
    for (const subscription of this.subscriptions) subscription.wake();
    return { nextRevision: stream.length - 1, position: this.all[this.all.length - 1].position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const { direction = 'forwards', fromRevision, maxCount } = options;
    const stream = this.streams.get(streamId) ?? [];
    const selected =
      direction === 'forwards'
        ? stream.filter((event) => event.revision >= (fromRevision ?? 0))
        : stream.filter((event) => event.revision <= (fromRevision ?? Infinity)).reverse();
    return selected.slice(0, maxCount).map(fromJsonEvent);
  }

  async readAll({ after, maxCount }: ReadAllOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    const start = after === undefined ? 0 : this.indexAfter(after);
    return this.all.slice(start, start + maxCount).map(fromJsonEvent);
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const subscription = new CatchUpSubscription(
      (page) => this.readAll(page),
      options.after,
      (stopped) => this.subscriptions.delete(stopped),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async ping(): Promise<void> {
    this.assertOpen();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError('The in-memory event store is closed');
  }

  /** Event ids are unique across the store, as the SQLite schema enforces. */
  private assertNewEventIds(events: JsonEvent[]): void {
    const appended = new Set<string>();
    for (const { eventId } of events) {
      if (this.eventIds.has(eventId) || appended.has(eventId)) throw new Error(`Event id ${eventId} is not unique`);
      appended.add(eventId);
    }
  }

  /** Index of the first event with a position greater than `position` (binary search). */
  private indexAfter(position: bigint): number {
    let low = 0;
    let high = this.all.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.all[middle].position <= position) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
