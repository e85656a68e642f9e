import { randomBytes } from 'node:crypto';
import { FakeEventStoreDB } from '../../../../test/support/esdb-fake';
import { StoreUnavailableError } from '../errors';
import type { EventStore } from '../event-store.port';
import { openEventStore } from '../open-event-store';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { takeEvents } from '../testing/take-events';
import { ids, newEvents, newStreamId } from '../testing/test-events';
import { EsdbEventStore, type EsdbSettings } from './esdb.event-store';

// The adapter with the real `@eventstore/db-client`, against the in-process protocol fake: this
// shows the adapter is right about the wire protocol as the fake implements it (see the fake's
// header for where that differs from EventStoreDB), not that it works against a real server.

/** The deadline of the outage tests: short, to keep them fast. */
const DEADLINE_MS = 500;
/** A call may overrun its deadline by this much before the test calls it a hang. */
const SLACK_MS = 500;

const newPrefix = () => `t${randomBytes(3).toString('hex')}`;

for (const { batchAppend, prefixed } of [
  { batchAppend: true, prefixed: true },
  { batchAppend: false, prefixed: false },
]) {
  const mode = `${batchAppend ? 'BatchAppend' : 'plain Append'}, ${prefixed ? 'a' : 'no'} stream prefix`;
  describe(`EsdbEventStore over the protocol fake (${mode})`, () => {
    const fake = new FakeEventStoreDB({ batchAppend });
    let connectionString: string;
    beforeAll(async () => {
      connectionString = await fake.start();
    });
    afterAll(() => fake.stop());

    describeEventStoreContract('EsdbEventStore', async () => {
      const store = EsdbEventStore.connect({ connectionString, streamPrefix: prefixed ? newPrefix() : undefined });
      return { store, cleanup: () => store.close() };
    });
  });
}

describe('EsdbEventStore', () => {
  let fakes: FakeEventStoreDB[];
  let stores: EventStore[];

  beforeEach(() => {
    fakes = [];
    stores = [];
  });
  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await Promise.all(fakes.map((fake) => fake.stop()));
  });

  async function startFake(options?: { batchAppend?: boolean }): Promise<{ fake: FakeEventStoreDB; url: string }> {
    const fake = new FakeEventStoreDB(options);
    fakes.push(fake);
    return { fake, url: await fake.start() };
  }

  function connect(connectionString: string, settings: Partial<EsdbSettings> = {}): EsdbEventStore {
    const store = EsdbEventStore.connect({ connectionString, ...settings });
    stores.push(store);
    return store;
  }

  it("is what openEventStore opens for kind 'esdb'", async () => {
    const { url } = await startFake();
    const store = openEventStore({ kind: 'esdb', connectionString: url, streamPrefix: '', deadlineMs: DEADLINE_MS });
    stores.push(store);

    expect(store).toBeInstanceOf(EsdbEventStore);
    await expect(store.ping()).resolves.toBeUndefined();
  });

  describe('positions and system events', () => {
    it('skips the system events that $all begins with, and works with positions that are sparse and far from 0', async () => {
      const store = connect((await startFake()).url);
      const [first, second] = [newStreamId(), newStreamId()];
      const [a, b] = [newEvents(3), newEvents(1)];
      await store.appendToStream(first, a, { expectedRevision: 'no_stream' });
      await store.appendToStream(second, b, { expectedRevision: 'no_stream' });

      const all = await store.readAll({ maxCount: 100 });

      expect(ids(all)).toEqual(ids([...a, ...b]));
      const positions = all.map((event) => event.position);
      for (const [index, position] of positions.entries()) {
        expect(position).toBeGreaterThan(index === 0 ? 2n ** 64n : positions[index - 1] + 1n);
      }
      expect(await store.readAll({ after: positions[1], maxCount: 1 })).toEqual([all[2]]);
      const subscription = store.subscribeToAll();
      const iterator = subscription[Symbol.asyncIterator]();
      expect(await iterator.next()).toEqual({ done: false, value: all[0] });
      await subscription.stop();
    });

    it('resumes a subscription after a saved position, also in the middle of one append', async () => {
      const store = connect((await startFake()).url);
      const streamId = newStreamId();
      const events = newEvents(3);
      await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
      const first = store.subscribeToAll();
      const [, saved] = await takeEvents(first[Symbol.asyncIterator](), 2, [streamId]);
      await first.stop();

      const later = newEvents(2);
      await store.appendToStream(streamId, later, { expectedRevision: 2 });
      const resumed = store.subscribeToAll({ after: saved.position });

      expect(ids(await takeEvents(resumed[Symbol.asyncIterator](), 3, [streamId]))).toEqual(ids([events[2], ...later]));
      await resumed.stop();
    });
  });

  describe('appends', () => {
    it('reports a retried append that the server recognises with the events already written', async () => {
      const store = connect((await startFake()).url);
      const streamId = newStreamId();
      await store.appendToStream(streamId, newEvents(1), { expectedRevision: 'no_stream' });
      const [event] = newEvents(1);

      const first = await store.appendToStream(streamId, [event], { expectedRevision: 0 });
      const retry = await store.appendToStream(streamId, [event], { expectedRevision: 0 });

      expect(retry).toEqual(first);
      expect(ids(await store.readStream(streamId))).toHaveLength(2);
    });
  });

  describe('outages', () => {
    it('reports a stopped server as unavailable within the deadline, and works again once it is back', async () => {
      const { fake, url } = await startFake();
      const store = connect(url, { deadlineMs: DEADLINE_MS });
      const streamId = newStreamId();
      await store.appendToStream(streamId, newEvents(1), { expectedRevision: 'no_stream' });
      const port = fake.port;
      await fake.stop();

      await expectUnavailableWithinDeadline(store, streamId);

      await fake.start(port);
      await expect(store.appendToStream(streamId, newEvents(1), { expectedRevision: 0 })).resolves.toMatchObject({
        nextRevision: 1,
      });
      await expect(store.ping()).resolves.toBeUndefined();
    });

    for (const batchAppend of [true, false]) {
      it(`reports a frozen server as unavailable within the deadline (${batchAppend ? 'BatchAppend' : 'plain Append'}), and works again after a restart`, async () => {
        const { fake, url } = await startFake({ batchAppend });
        const warm = connect(url, { deadlineMs: DEADLINE_MS });
        const streamId = newStreamId();
        await warm.appendToStream(streamId, newEvents(1), { expectedRevision: 'no_stream' });
        // When the server freezes, `warm` has already asked it for its features and `cold` has not.
        const cold = connect(url, { deadlineMs: DEADLINE_MS });
        fake.freeze();

        await Promise.all([
          expectUnavailableWithinDeadline(warm, streamId),
          expectUnavailableWithinDeadline(cold, streamId),
        ]);

        const port = fake.port;
        await fake.stop();
        await fake.start(port);
        await expect(warm.appendToStream(streamId, newEvents(1), { expectedRevision: 0 })).resolves.toMatchObject({
          nextRevision: 1,
        });
        await expect(cold.appendToStream(streamId, newEvents(1), { expectedRevision: 1 })).resolves.toMatchObject({
          nextRevision: 2,
        });
      });
    }

    it('keeps a subscription through a server restart, resuming after the last event it delivered', async () => {
      const { fake, url } = await startFake();
      const store = connect(url, { deadlineMs: DEADLINE_MS });
      const streamId = newStreamId();
      const before = newEvents(2);
      await store.appendToStream(streamId, before, { expectedRevision: 'no_stream' });
      const subscription = store.subscribeToAll();
      const iterator = subscription[Symbol.asyncIterator]();
      expect(ids(await takeEvents(iterator, 2, [streamId]))).toEqual(ids(before));

      const port = fake.port;
      await fake.stop();
      await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
      await fake.start(port);
      // Appended while the subscription is still waiting to reconnect: it must catch up on them.
      const afterRestart = newEvents(3);
      await store.appendToStream(streamId, afterRestart, { expectedRevision: 1 });
      expect(ids(await takeEvents(iterator, 3, [streamId]))).toEqual(ids(afterRestart));

      // The next event it delivers is the next one appended: nothing was delivered twice.
      const last = newEvents(1);
      await store.appendToStream(streamId, last, { expectedRevision: 4 });
      expect(ids(await takeEvents(iterator, 1, [streamId]))).toEqual(ids(last));
      await subscription.stop();
    });
  });

  describe('stream prefixes', () => {
    it("keep two ledgers on one server out of each other's streams, reads and $all", async () => {
      const { url } = await startFake();
      const [mine, theirs] = [connect(url, { streamPrefix: newPrefix() }), connect(url, { streamPrefix: newPrefix() })];
      const streamId = newStreamId();
      const [myMarker, myEvents, theirEvents] = [newEvents(1), newEvents(2), newEvents(600)];
      await mine.appendToStream(streamId, myMarker, { expectedRevision: 'no_stream' });
      const [marker] = await mine.readStream(streamId);
      const subscription = mine.subscribeToAll({ after: marker.position });
      // The same stream id in both ledgers: more of the other's events than one page of $all holds.
      await theirs.appendToStream(streamId, theirEvents, { expectedRevision: 'no_stream' });
      await mine.appendToStream(streamId, myEvents, { expectedRevision: 0 });

      expect(ids(await mine.readStream(streamId))).toEqual(ids([...myMarker, ...myEvents]));
      expect(ids(await theirs.readStream(streamId))).toEqual(ids(theirEvents));
      expect(ids(await mine.readAll({ after: marker.position, maxCount: 1 }))).toEqual(ids(myEvents.slice(0, 1)));
      expect(ids(await mine.readAll({ maxCount: 1000 }))).toEqual(ids([...myMarker, ...myEvents]));
      expect(ids(await theirs.readAll({ maxCount: 1000 }))).toEqual(ids(theirEvents));
      expect(ids(await takeEvents(subscription[Symbol.asyncIterator](), 2, [streamId]))).toEqual(ids(myEvents));
      await subscription.stop();
    });
  });
});

/** Every kind of call fails with `StoreUnavailableError`, each within the deadline plus some slack. */
async function expectUnavailableWithinDeadline(store: EventStore, streamId: string): Promise<void> {
  const calls: Record<string, () => Promise<unknown>> = {
    append: () => store.appendToStream(streamId, newEvents(1), { expectedRevision: 'any' }),
    readStream: () => store.readStream(streamId),
    readAll: () => store.readAll({ maxCount: 10 }),
    ping: () => store.ping(),
  };
  const outcomes = await Promise.all(
    Object.entries(calls).map(async ([name, call]) => {
      const started = Date.now();
      const outcome = await call().then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      return { name, outcome, elapsedMs: Date.now() - started };
    }),
  );
  const limitMs = DEADLINE_MS + SLACK_MS;
  expect(
    outcomes.map(({ name, outcome, elapsedMs }) => ({
      name,
      unavailable: 'error' in outcome && outcome.error instanceof StoreUnavailableError,
      overranMs: elapsedMs < limitMs ? 0 : elapsedMs,
    })),
  ).toEqual(Object.keys(calls).map((name) => ({ name, unavailable: true, overranMs: 0 })));
}
