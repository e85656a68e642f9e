import { randomUUID } from 'node:crypto';
import { GENESIS_HASH, sealEvents, verifyStream, type UnsealedMetadata } from './envelope';
import { WrongExpectedRevisionError } from './errors';
import type { EventStore } from './event-store.port';
import {
  ConcurrencyRetriesExhaustedError,
  handleCommand,
  RevisionMismatchError,
  type HandleCommandOptions,
} from './handle-command';
import { InMemoryEventStore } from './in-memory/in-memory.event-store';
import { newStreamId } from './testing/test-events';

/** A tiny counter aggregate: `Added` events, a state that sums them. */
type Added = { type: 'Added'; data: { amount: number } };

const metadata = (keyId: string | null): UnsealedMetadata => ({
  schemaVersion: 1,
  occurredAt: '2026-03-02T19:00:00.000Z',
  recordedAt: '2026-03-02T19:00:01.000Z',
  registrantId: null,
  actor: null,
  signatures: [],
  correlationId: 'spec',
  causationId: null,
  idempotency: keyId ? { keyId, requestHash: 'h' } : null,
  late: false,
});

function counter(
  streamId: string,
  decide: (total: number) => Added[],
  options: Partial<HandleCommandOptions<number, Added>> = {},
): HandleCommandOptions<number, Added> {
  return {
    streamId,
    initialState: () => 0,
    evolve: (total, event) => total + event.data.amount,
    decide,
    envelope: () => ({ eventId: randomUUID(), metadata: metadata(options.idempotencyKeyId ?? null) }),
    ...options,
  };
}

const add = (amount: number): Added[] => [{ type: 'Added', data: { amount } }];

async function seed(
  store: EventStore,
  streamId: string,
  amounts: number[],
  keyId: string | null = null,
): Promise<void> {
  const existing = await store.readStream(streamId);
  const previous = existing.at(-1);
  const sealed = sealEvents(
    streamId,
    previous ? String(previous.metadata.hash) : GENESIS_HASH,
    amounts.map((amount) => ({ eventId: randomUUID(), type: 'Added', data: { amount }, metadata: metadata(keyId) })),
  );
  await store.appendToStream(streamId, sealed, { expectedRevision: previous ? previous.revision : 'no_stream' });
}

describe('handleCommand', () => {
  let store: InMemoryEventStore;
  let streamId: string;

  beforeEach(() => {
    store = new InMemoryEventStore();
    streamId = newStreamId('counter');
  });

  it('folds the stream, decides on that state and appends with the revision read, hash-chained', async () => {
    await seed(store, streamId, [2, 3]);
    const seen: number[] = [];
    const outcome = await handleCommand(
      store,
      counter(streamId, (total) => (seen.push(total), add(10))),
    );
    expect(seen).toEqual([5]);
    expect(outcome).toMatchObject({ state: 15, revision: 2, replayed: false });
    expect(outcome.events.map((e) => e.revision)).toEqual([2]);
    const stored = await store.readStream(streamId);
    expect(stored.map((e) => e.data)).toEqual([{ amount: 2 }, { amount: 3 }, { amount: 10 }]);
    expect(verifyStream(stored)).toEqual({ valid: true, events: 3 });
  });

  it('appends nothing when the decision adds nothing', async () => {
    await seed(store, streamId, [4]);
    const outcome = await handleCommand(
      store,
      counter(streamId, () => []),
    );
    expect(outcome).toEqual({ events: [], state: 4, revision: 0, replayed: false });
    expect(await store.readStream(streamId)).toHaveLength(1);
  });

  it('lets a refusal through and writes nothing', async () => {
    const refuse = () => {
      throw new Error('refused');
    };
    await expect(handleCommand(store, counter(streamId, refuse))).rejects.toThrow('refused');
    expect(await store.readStream(streamId)).toEqual([]);
  });

  it('answers from the stream when it already holds events of the same idempotency key, without deciding again', async () => {
    await seed(store, streamId, [1]);
    await seed(store, streamId, [5], 'key-1');
    await seed(store, streamId, [7]);
    const decide = jest.fn(() => add(100));
    const outcome = await handleCommand(store, counter(streamId, decide, { idempotencyKeyId: 'key-1' }));
    expect(decide).not.toHaveBeenCalled();
    expect(outcome).toMatchObject({ state: 6, revision: 1, replayed: true });
    expect(outcome.events.map((e) => e.data)).toEqual([{ amount: 5 }]);
    expect(await store.readStream(streamId)).toHaveLength(3);
  });

  it('re-reads and re-decides when another writer wins the race (scenario 5)', async () => {
    await seed(store, streamId, [1, 1]);
    // A rival process appends between this command's read and its append.
    const racing: EventStore = Object.create(store);
    let rivalled = false;
    racing.appendToStream = async (...args) => {
      if (!rivalled) {
        rivalled = true;
        await seed(store, streamId, [40]);
      }
      return store.appendToStream(...args);
    };
    const seen: number[] = [];
    const retried = await handleCommand(
      racing,
      counter(streamId, (total) => (seen.push(total), add(1))),
    );
    expect(seen).toEqual([2, 42]);
    expect(retried).toMatchObject({ state: 43, revision: 3 });
    expect(verifyStream(await store.readStream(streamId)).valid).toBe(true);
  });

  it('decides only on the If-Match revision, and reports a mismatch instead of retrying', async () => {
    await seed(store, streamId, [1, 1]);
    await expect(
      handleCommand(
        store,
        counter(streamId, () => add(1), { expectedRevision: 0 }),
      ),
    ).rejects.toEqual(new RevisionMismatchError(streamId, 0, 1));
    const outcome = await handleCommand(
      store,
      counter(streamId, () => add(1), { expectedRevision: 1 }),
    );
    expect(outcome.revision).toBe(2);
  });

  it('gives up after a bounded number of conflicts', async () => {
    const alwaysConflicting: EventStore = Object.create(store);
    alwaysConflicting.appendToStream = async (id) => {
      throw new WrongExpectedRevisionError(id, 'no_stream', 0);
    };
    await expect(
      handleCommand(
        alwaysConflicting,
        counter(streamId, () => add(1), { maxAttempts: 3 }),
      ),
    ).rejects.toBeInstanceOf(ConcurrencyRetriesExhaustedError);
  });

  it('queues concurrent commands on one stream in this process, so none of them conflicts', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        handleCommand(
          store,
          counter(streamId, () => add(1), { maxAttempts: 1 }),
        ),
      ),
    );
    expect(outcomes.map((o) => o.revision).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect((await store.readStream(streamId)).length).toBe(20);
  });
});
