import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SqliteEventStore, type NewEvent } from '@lib/event-store';
import { removeDir, tempDir } from './scratch';

export interface StoreRun {
  eventsPerSecond: number;
  /** Appends per durable commit, from `stats()`. */
  groupSize: number;
  /** `synchronous` as the store's connection reports it: 2 is FULL, a sync per commit. */
  synchronous: number;
}

/** About the size of a dispensation with its envelope. */
const dispensed = (): NewEvent => ({
  eventId: randomUUID(),
  type: 'DoseDispensed',
  data: {
    dispensationId: randomUUID(),
    locationId: randomUUID(),
    quantity: 1,
    participantId: 'P-001',
    protocolId: 'MAPP-2',
    session: 1,
    doseType: 'INITIAL',
  },
  metadata: {
    correlationId: randomUUID(),
    occurredAt: new Date().toISOString(),
    actor: { userId: randomUUID(), role: 'PHARMACIST' },
  },
});

/** One writer: single-event appends to its own stream, each awaited before the next, until `deadline`. */
async function writer(store: SqliteEventStore, streamId: string, deadline: number): Promise<void> {
  for (let revision = -1; performance.now() < deadline; revision++) {
    await store.appendToStream(streamId, [dispensed()], { expectedRevision: revision < 0 ? 'no_stream' : revision });
  }
}

/** G1 (writers = 1) and G2 (writers = 50): durable appends through `SqliteEventStore` on a fresh file. */
export async function appendRate(writers: number, seconds: number): Promise<StoreRun> {
  const dir = tempDir('store');
  const store = SqliteEventStore.open(join(dir, 'ledger.sqlite'));
  try {
    const start = performance.now();
    const deadline = start + seconds * 1000;
    await Promise.all(Array.from({ length: writers }, (_, n) => writer(store, `bench-${n}`, deadline)));
    const elapsed = (performance.now() - start) / 1000;
    const { appends, commits } = store.stats();
    return {
      eventsPerSecond: appends / elapsed,
      groupSize: appends / commits,
      synchronous: store.durability().synchronous,
    };
  } finally {
    await store.close();
    removeDir(dir);
  }
}
