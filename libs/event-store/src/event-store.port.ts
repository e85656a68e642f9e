/**
 * The event-store port: the only way the application touches its system of record.
 *
 * Streams are named `<category>-<id>` (no dash inside the category). Stream revisions start at 0
 * and are dense per stream. Global positions are opaque, strictly increasing within one store, and
 * may be large and sparse (EventStoreDB commit positions): never assume position + 1 exists.
 */

/** What the writer expects the stream to look like before its events are appended. */
export type ExpectedRevision =
  | 'no_stream' // the stream must not exist
  | 'stream_exists' // the stream must have at least one event
  | 'any' // no check (never used for ledger writes)
  | number; // the revision of the stream's last event must be exactly this

/** JSON-serialisable metadata; the ledger's envelope lives here (see `envelope.ts`). */
export type EventMetadata = Record<string, unknown>;

/** An event to append. Its id is chosen by the writer so that a retried append can be detected. */
export interface NewEvent {
  eventId: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
}

/** An event as stored. */
export interface RecordedEvent extends NewEvent {
  streamId: string;
  revision: number;
  position: bigint;
}

export interface AppendResult {
  /** Revision of the last event appended. */
  nextRevision: number;
  /** Global position of the last event appended. */
  position: bigint;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive starting revision (forwards: lowest, backwards: highest). Defaults to start/end. */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: only events with a position greater than this are returned. */
  after?: bigint;
  maxCount: number;
}

export interface SubscribeOptions {
  /** Exclusive: the subscription starts with the first event after this position. */
  after?: bigint;
}

/**
 * A catch-up subscription to every event in global order: it first delivers what is stored
 * after `after`, then goes on delivering new events as they are committed, until `stop()`.
 */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  stop(): Promise<void>;
}

export interface EventStore {
  /**
   * Appends atomically, or not at all. Throws `WrongExpectedRevisionError` when the stream is not
   * in the expected state and `StoreUnavailableError` when the store cannot be reached in time.
   */
  appendToStream(
    streamId: string,
    events: NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult>;

  /** Reads one stream. A stream that does not exist reads as an empty array. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /** Reads every stream in global order. */
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;

  subscribeToAll(options?: SubscribeOptions): Subscription;

  /** Resolves when the store answers, rejects with `StoreUnavailableError` otherwise. */
  ping(): Promise<void>;

  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');
