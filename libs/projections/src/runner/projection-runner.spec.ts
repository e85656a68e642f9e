import type Redis from 'ioredis';
import { InMemoryEventStore, type EventStore, type Subscription } from '@lib/event-store';
import { eventually } from '../../../../test/support/eventually';
import { appendHistory, generateHistory, type HistoryEvent } from '../../../../test/support/ledger-history';
import { expectedReadModels, readAllEvents, storedReadModels } from '../../../../test/support/read-model-snapshot';
import { RedisServer } from '../../../../test/support/redis-server';
import { ReadModels } from '../redis/read-models';
import { ProjectionRunner, type ProjectionRunnerOptions } from './projection-runner';
import type { ProjectionStatus } from './projection-status';

const PREFIX = 'site1';

/** The store behind a slow link: its subscriptions pause now and then, as a network does. */
function behindSlowLink(store: EventStore): EventStore {
  return {
    appendToStream: (...args) => store.appendToStream(...args),
    readStream: (...args) => store.readStream(...args),
    readAll: (options) => store.readAll(options),
    ping: () => store.ping(),
    close: () => store.close(),
    subscribeToAll(options): Subscription {
      const inner = store.subscribeToAll(options);
      return {
        stop: () => inner.stop(),
        async *[Symbol.asyncIterator]() {
          let delivered = 0;
          for await (const event of inner) {
            if (++delivered % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
            yield event;
          }
        },
      };
    },
  };
}
const history = generateHistory({ seed: 11, events: 400, lots: 6, registrants: 2 }).events;

describe('the projection runner', () => {
  let server: RedisServer;
  let redis: Redis;
  let store: InMemoryEventStore;
  let readModels: ReadModels;
  const runners: ProjectionRunner[] = [];

  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterAll(() => server.stop());

  beforeEach(async () => {
    redis = server.client();
    await redis.flushall();
    store = new InMemoryEventStore();
    readModels = new ReadModels(redis, PREFIX);
  });

  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop()));
    await store.close();
  });

  /** A runner on a connection of its own, with short timers, whose log lines the test can read. */
  function runner(options: Partial<ProjectionRunnerOptions> = {}): { runner: ProjectionRunner; log: string[] } {
    const log: string[] = [];
    const created = new ProjectionRunner({
      store,
      redis: server.client(),
      prefix: PREFIX,
      batchSize: 37,
      heartbeatMs: 50,
      retryMs: 50,
      log: (_level, msg) => log.push(msg),
      ...options,
    });
    runners.push(created);
    return { runner: created, log };
  }

  const append = (events: HistoryEvent[]) => appendHistory(store, events);
  const lastPosition = async () => (await readAllEvents(store)).at(-1)!.position;
  const projectedUpTo = async (position: bigint) => (await readModels.checkpoint()) === position;
  const expected = async () => expectedReadModels(await readAllEvents(store));

  it('rebuilds from the first event when Redis holds no checkpoint, then follows the store as it grows', async () => {
    await append(history.slice(0, 250));
    runner().runner.start();
    await eventually(async () => projectedUpTo(await lastPosition()), 'the rebuild');
    expect(await storedReadModels(redis, PREFIX)).toEqual(await expected());
    expect(await readModels.status()).toMatchObject<Partial<ProjectionStatus>>({ phase: 'live', eventsProjected: 250 });

    await append(history.slice(250));
    await eventually(async () => projectedUpTo(await lastPosition()), 'the new events');
    expect(await storedReadModels(redis, PREFIX)).toEqual(await expected());
    expect(await readModels.status()).toMatchObject({ phase: 'live', eventsProjected: 400 });
  });

  it('goes on from its checkpoint after a restart, and rebuilds when the checkpoint is deleted', async () => {
    await append(history.slice(0, 300));
    const first = runner().runner;
    first.start();
    await eventually(async () => projectedUpTo(await lastPosition()), 'the first run');
    await first.stop();

    await append(history.slice(300));
    runner().runner.start();
    await eventually(async () => projectedUpTo(await lastPosition()), 'the restart');
    expect(await readModels.status()).toMatchObject({ phase: 'live', eventsProjected: 100 });
    expect(await storedReadModels(redis, PREFIX)).toEqual(await expected());

    await redis.del(`${PREFIX}:rm:checkpoint`);
    await eventually(async () => (await readModels.status())?.eventsProjected === 400, 'the rebuild');
    expect(await storedReadModels(redis, PREFIX)).toEqual(await expected());
  });

  it('rebuilds by itself when Redis is flushed under it', async () => {
    await append(history);
    runner().runner.start();
    await eventually(async () => projectedUpTo(await lastPosition()), 'the first projection');
    const before = await storedReadModels(redis, PREFIX);
    await redis.flushall();
    await eventually(async () => projectedUpTo(await lastPosition()), 'the rebuild after FLUSHALL');
    expect(await storedReadModels(redis, PREFIX)).toEqual(before);
  });

  it('lets one runner project at a time: a second waits, and takes over when the first stops', async () => {
    await append(history.slice(0, 200));
    const first = runner().runner;
    first.start();
    await eventually(async () => projectedUpTo(await lastPosition()), 'the first runner');
    const second = runner();
    second.runner.start();
    await eventually(() => second.log.length > 0, 'the second runner to wait');
    await append(history.slice(200, 300));
    await eventually(async () => projectedUpTo(await lastPosition()), 'the first runner to follow');
    expect(second.log).toEqual(['Another projection runner holds the lease; waiting for it']);

    await first.stop();
    await append(history.slice(300));
    await eventually(async () => projectedUpTo(await lastPosition()), 'the second runner to take over');
    expect(second.log).toContain('Projecting');
    expect(await storedReadModels(redis, PREFIX)).toEqual(await expected());
  });

  it('does not take a pause of a slow store for the end of a rebuild', async () => {
    await append(history);
    const final = await runner({ store: behindSlowLink(store) }).runner.rebuild();
    expect(final).toMatchObject({ phase: 'live', eventsProjected: 400 });
    expect(await storedReadModels(redis, PREFIX)).toEqual(await expected());
  });

  it('rebuilds on request when no runner holds the lease, reporting progress, and defers to one that does', async () => {
    await append(history);
    await redis.set(`${PREFIX}:rm:checkpoint`, '3');
    await redis.set(`${PREFIX}:rm:lot:stale`, '{}');
    const progress: number[] = [];
    const { runner: oneOff } = runner();
    const final = await oneOff.rebuild((status) => progress.push(status.eventsProjected));
    expect(final).toMatchObject({ phase: 'live', eventsProjected: 400 });
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.length).toBeGreaterThan(400 / 37);
    expect(await storedReadModels(redis, PREFIX)).toEqual(await expected());

    const follower = runner();
    follower.runner.start();
    await eventually(() => follower.log.includes('Projecting'), 'a runner to hold the lease');
    expect(await runner().runner.rebuild()).toBeNull();
  });
});
