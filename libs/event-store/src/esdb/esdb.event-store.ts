import {
  ANY,
  BACKWARDS,
  CancelledError,
  convertToCommandError,
  DeadlineExceededError,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  NO_STREAM,
  NotLeaderError,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  streamNameFilter,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
  type EventData,
  type JSONType,
  type RecordedEvent as EsdbRecordedEvent,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { StoreUnavailableError, WrongExpectedRevisionError } from '../errors';
import type {
  AppendResult,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { assertExpectedRevision, NO_POSITION, NO_STREAM_REVISION } from '../expected-revision';
import { toJsonEvent } from '../json-event';
import { withinDeadline } from './deadline';
import { toEsdbPosition, toPortPosition } from './esdb-position';
import { ReconnectingSubscription, type SubscriptionSource } from './reconnecting-subscription';
import { StreamNames } from './stream-names';

export interface EsdbSettings {
  /** e.g. `esdb://127.0.0.1:2113?tls=false` or `esdb+discover://node1:2113,node2:2113` */
  connectionString: string;
  /** Keeps this ledger's streams apart on a shared server: they are stored as `<prefix>.<streamId>`. */
  streamPrefix?: string;
  /** How long any call may take before the store counts as unavailable. Default 3,000. */
  deadlineMs?: number;
}

const DEFAULT_DEADLINE_MS = 3000;
/** Events of `$all` fetched per round trip while looking for the ledger's own. */
const READ_ALL_PAGE_SIZE = 500;
const RESUBSCRIBE = { initialDelayMs: 100, maxDelayMs: 5000 };

/**
 * The event store on EventStoreDB, through `@eventstore/db-client` (the only code that imports it).
 * Every call has a deadline; an unreachable, frozen or timing-out server is reported as
 * `StoreUnavailableError`, a conflict as `WrongExpectedRevisionError`.
 */
export class EsdbEventStore implements EventStore {
  private readonly subscriptions = new Set<ReconnectingSubscription>();
  private closed = false;

  /** Creates the store; the client connects on its first call. */
  static connect({ connectionString, streamPrefix, deadlineMs = DEFAULT_DEADLINE_MS }: EsdbSettings): EsdbEventStore {
    return new EsdbEventStore(
      EventStoreDBClient.connectionString(connectionString),
      new StreamNames(streamPrefix),
      deadlineMs,
    );
  }

  private constructor(
    private readonly client: EventStoreDBClient,
    private readonly names: StreamNames,
    private readonly deadlineMs: number,
  ) {}

  async appendToStream(
    streamId: string,
    events: NewEvent[],
    { expectedRevision }: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    this.assertOpen();
    const proposed = events.map(toEventData);
    if (proposed.length === 0) return this.checkExpectation(streamId, expectedRevision);
    try {
      const { nextExpectedRevision, position } = await this.call(
        'an append',
        this.client.appendToStream(this.names.toServer(streamId), proposed, {
          expectedRevision: toClientExpectation(expectedRevision),
          deadline: this.deadlineMs,
        }),
      );
      const nextRevision = Number(nextExpectedRevision);
      // The reply carries one log position as both commit and prepare. For one event that is its
      // position; for several it need not be the last one's (it is not when they share a commit
      // position), and a retry the server recognised may carry none: then the last event is read back.
      if (proposed.length === 1 && position) return { nextRevision, position: toPortPosition(position) };
      const [last] = await this.readStream(streamId, { fromRevision: nextRevision, maxCount: 1 });
      return { nextRevision, position: last.position };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      const actual = error.actualVersion === NO_STREAM ? NO_STREAM_REVISION : Number(error.actualVersion);
      throw new WrongExpectedRevisionError(streamId, expectedRevision, actual);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const { direction = 'forwards', fromRevision, maxCount } = options;
    const read = this.client.readStream(this.names.toServer(streamId), {
      direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
      fromRevision: fromRevision !== undefined ? BigInt(fromRevision) : direction === 'forwards' ? START : END,
      maxCount,
      deadline: this.deadlineMs,
    });
    try {
      const events = await this.call('a stream read', collect(read), () => abandon(read));
      return events.map((event) => toRecordedEvent(event, streamId));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }

  async readAll({ after = NO_POSITION, maxCount }: ReadAllOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    const ours: RecordedEvent[] = [];
    // 6.2.1 cannot filter a read of $all: page through it, keeping the ledger's events.
    let cursor = after;
    while (ours.length < maxCount) {
      const page = await this.readAllPage(cursor);
      for (const event of page) {
        const position = toPortPosition(event.position!);
        // A read includes the event at its start position, which the previous page ended with.
        if (position <= cursor) continue;
        cursor = position;
        const own = this.ownEvent(event);
        if (own) ours.push(own);
        if (ours.length === maxCount) break;
      }
      if (page.length < READ_ALL_PAGE_SIZE) break;
    }
    return ours;
  }

  subscribeToAll({ after }: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const subscription = new ReconnectingSubscription(
      {
        ...RESUBSCRIBE,
        open: (from, connected) => this.openSubscription(from, connected),
        isConnectionLoss: (error) => toStoreError(error) instanceof StoreUnavailableError,
      },
      after,
      (stopped) => this.subscriptions.delete(stopped),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async ping(): Promise<void> {
    this.assertOpen();
    const read = this.client.readAll({
      direction: BACKWARDS,
      fromPosition: END,
      maxCount: 1,
      deadline: this.deadlineMs,
    });
    await this.call('a ping', collect(read), () => abandon(read));
  }

  /** Ends every subscription and releases the client's calls; every later call fails as unavailable. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  /** An append of no events writes nothing: it only checks the expectation against the stream's end. */
  private async checkExpectation(streamId: string, expected: ExpectedRevision): Promise<AppendResult> {
    const [last] = await this.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    const nextRevision = last?.revision ?? NO_STREAM_REVISION;
    assertExpectedRevision(streamId, expected, nextRevision);
    return { nextRevision, position: last?.position ?? NO_POSITION };
  }

  /** Up to a page of `$all` (system events included) from `after`, inclusive; from the start before any position. */
  private async readAllPage(after: bigint): Promise<EsdbRecordedEvent[]> {
    const read = this.client.readAll({
      direction: FORWARDS,
      fromPosition: after < 0n ? START : toEsdbPosition(after),
      maxCount: READ_ALL_PAGE_SIZE,
      deadline: this.deadlineMs,
    });
    return this.call('a read of $all', collect(read), () => abandon(read));
  }

  /** One connection's subscription to the ledger's events in `$all`, after `after` (exclusive). */
  private openSubscription(after: bigint | undefined, connected: () => void): SubscriptionSource {
    const prefix = this.names.serverPrefix;
    const subscription = this.client.subscribeToAll({
      fromPosition: after === undefined || after < 0n ? START : toEsdbPosition(after),
      filter: prefix ? streamNameFilter({ prefixes: [prefix] }) : excludeSystemEvents(),
    });
    subscription.once('confirmation', connected);
    const ownEvent = (event: EsdbRecordedEvent | undefined) => this.ownEvent(event);
    return {
      async *[Symbol.asyncIterator]() {
        for await (const { event } of subscription) {
          const own = ownEvent(event);
          if (own) yield own;
        }
      },
      close: async () => {
        await subscription.unsubscribe();
        subscription.destroy();
      },
    };
  }

  /** The event as the port's, or undefined if it is not the ledger's (a system event, or another ledger's). */
  private ownEvent(event: EsdbRecordedEvent | undefined): RecordedEvent | undefined {
    const streamId = event && this.names.fromServer(event.streamId, event.type);
    return event && streamId !== undefined ? toRecordedEvent(event, streamId) : undefined;
  }

  /** Runs one client call within the deadline, reporting an unreachable or silent server as unavailable. */
  private async call<T>(what: string, work: Promise<T>, abandonWork?: () => void): Promise<T> {
    try {
      return await withinDeadline(work, this.deadlineMs, what, abandonWork);
    } catch (error) {
      throw this.closed
        ? new StoreUnavailableError('The EventStoreDB event store is closed', error)
        : toStoreError(error);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError('The EventStoreDB event store is closed');
  }
}

/**
 * Wraps an error that means "the server cannot be used right now" in a `StoreUnavailableError`: it
 * is unreachable or the connection dropped (UNAVAILABLE, or CANCELLED by the server), it did not
 * answer in time, or the node is no longer the leader (the client reconnects to the new one, so a
 * retry can succeed). Anything else is returned unchanged.
 */
function toStoreError(error: unknown): unknown {
  if (error instanceof StoreUnavailableError || !(error instanceof Error)) return error;
  // The first call on a channel (the server-features query) rejects with the raw gRPC error.
  const converted = convertToCommandError(error);
  const unavailable = [UnavailableError, CancelledError, DeadlineExceededError, TimeoutError, NotLeaderError].some(
    (type) => converted instanceof type,
  );
  return unavailable ? new StoreUnavailableError(`EventStoreDB is unavailable: ${error.message}`, error) : converted;
}

function toClientExpectation(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      return BigInt(expected);
  }
}

/**
 * The event as the client sends it: JSON, with the caller's (deterministic) event id. Data and
 * metadata are serialised now, and sent as copies, so nothing a caller does to its objects after
 * the call reaches the server; a value JSON cannot carry fails here as it does in every adapter.
 */
function toEventData(event: NewEvent): EventData {
  const json = toJsonEvent(event);
  return {
    id: json.eventId,
    type: json.type,
    contentType: 'application/json',
    data: JSON.parse(json.data) as JSONType,
    metadata: JSON.parse(json.metadata) as JSONType,
  };
}

function toRecordedEvent(event: EsdbRecordedEvent, streamId: string): RecordedEvent {
  return {
    streamId,
    revision: Number(event.revision),
    position: toPortPosition(event.position!),
    eventId: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata as EventMetadata,
  };
}

async function collect(read: AsyncIterable<ResolvedEvent>): Promise<EsdbRecordedEvent[]> {
  const events: EsdbRecordedEvent[] = [];
  for await (const { event } of read) if (event) events.push(event);
  return events;
}

/** Lets go of a read that ran out of time: cancels its call and ends its iteration. */
function abandon(read: { cancel(): Promise<void>; destroy(): void }): void {
  void read.cancel();
  read.destroy();
}
