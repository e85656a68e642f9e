import Database from 'better-sqlite3';
import { StoreUnavailableError, WrongExpectedRevisionError } from '../errors';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { takeEvents } from '../testing/take-events';
import { ids, newEvent, newEvents, newStreamId } from '../testing/test-events';
import { readDurability } from './sqlite.connection';
import { SqliteEventStore, SqliteEventStoreOptions } from './sqlite.event-store';
import { tempDatabase } from './testing/temp-database';

describeEventStoreContract('SqliteEventStore', async () => {
  const { file, remove } = tempDatabase();
  const store = SqliteEventStore.open(file);
  return {
    store,
    cleanup: async () => {
      await store.close();
      await remove();
    },
  };
});

describe('SqliteEventStore', () => {
  let temp: ReturnType<typeof tempDatabase>;
  let stores: SqliteEventStore[];
  let connections: Database.Database[];

  beforeEach(() => {
    temp = tempDatabase();
    stores = [];
    connections = [];
  });
  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()));
    for (const connection of connections) connection.close();
    await temp.remove();
  });

  const open = (options?: SqliteEventStoreOptions): SqliteEventStore => {
    const store = SqliteEventStore.open(temp.file, options);
    stores.push(store);
    return store;
  };
  /** A connection that goes around the adapter, with SQLite's defaults. */
  const rawConnection = (): Database.Database => {
    const connection = new Database(temp.file);
    connections.push(connection);
    return connection;
  };

  describe('durability', () => {
    it('sets WAL and synchronous=FULL on every connection, where a reopened WAL file defaults to NORMAL', async () => {
      const streamId = newStreamId();
      const events = newEvents(3);
      const first = open();
      expect(first.durability()).toEqual({ journalMode: 'wal', synchronous: 2 });
      await first.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
      await first.close();

      expect(readDurability(rawConnection())).toEqual({ journalMode: 'wal', synchronous: 1 });

      const reopened = open();
      expect(reopened.durability()).toEqual({ journalMode: 'wal', synchronous: 2 });
      expect(ids(await reopened.readStream(streamId))).toEqual(ids(events));
    });

    it('refuses a database that cannot run in WAL mode', () => {
      expect(() => SqliteEventStore.open(':memory:')).toThrow('journal_mode=memory');
    });

    it('reports a file it cannot open as unavailable', () => {
      expect(() => SqliteEventStore.open(temp.dir)).toThrow(StoreUnavailableError);
    });

    it('reports a write lock held past the busy timeout as unavailable, writing nothing', async () => {
      const streamId = newStreamId();
      const store = open({ busyTimeoutMs: 50 });
      const locker = rawConnection();
      locker.exec('BEGIN IMMEDIATE');

      const refused = store.appendToStream(streamId, newEvents(1), { expectedRevision: 'no_stream' });
      await expect(refused).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(refused).rejects.toMatchObject({ cause: { code: 'SQLITE_BUSY' } });

      locker.exec('ROLLBACK');
      await expect(
        store.appendToStream(streamId, newEvents(1), { expectedRevision: 'no_stream' }),
      ).resolves.toMatchObject({ nextRevision: 0 });
    });
  });

  describe('group commit', () => {
    it('commits the appends of one event-loop turn together, and an awaited append on its own', async () => {
      const store = open();

      await Promise.all(
        Array.from({ length: 200 }, () =>
          store.appendToStream(newStreamId(), newEvents(1), { expectedRevision: 'no_stream' }),
        ),
      );
      expect(store.stats()).toEqual({ commits: 1, appends: 200 });

      const streamId = newStreamId();
      for (let revision = 0; revision < 5; revision += 1) {
        await store.appendToStream(streamId, newEvents(1), { expectedRevision: revision - 1 });
      }
      expect(store.stats()).toEqual({ commits: 6, appends: 205 });
    });

    it('rolls back only the appends of a batch that fail, and commits the rest', async () => {
      const store = open();
      const [taken, conflicted, kept, other] = [newStreamId(), newStreamId(), newStreamId(), newStreamId()];
      const existing = newEvent();
      await store.appendToStream(taken, [existing], { expectedRevision: 'no_stream' });
      const before = store.stats();

      const [conflict, reusedId, first, second] = await Promise.allSettled([
        store.appendToStream(conflicted, newEvents(2), { expectedRevision: 3 }),
        store.appendToStream(kept, [newEvent(), { ...newEvent(), eventId: existing.eventId }], {
          expectedRevision: 'no_stream',
        }),
        store.appendToStream(other, newEvents(2), { expectedRevision: 'no_stream' }),
        store.appendToStream(other, newEvents(1), { expectedRevision: 'no_stream' }),
      ]);

      expect(store.stats()).toEqual({ commits: before.commits + 1, appends: before.appends + 4 });
      expect(conflict).toMatchObject({ status: 'rejected', reason: expect.any(WrongExpectedRevisionError) });
      // A reused event id is a bug in the caller, not an outage: the SQLite error itself.
      expect(reusedId).toMatchObject({ status: 'rejected', reason: { code: 'SQLITE_CONSTRAINT_UNIQUE' } });
      expect(first).toMatchObject({ status: 'fulfilled', value: { nextRevision: 1 } });
      expect(second).toMatchObject({
        status: 'rejected',
        reason: { streamId: other, expected: 'no_stream', actual: 1 },
      });
      expect(await store.readStream(conflicted)).toEqual([]);
      expect(await store.readStream(kept)).toEqual([]);
      expect(await store.readStream(other)).toHaveLength(2);
    });
  });

  describe('schema', () => {
    it('enforces one event per stream revision and unique event ids, even around the adapter', async () => {
      const streamId = newStreamId();
      const [event] = newEvents(1);
      await open().appendToStream(streamId, [event], { expectedRevision: 'no_stream' });
      const raw = rawConnection();
      const stream = raw.prepare('SELECT stream FROM events WHERE event_id = ?').pluck().get(event.eventId);
      const insert = raw.prepare(
        `INSERT INTO events (stream, revision, event_id, type, data, metadata)
         VALUES (?, ?, ?, 'Forged', '{}', '{}')`,
      );

      expect(() => insert.run(stream, 0, newEvent().eventId)).toThrow(
        'UNIQUE constraint failed: events.stream, events.revision',
      );
      expect(() => insert.run(stream, 1, event.eventId)).toThrow('UNIQUE constraint failed: events.event_id');
    });

    it('refuses to change or delete a recorded event', async () => {
      const streamId = newStreamId();
      await open().appendToStream(streamId, newEvents(1), { expectedRevision: 'no_stream' });
      const raw = rawConnection();

      expect(() => raw.exec(`UPDATE events SET data = '{"n":1}'`)).toThrow('events are immutable');
      expect(() => raw.exec('DELETE FROM events')).toThrow('events are immutable');
    });
  });

  describe('subscriptions', () => {
    it('deliver what another connection to the same file commits', async () => {
      const streamId = newStreamId();
      const reader = open({ pollIntervalMs: 20 });
      const writer = open();
      const iterator = reader.subscribeToAll()[Symbol.asyncIterator]();
      const [first, ...rest] = newEvents(3);

      await writer.appendToStream(streamId, [first], { expectedRevision: 'no_stream' });
      expect(ids(await takeEvents(iterator, 1, [streamId]))).toEqual(ids([first]));

      // The reader is now live and waiting: only its polling can tell it about the writer's commit.
      const live = takeEvents(iterator, 2, [streamId]);
      await writer.appendToStream(streamId, rest, { expectedRevision: 0 });
      expect(ids(await live)).toEqual(ids(rest));
    });
  });
});
