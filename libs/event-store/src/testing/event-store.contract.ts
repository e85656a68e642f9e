import { randomUUID } from 'node:crypto';
import { StoreUnavailableError, WrongExpectedRevisionError } from '../errors';
import type { EventStore, ExpectedRevision, NewEvent, RecordedEvent } from '../event-store.port';
import { takeEvents } from './take-events';
import { ids, newEvent, newEvents, newStreamId } from './test-events';

export type EventStoreFactory = () => Promise<{ store: EventStore; cleanup: () => Promise<void> }>;

/**
 * Every promise of the `EventStore` port, run against one adapter. Written so that it also holds
 * on a shared, long-lived store: each test writes to streams of its own, never assumes positions
 * are dense or start anywhere, and looks only at its own events in `$all`.
 */
export function describeEventStoreContract(name: string, factory: EventStoreFactory): void {
  describe(`${name} honours the EventStore contract`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });
    afterEach(() => cleanup());

    /** Appends `count` new events to a new stream and returns them as stored. */
    async function seed(count: number): Promise<{ streamId: string; events: RecordedEvent[] }> {
      const streamId = newStreamId('contract');
      await store.appendToStream(streamId, newEvents(count), { expectedRevision: 'no_stream' });
      return { streamId, events: await store.readStream(streamId) };
    }

    describe('appendToStream', () => {
      it("creates a stream with 'no_stream', numbering its events from revision 0", async () => {
        const streamId = newStreamId('contract');
        const events = newEvents(3);

        const result = await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });

        expect(result.nextRevision).toBe(2);
        const stored = await store.readStream(streamId);
        expect(stored.map(({ revision, eventId }) => ({ revision, eventId }))).toEqual(
          events.map(({ eventId }, revision) => ({ revision, eventId })),
        );
      });

      it("refuses 'no_stream' once the stream exists", async () => {
        const { streamId } = await seed(2);
        await expectWrongExpectedRevision(
          store.appendToStream(streamId, newEvents(1), { expectedRevision: 'no_stream' }),
          { streamId, expected: 'no_stream', actual: 1 },
        );
      });

      it("appends with 'stream_exists' only to a stream that has events", async () => {
        const { streamId } = await seed(1);
        const missing = newStreamId('contract');

        await expect(
          store.appendToStream(streamId, newEvents(1), { expectedRevision: 'stream_exists' }),
        ).resolves.toMatchObject({ nextRevision: 1 });
        await expectWrongExpectedRevision(
          store.appendToStream(missing, newEvents(1), { expectedRevision: 'stream_exists' }),
          { streamId: missing, expected: 'stream_exists', actual: -1 },
        );
        expect(await store.readStream(missing)).toEqual([]);
      });

      it("appends with 'any' whether or not the stream exists", async () => {
        const streamId = newStreamId('contract');
        await expect(store.appendToStream(streamId, newEvents(2), { expectedRevision: 'any' })).resolves.toMatchObject({
          nextRevision: 1,
        });
        await expect(store.appendToStream(streamId, newEvents(1), { expectedRevision: 'any' })).resolves.toMatchObject({
          nextRevision: 2,
        });
      });

      it("appends with an exact revision only when it is the revision of the stream's last event", async () => {
        const { streamId } = await seed(2);
        const missing = newStreamId('contract');

        for (const expected of [0, 2]) {
          await expectWrongExpectedRevision(
            store.appendToStream(streamId, newEvents(1), { expectedRevision: expected }),
            { streamId, expected, actual: 1 },
          );
        }
        await expectWrongExpectedRevision(store.appendToStream(missing, newEvents(1), { expectedRevision: 0 }), {
          streamId: missing,
          expected: 0,
          actual: -1,
        });
        await expect(store.appendToStream(streamId, newEvents(1), { expectedRevision: 1 })).resolves.toMatchObject({
          nextRevision: 2,
        });
      });

      it('writes none of the events of a refused append', async () => {
        const { streamId, events: before } = await seed(1);

        await expect(
          store.appendToStream(streamId, newEvents(3), { expectedRevision: 'no_stream' }),
        ).rejects.toBeInstanceOf(WrongExpectedRevisionError);

        expect(await store.readStream(streamId)).toEqual(before);
        const after = await store.readAll({ after: before[0].position, maxCount: 100 });
        expect(after.filter((event) => event.streamId === streamId)).toEqual([]);
      });

      it('reports the revision and the global position of the last event it appended', async () => {
        const streamId = newStreamId('contract');

        const first = await store.appendToStream(streamId, newEvents(3), { expectedRevision: 'no_stream' });
        const second = await store.appendToStream(streamId, newEvents(1), { expectedRevision: 2 });

        const stored = await store.readStream(streamId);
        expect(first).toEqual({ nextRevision: 2, position: stored[2].position });
        expect(second).toEqual({ nextRevision: 3, position: stored[3].position });
      });

      it('checks the expectation of an append of no events, and writes nothing', async () => {
        const { streamId, events } = await seed(2);
        const missing = newStreamId('contract');

        await expect(store.appendToStream(missing, [], { expectedRevision: 'no_stream' })).resolves.toEqual({
          nextRevision: -1,
          position: -1n,
        });
        await expect(store.appendToStream(streamId, [], { expectedRevision: 1 })).resolves.toEqual({
          nextRevision: 1,
          position: events[1].position,
        });
        await expectWrongExpectedRevision(store.appendToStream(streamId, [], { expectedRevision: 'no_stream' }), {
          streamId,
          expected: 'no_stream',
          actual: 1,
        });
        expect(await store.readStream(streamId)).toEqual(events);
        expect(await store.readStream(missing)).toEqual([]);
      });

      it('lets exactly one of 50 concurrent appends expecting the same revision succeed', async () => {
        const { streamId } = await seed(1);
        const attempts = Array.from({ length: 50 }, () => newEvents(1));

        const outcomes = await Promise.allSettled(
          attempts.map((events) => store.appendToStream(streamId, events, { expectedRevision: 0 })),
        );

        const winners = outcomes.flatMap((outcome, index) => (outcome.status === 'fulfilled' ? [index] : []));
        expect(winners).toHaveLength(1);
        const losers = outcomes.filter((outcome) => outcome.status === 'rejected');
        expect(losers).toHaveLength(49);
        for (const loser of losers) {
          expect(loser.reason).toBeInstanceOf(WrongExpectedRevisionError);
          expect(loser.reason).toMatchObject({ streamId, expected: 0, actual: 1 });
        }
        const stored = await store.readStream(streamId);
        expect(stored.map((event) => event.eventId)).toEqual([stored[0].eventId, attempts[winners[0]][0].eventId]);
      });

      it('commits 200 concurrent appends to different streams', async () => {
        const appends = Array.from({ length: 200 }, () => ({
          streamId: newStreamId('contract'),
          events: newEvents(1),
        }));

        const results = await Promise.all(
          appends.map(({ streamId, events }) =>
            store.appendToStream(streamId, events, { expectedRevision: 'no_stream' }),
          ),
        );

        expect(results.map((result) => result.nextRevision)).toEqual(appends.map(() => 0));
        expect(new Set(results.map((result) => result.position)).size).toBe(200);
        for (const { streamId, events } of appends) {
          expect((await store.readStream(streamId)).map((event) => event.eventId)).toEqual([events[0].eventId]);
        }
      });
    });

    describe('readStream', () => {
      it('reads forwards by default: every event, in revision order, as it was appended', async () => {
        const streamId = newStreamId('contract');
        const events = newEvents(3);
        const { position } = await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });

        const stored = await store.readStream(streamId);

        expect(stored).toEqual(
          events.map((event, revision) => ({ ...event, streamId, revision, position: expect.any(BigInt) })),
        );
        expect(stored[2].position).toBe(position);
        expectIncreasing(stored.map((event) => event.position));
      });

      it('reads backwards from the last event', async () => {
        const { streamId, events } = await seed(3);
        expect(await store.readStream(streamId, { direction: 'backwards' })).toEqual([...events].reverse());
      });

      it('starts at fromRevision, inclusive, in either direction', async () => {
        const { streamId, events } = await seed(5);
        expect(await store.readStream(streamId, { fromRevision: 2 })).toEqual(events.slice(2));
        expect(await store.readStream(streamId, { direction: 'backwards', fromRevision: 2 })).toEqual(
          events.slice(0, 3).reverse(),
        );
        expect(await store.readStream(streamId, { fromRevision: 5 })).toEqual([]);
      });

      it('returns at most maxCount events', async () => {
        const { streamId, events } = await seed(5);
        expect(await store.readStream(streamId, { maxCount: 2 })).toEqual(events.slice(0, 2));
        expect(await store.readStream(streamId, { direction: 'backwards', maxCount: 2 })).toEqual([
          events[4],
          events[3],
        ]);
        expect(await store.readStream(streamId, { fromRevision: 1, maxCount: 3 })).toEqual(events.slice(1, 4));
        expect(await store.readStream(streamId, { direction: 'backwards', fromRevision: 3, maxCount: 2 })).toEqual([
          events[3],
          events[2],
        ]);
      });

      it('reads a stream that does not exist as empty', async () => {
        const missing = newStreamId('contract');
        expect(await store.readStream(missing)).toEqual([]);
        expect(await store.readStream(missing, { direction: 'backwards' })).toEqual([]);
      });
    });

    describe('readAll', () => {
      it('returns events in commit order with strictly increasing positions', async () => {
        const { events: marker } = await seed(1);
        const [first, second] = [newStreamId('contract'), newStreamId('contract')];
        const appended: string[] = [];
        for (const [streamId, expectedRevision] of [
          [first, 'no_stream'],
          [second, 'no_stream'],
          [first, 1],
          [second, 1],
        ] as const) {
          const events = newEvents(2);
          await store.appendToStream(streamId, events, { expectedRevision });
          appended.push(...events.map((event) => event.eventId));
        }

        const page = await store.readAll({ after: marker[0].position, maxCount: 1000 });

        expectIncreasing(page.map((event) => event.position));
        const ours = page.filter((event) => [first, second].includes(event.streamId));
        expect(ours.map((event) => event.eventId)).toEqual(appended);
        const byStream = [...(await store.readStream(first)), ...(await store.readStream(second))];
        expect(ours).toEqual(byStream.sort((a, b) => (a.position < b.position ? -1 : 1)));
      });

      it('starts after the given position, exclusive', async () => {
        const { streamId, events } = await seed(4);
        const page = await store.readAll({ after: events[1].position, maxCount: 1000 });
        expect(page.filter((event) => event.streamId === streamId)).toEqual(events.slice(2));
      });

      it('returns at most maxCount events, so that paging with after visits each event once', async () => {
        const { streamId, events } = await seed(5);
        const last = events[4].position;
        const pages: RecordedEvent[][] = [];

        for (let after = events[0].position; after < last; after = pages[pages.length - 1].at(-1)!.position) {
          pages.push(await store.readAll({ after, maxCount: 2 }));
        }

        expect(pages[0]).toHaveLength(2);
        expect(Math.max(...pages.map((page) => page.length))).toBe(2);
        expect(pages.flat().filter((event) => event.streamId === streamId)).toEqual(events.slice(1));
      });
    });

    describe('subscribeToAll', () => {
      it('delivers the stored events after the given position, then live ones, each once', async () => {
        const { streamId, events } = await seed(3);
        const subscription = store.subscribeToAll({ after: events[0].position });
        const iterator = subscription[Symbol.asyncIterator]();

        expect(await takeEvents(iterator, 2, [streamId])).toEqual(events.slice(1));

        const live = newEvents(2);
        await store.appendToStream(streamId, [live[0]], { expectedRevision: 2 });
        await store.appendToStream(streamId, [live[1]], { expectedRevision: 3 });
        expect(ids(await takeEvents(iterator, 2, [streamId]))).toEqual(ids(live));

        const last = newEvents(1);
        await store.appendToStream(streamId, last, { expectedRevision: 4 });
        expect(ids(await takeEvents(iterator, 1, [streamId]))).toEqual(ids(last));
        await subscription.stop();
      });

      it('catches up across many pages while events keep arriving, without gaps or repeats', async () => {
        const { streamId, events: marker } = await seed(1);
        for (let revision = 0; revision < 2500; revision += 500) {
          await store.appendToStream(streamId, newEvents(500), { expectedRevision: revision });
        }
        const subscription = store.subscribeToAll({ after: marker[0].position });
        const iterator = subscription[Symbol.asyncIterator]();

        const writing = (async () => {
          for (let revision = 2500; revision < 2520; revision += 1) {
            await store.appendToStream(streamId, newEvents(1), { expectedRevision: revision });
          }
        })();
        const delivered = await takeEvents(iterator, 2520, [streamId], 20_000);
        await writing;

        expect(delivered).toEqual((await store.readStream(streamId)).slice(1));
        await subscription.stop();
      });

      it('starts at the beginning of $all when no position is given', async () => {
        const { streamId, events } = await seed(2);
        const subscription = store.subscribeToAll();
        expect(await takeEvents(subscription[Symbol.asyncIterator](), 2, [streamId])).toEqual(events);
        await subscription.stop();
      });

      it('ends the iteration on stop(), also for a next() that is waiting', async () => {
        const { events } = await seed(1);
        const subscription = store.subscribeToAll({ after: events[0].position });
        const iterator = subscription[Symbol.asyncIterator]();
        const waiting = iterator.next();

        await subscription.stop();

        await expect(waiting).resolves.toEqual({ done: true, value: undefined });
        await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined });
      });

      it('ends a for-await loop that calls stop()', async () => {
        const { streamId, events } = await seed(3);
        const subscription = store.subscribeToAll({ after: events[0].position });
        const seen: RecordedEvent[] = [];

        for await (const event of subscription) {
          if (event.streamId !== streamId) continue;
          seen.push(event);
          await subscription.stop();
        }

        expect(seen).toEqual([events[1]]);
      });
    });

    describe('close', () => {
      it('ends open subscriptions and makes every later call fail as unavailable', async () => {
        const { streamId, events } = await seed(1);
        const subscription = store.subscribeToAll({ after: events[0].position });
        const waiting = subscription[Symbol.asyncIterator]().next();

        await store.close();

        await expect(waiting).resolves.toEqual({ done: true, value: undefined });
        await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(store.readStream(streamId)).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(store.readAll({ maxCount: 1 })).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(store.appendToStream(streamId, newEvents(1), { expectedRevision: 0 })).rejects.toBeInstanceOf(
          StoreUnavailableError,
        );
      });

      it('answers ping while open', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
      });
    });

    describe('event content', () => {
      it('round-trips unicode and nested JSON intact', async () => {
        const { events: marker } = await seed(1);
        const streamId = newStreamId('contract');
        const events: NewEvent[] = [
          {
            ...newEvent(),
            type: 'Präparat-Übergabe ✓',
            data: {
              text: 'Morphin 麻薬 مخدر 🧪💊 e\u0301 "quoted" \\ back\\slash',
              control: '\u0000\t\n\r\u2028',
              loneSurrogate: '\ud800',
              numbers: [0, -2.5, 0.1, 1e-7, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER],
              flags: [true, false, null],
              empty: { string: '', list: [], object: {} },
              deep: { a: { b: { c: [{ d: ['e', { f: 'g' }] }] } } },
              'key with spaces & ✓': 'ok',
            },
            metadata: { correlationId: randomUUID(), ключ: ['значение', { nested: '值' }] },
          },
          { ...newEvent(), data: ['a list', 1, null] },
          { ...newEvent(), data: 'just a string' },
          { ...newEvent(), data: null },
        ];

        await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });

        const stored = await store.readStream(streamId);
        const content = (list: NewEvent[]) =>
          list.map(({ eventId, type, data, metadata }) => ({ eventId, type, data, metadata }));
        expect(content(stored)).toEqual(content(events));
        const all = await store.readAll({ after: marker[0].position, maxCount: 1000 });
        expect(content(all.filter((event) => event.streamId === streamId))).toEqual(content(events));
      });

      it('refuses events that JSON cannot carry, writing nothing of their append', async () => {
        const streamId = newStreamId('contract');
        for (const data of [{ amount: 10n }, undefined]) {
          await expect(
            store.appendToStream(streamId, [newEvent(), { ...newEvent(), data }], { expectedRevision: 'no_stream' }),
          ).rejects.toBeInstanceOf(TypeError);
        }
        expect(await store.readStream(streamId)).toEqual([]);
      });

      it('keeps stored events out of reach of the objects callers passed in or got back', async () => {
        const streamId = newStreamId('contract');
        const event = newEvent({ lot: { quantity: 10 } });
        const original = structuredClone(event);

        const appending = store.appendToStream(streamId, [event], { expectedRevision: 'no_stream' });
        (event.data as { lot: { quantity: number } }).lot.quantity = 0;
        await appending;
        event.metadata.correlationId = 'changed after the append';

        const [read] = await store.readStream(streamId);
        (read.data as { lot: { quantity: number } }).lot.quantity = -1;
        read.metadata.correlationId = 'changed after the read';

        const [again] = await store.readStream(streamId);
        expect(again).toMatchObject({ data: original.data, metadata: original.metadata });
      });
    });
  });
}

function expectIncreasing(positions: bigint[]): void {
  positions.slice(1).forEach((position, index) => expect(position).toBeGreaterThan(positions[index]));
}

async function expectWrongExpectedRevision(
  append: Promise<unknown>,
  fields: { streamId: string; expected: ExpectedRevision; actual: number },
): Promise<void> {
  await expect(append).rejects.toBeInstanceOf(WrongExpectedRevisionError);
  await expect(append).rejects.toMatchObject(fields);
}
