import type Redis from 'ioredis';
import { Writable } from 'node:stream';
import { InMemoryEventStore } from '@lib/event-store';
import { ProjectionRunner } from '@lib/projections';
import { eventually } from '../../../test/support/eventually';
import { appendHistory, generateHistory } from '../../../test/support/ledger-history';
import { expectedReadModels, readAllEvents, storedReadModels } from '../../../test/support/read-model-snapshot';
import { RedisServer } from '../../../test/support/redis-server';
import { rebuildProjections } from '../src/projections-rebuild';

const PREFIX = 'cli-test';
const history = generateHistory({ seed: 9, events: 1500, lots: 8 }).events;

/** stderr as the command writes it. */
class Captured extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe('npm run cli -- projections:rebuild', () => {
  let server: RedisServer;
  let redis: Redis;
  let store: InMemoryEventStore;
  let out: Captured;

  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterAll(() => server.stop());

  beforeEach(async () => {
    redis = server.client();
    await redis.flushall();
    store = new InMemoryEventStore();
    out = new Captured();
  });
  afterEach(() => store.close());

  const rebuild = () => rebuildProjections({ store, redis: server.client(), prefix: PREFIX, out });

  it('rebuilds the read models itself when no worker runs, showing progress and a final events/s', async () => {
    await appendHistory(store, history);
    await redis.set(`${PREFIX}:rm:lot:left-over`, '{}');
    const summary = await rebuild();
    expect(summary).toMatchObject({ events: 1500, by: 'cli' });
    expect(await storedReadModels(redis, PREFIX)).toEqual(expectedReadModels(await readAllEvents(store)));
    expect(out.text).toContain('from 1,500 events');
    expect(out.text).toMatch(/\r\[#{30}\] 100% {2}1,500\/1,500 events {2}[\d,]+ events\/s\n/);
    expect(out.text).toMatch(/\nRebuilt 1,500 events in [\d.]+ s: [\d,]+ events\/s\n$/);
  });

  it('has the worker holding the lease rebuild, and follows it until it is live again', async () => {
    await appendHistory(store, history);
    const log: string[] = [];
    const worker = new ProjectionRunner({
      store,
      redis: server.client(),
      prefix: PREFIX,
      heartbeatMs: 50,
      log: (_level, msg) => log.push(msg),
    });
    worker.start();
    try {
      await eventually(() => log.includes('Read models rebuilt'), 'the worker to project');
      await redis.set(`${PREFIX}:rm:lot:left-over`, '{}');
      const summary = await rebuild();
      expect(summary).toMatchObject({ events: 1500, by: 'worker' });
      expect(log.filter((line) => line === 'Read models rebuilt')).toHaveLength(2);
      expect(await storedReadModels(redis, PREFIX)).toEqual(expectedReadModels(await readAllEvents(store)));
      expect(out.text).toMatch(/events\/s \(by the worker holding the projection lease\)\n$/);
    } finally {
      await worker.stop();
    }
  });

  it('says so when there is nothing to project', async () => {
    expect(await rebuild()).toEqual({ events: 0, seconds: 0, by: 'cli' });
    expect(out.text).toBe('The event store holds no events: there is nothing to project.\n');
  });
});
