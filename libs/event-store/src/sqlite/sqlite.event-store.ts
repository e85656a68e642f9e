import type Database from 'better-sqlite3';
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
import { assertExpectedRevision, NO_POSITION, NO_STREAM_REVISION } from '../expected-revision';
import { fromJsonEvent, JsonEvent, toJsonEvent } from '../json-event';
import { GroupCommit, Outcome } from './group-commit';
import { Durability, openDurableConnection, readDurability } from './sqlite.connection';
import { toStoreError } from './sqlite.errors';
import { EventRow, prepareStatements } from './sqlite.statements';

export interface SqliteEventStoreOptions {
  /**
   * How long a commit waits for another connection's write lock before the store counts as
   * unavailable. better-sqlite3 waits synchronously, so this blocks the event loop. Default 5,000.
   */
  busyTimeoutMs?: number;
  /** How often live subscriptions look for events committed by other connections. Default 250. */
  pollIntervalMs?: number;
}

interface PendingAppend {
  streamId: string;
  events: JsonEvent[];
  expectedRevision: ExpectedRevision;
}

const NO_LIMIT = -1;

const toRecordedEvent = (row: EventRow): RecordedEvent => fromJsonEvent({ ...row, position: BigInt(row.position) });

/** The embedded event store: one SQLite file, written durably and with group commit. */
export class SqliteEventStore implements EventStore {
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly commitBatch: Database.Transaction<(batch: PendingAppend[]) => Outcome<AppendResult>[]>;
  private readonly groupCommit = new GroupCommit((batch: PendingAppend[]) => this.flush(batch));
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private poll?: NodeJS.Timeout;
  private commits = 0;
  private appends = 0;

  /** Opens (and if need be creates) the store in `file`. */
  static open(file: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
    const db = openDurableConnection(file, options.busyTimeoutMs ?? 5000);
    return new SqliteEventStore(db, options.pollIntervalMs ?? 250);
  }

  private constructor(
    private readonly db: Database.Database,
    private readonly pollIntervalMs: number,
  ) {
    this.statements = prepareStatements(db);
    // A nested better-sqlite3 transaction runs in a SAVEPOINT: an append that fails rolls back
    // alone and the rest of the batch still commits.
    const appendInSavepoint = db.transaction((append: PendingAppend) => this.write(append));
    this.commitBatch = db.transaction((batch: PendingAppend[]) =>
      batch.map((append): Outcome<AppendResult> => {
        try {
          return { value: appendInSavepoint(append) };
        } catch (error) {
          const storeError = toStoreError(error);
          // Some errors (I/O, a full disk) make SQLite roll back the whole transaction: fail the batch.
          if (storeError instanceof StoreUnavailableError || !db.inTransaction) throw storeError;
          return { error: storeError };
        }
      }),
    );
  }

  async appendToStream(
    streamId: string,
    events: NewEvent[],
    { expectedRevision }: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    this.assertOpen();
    return this.groupCommit.submit({ streamId, events: events.map(toJsonEvent), expectedRevision });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { direction = 'forwards', fromRevision, maxCount = NO_LIMIT } = options;
    const rows = this.guard(() =>
      direction === 'forwards'
        ? this.statements.readForwards.all(streamId, fromRevision ?? 0, maxCount)
        : this.statements.readBackwards.all(streamId, fromRevision ?? Number.MAX_SAFE_INTEGER, maxCount),
    );
    return rows.map(toRecordedEvent);
  }

  async readAll({ after = NO_POSITION, maxCount }: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.guard(() => this.statements.readAll.all(after, maxCount)).map(toRecordedEvent);
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const subscription = new CatchUpSubscription(
      (page) => this.readAll(page),
      options.after,
      (stopped) => this.unsubscribe(stopped),
    );
    this.subscriptions.add(subscription);
    // In-process commits wake subscribers at once; polling catches other processes' commits.
    this.poll ??= setInterval(() => this.wakeSubscriptions(), this.pollIntervalMs);
    return subscription;
  }

  async ping(): Promise<void> {
    this.guard(() => this.statements.ping.get());
  }

  /** Stops every subscription, commits the appends still queued, and closes the file. */
  async close(): Promise<void> {
    if (!this.db.open) return;
    this.groupCommit.flush();
    this.db.close();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
  }

  /** The durability settings of the live connection. */
  durability(): Durability {
    return this.guard(() => readDurability(this.db));
  }

  /** Transactions committed, and appends settled by them (including those refused for their revision). */
  stats(): { commits: number; appends: number } {
    return { commits: this.commits, appends: this.appends };
  }

  private flush(batch: PendingAppend[]): Outcome<AppendResult>[] {
    const outcomes = this.guard(() => this.commitBatch.immediate(batch));
    this.commits += 1;
    this.appends += batch.length;
    this.wakeSubscriptions();
    return outcomes;
  }

  private write({ streamId, events, expectedRevision }: PendingAppend): AppendResult {
    const stream = this.statements.findStream.get(streamId);
    const actual = stream?.revision ?? NO_STREAM_REVISION;
    assertExpectedRevision(streamId, expectedRevision, actual);
    if (events.length === 0) {
      const position = stream ? BigInt(this.statements.positionOf.get(stream.id, actual)!) : NO_POSITION;
      return { nextRevision: actual, position };
    }
    const nextRevision = actual + events.length;
    const { id } = this.statements.saveStream.get(streamId, nextRevision)!;
    let position = NO_POSITION;
    for (const [index, event] of events.entries()) {
      const { lastInsertRowid } = this.statements.insertEvent.run(
        id,
        actual + 1 + index,
        event.eventId,
        event.type,
        event.data,
        event.metadata,
      );
      position = BigInt(lastInsertRowid);
    }
    return { nextRevision, position };
  }

  private wakeSubscriptions(): void {
    for (const subscription of this.subscriptions) subscription.wake();
  }

  private unsubscribe(subscription: CatchUpSubscription): void {
    this.subscriptions.delete(subscription);
    if (this.subscriptions.size === 0) {
      clearInterval(this.poll);
      this.poll = undefined;
    }
  }

  private assertOpen(): void {
    if (!this.db.open) throw new StoreUnavailableError('The SQLite event store is closed');
  }

  /** Runs a statement, reporting a closed or unreachable file as `StoreUnavailableError`. */
  private guard<T>(operation: () => T): T {
    this.assertOpen();
    try {
      return operation();
    } catch (error) {
      throw toStoreError(error);
    }
  }
}
