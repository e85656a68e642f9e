import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Redis from 'ioredis';
import { SqliteEventStore, type RecordedEvent } from '@lib/event-store';
import { ProjectionRunner, ReadModels } from '@lib/projections';
import { eventually } from './support/eventually';
import { appendHistory, generateHistory } from './support/ledger-history';
import {
  digest,
  expectedReadModels,
  readAllEvents,
  storedReadModels,
  type ReadModelEntries,
} from './support/read-model-snapshot';
import { RedisServer } from './support/redis-server';
import { SeededRandom } from './support/seeded-random';
import { WorkerProcess } from './support/worker-process';

/**
 * Reliability plan F7 and F3, against real processes: the worker's own main (apps/worker) in a
 * child process, a redis-server of this test's own, and a SQLite ledger of 20,000 generated events.
 * The worker also flags the discrepancies it finds in them, as case events after the 20,000th:
 * they change no read model, so the checkpoint may run past the 20,000th while documents must match exactly.
 */

const EVENTS = 20_000;
const KILLS = 6;
/** Deadlines for what takes seconds here, with room for a machine busy with the rest of `npm test`. */
const WAIT_MS = 30_000;

describe('projection faults (reliability plan F7, F3)', () => {
  let redisServer: RedisServer;
  let redis: Redis;
  let dataDir: string;
  let events: RecordedEvent[];
  let last: bigint;

  beforeAll(async () => {
    redisServer = await RedisServer.start();
    redis = redisServer.client();
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-faults-'));
    const store = SqliteEventStore.open(join(dataDir, 'ledger.sqlite'));
    await appendHistory(store, generateHistory({ seed: 42, events: EVENTS, lots: 120, registrants: 2 }).events);
    events = await readAllEvents(store);
    last = events[events.length - 1].position;
    await store.close();
  }, 60_000);

  afterAll(async () => {
    await redisServer.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const worker = (prefix: string) =>
    new WorkerProcess({ DATA_DIR: dataDir, REDIS_URL: redisServer.url, REDIS_PREFIX: prefix });
  const checkpointOf = (prefix: string) => new ReadModels(redis, prefix).checkpoint();
  const upTo = (position: bigint) => events.filter((event) => event.position <= position);
  /** The read-model documents without the checkpoint, which case events move on. */
  const documents = (entries: ReadModelEntries) => entries.filter(([key]) => key !== 'checkpoint');
  async function eventsNow(): Promise<RecordedEvent[]> {
    const store = SqliteEventStore.open(join(dataDir, 'ledger.sqlite'));
    try {
      return await readAllEvents(store);
    } finally {
      await store.close();
    }
  }

  it('F7: a worker SIGKILLed at random points while projecting ends identical to a clean rebuild', async () => {
    const random = new SeededRandom(7);
    const thresholds = Array.from({ length: KILLS }, (_, n) => {
      const slot = (0.8 * EVENTS) / KILLS;
      return events[Math.floor(0.1 * EVENTS + n * slot + random.next() * slot * 0.5)].position;
    });
    for (const threshold of thresholds) {
      const child = worker('f7');
      await eventually(
        async () => ((await checkpointOf('f7')) ?? -1n) >= threshold,
        `the checkpoint to pass ${threshold}`,
        WAIT_MS,
      );
      // A little further on, at a point this test does not choose: mid-batch, between batches, mid-write.
      await new Promise((resolve) => setTimeout(resolve, random.int(0, 25)));
      await child.kill('SIGKILL');

      const checkpoint = (await checkpointOf('f7'))!;
      expect(checkpoint).toBeLessThan(last);
      // Never ahead of the data, nor behind it: Redis holds exactly the projection of the events up to the checkpoint.
      expect(digest(await storedReadModels(redis, 'f7'))).toBe(digest(expectedReadModels(upTo(checkpoint))));
      expect(child.lines.filter((line) => line.includes('"level":"error"'))).toEqual([]);
    }

    const final = worker('f7');
    await eventually(async () => ((await checkpointOf('f7')) ?? -1n) >= last, 'the last restart to catch up', WAIT_MS);
    await final.kill('SIGTERM');
    expect(final.logged('Ledger integrity violation')).toBe(false);

    const store = SqliteEventStore.open(join(dataDir, 'ledger.sqlite'));
    const cleanRedis = redisServer.client();
    try {
      const rebuilt = await new ProjectionRunner({ store, redis: cleanRedis, prefix: 'clean' }).rebuild();
      expect(rebuilt).toMatchObject({ phase: 'live', eventsProjected: expect.any(Number) });
      expect(rebuilt!.eventsProjected).toBeGreaterThanOrEqual(EVENTS);
    } finally {
      await store.close();
    }
    const killed = await storedReadModels(redis, 'f7');
    const clean = await storedReadModels(redis, 'clean');
    expect(killed.length).toBeGreaterThan(1000);
    expect(digest(documents(killed))).toBe(digest(documents(clean)));
    expect(digest(clean)).toBe(digest(expectedReadModels(await eventsNow())));
  }, 120_000);

  it('F3: after a FLUSHALL the running worker rebuilds by itself, to the same read models', async () => {
    const child = worker('f3');
    await eventually(
      async () => child.logged('Read models rebuilt') && ((await checkpointOf('f3')) ?? -1n) >= last,
      'the first projection',
      WAIT_MS,
    );
    const before = digest(documents(await storedReadModels(redis, 'f3')));

    await redis.flushall();
    await eventually(
      () => child.lines.filter((line) => line.includes('Read models rebuilt')).length === 2,
      'the rebuild',
      WAIT_MS,
    );
    expect(await checkpointOf('f3')).toBeGreaterThanOrEqual(last);
    expect(digest(documents(await storedReadModels(redis, 'f3')))).toBe(before);
    expect(await new ReadModels(redis, 'f3').status()).toMatchObject({ phase: 'live' });

    expect(await child.kill('SIGTERM')).toEqual({ code: null, signal: 'SIGTERM' });
    expect(await redis.exists('f3:rm:runner:lease')).toBe(0);
  }, 120_000);
});
