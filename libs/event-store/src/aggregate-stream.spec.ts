import { randomUUID } from 'node:crypto';
import { aggregateStream } from './aggregate-stream';
import { GENESIS_HASH, sealEvents, type UnsealedMetadata } from './envelope';
import type { ReadStreamOptions } from './event-store.port';
import { InMemoryEventStore } from './in-memory/in-memory.event-store';
import { newStreamId } from './testing/test-events';

type Added = { type: string; data: { amount: number } };
const summing = { initialState: () => 0, evolve: (total: number, e: Added) => total + e.data.amount };

const metadata = (keyId: string | null): UnsealedMetadata => ({
  schemaVersion: 1,
  occurredAt: '2026-03-02T19:00:00.000Z',
  recordedAt: '2026-03-02T19:00:00.000Z',
  registrantId: null,
  actor: null,
  signatures: [],
  correlationId: 'spec',
  causationId: null,
  idempotency: keyId ? { keyId, requestHash: 'h' } : null,
  late: false,
});

describe('aggregateStream', () => {
  const store = new InMemoryEventStore();
  const reads: (ReadStreamOptions | undefined)[] = [];
  const readStream = store.readStream.bind(store);
  store.readStream = (id, options) => (reads.push(options), readStream(id, options));

  it('folds a stream once, then reads only the events recorded since', async () => {
    const streamId = newStreamId('sum');
    const first = sealEvents(streamId, GENESIS_HASH, [
      { eventId: randomUUID(), type: 'Added', data: { amount: 2 }, metadata: metadata('k1') },
      { eventId: randomUUID(), type: 'Added', data: { amount: 3 }, metadata: metadata(null) },
    ]);
    await store.appendToStream(streamId, first, { expectedRevision: 'no_stream' });
    const before = await aggregateStream(store, streamId, summing);
    expect(before).toEqual({ state: 5, revision: 1, hash: first[1].metadata.hash, keyIds: new Set(['k1']) });

    const next = sealEvents(streamId, before.hash, [
      { eventId: randomUUID(), type: 'Added', data: { amount: 10 }, metadata: metadata('k2') },
    ]);
    await store.appendToStream(streamId, next, { expectedRevision: 1 });
    reads.length = 0;
    const after = await aggregateStream(store, streamId, summing);
    expect(reads).toEqual([{ fromRevision: 2 }]);
    expect(after).toEqual({ state: 15, revision: 2, hash: next[0].metadata.hash, keyIds: new Set(['k1', 'k2']) });
  });

  it('does not reuse a state folded by another evolver', async () => {
    const streamId = newStreamId('sum');
    const [event] = sealEvents(streamId, GENESIS_HASH, [
      { eventId: randomUUID(), type: 'Added', data: { amount: 4 }, metadata: metadata(null) },
    ]);
    await store.appendToStream(streamId, [event], { expectedRevision: 'no_stream' });
    await aggregateStream(store, streamId, summing);
    const counting = { initialState: () => 0, evolve: (n: number) => n + 1 };
    expect((await aggregateStream(store, streamId, counting)).state).toBe(1);
  });

  it('reads a stream that does not exist as the initial state at revision -1', async () => {
    expect(await aggregateStream(store, newStreamId('sum'), summing)).toEqual({
      state: 0,
      revision: -1,
      hash: GENESIS_HASH,
      keyIds: new Set(),
    });
  });
});
