import { NestFactory } from '@nestjs/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '@lib/config';
import { SqliteEventStore } from '@lib/event-store';
import { eventually } from '../../../test/support/eventually';
import { appendHistory, generateHistory } from '../../../test/support/ledger-history';
import { digest, expectedReadModels, readAllEvents, storedReadModels } from '../../../test/support/read-model-snapshot';
import { freePort, RedisServer } from '../../../test/support/redis-server';
import { WorkerModule } from '../src/worker.module';
import { RecordingLogger } from './support/recording-logger';

const PREFIX = 'worker-test';
const history = generateHistory({ seed: 5, events: 300, lots: 4 }).events;

describe('the worker’s projections', () => {
  let dataDir: string;
  let config: AppConfig;
  let writer: SqliteEventStore;
  let logger: RecordingLogger;
  const servers: RedisServer[] = [];

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-worker-'));
    config = loadConfig({
      DATA_DIR: dataDir,
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      REDIS_PREFIX: PREFIX,
    });
    if (config.eventStore.kind !== 'embedded') throw new Error('this test needs the embedded store');
    writer = SqliteEventStore.open(config.eventStore.file);
    await appendHistory(writer, history.slice(0, 200));
    logger = new RecordingLogger();
  });

  afterEach(async () => {
    await writer.close();
    await Promise.all(servers.splice(0).map((server) => server.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  const startWorker = () =>
    NestFactory.createApplicationContext(WorkerModule.forRoot(config, logger), { logger: false });
  const startRedis = async () => {
    const server = await RedisServer.start(Number(new URL(config.redis.url).port));
    servers.push(server);
    return server.client();
  };

  /** Redis holds the projection of every event, once the worker is done (it also records the discrepancies it finds). */
  async function expectProjected(redis: ReturnType<RedisServer['client']>): Promise<void> {
    await eventually(async () => {
      const events = await readAllEvents(writer);
      const stored = await storedReadModels(redis, PREFIX);
      return digest(stored) === digest(expectedReadModels(events));
    }, 'the read models to hold the projection of every event');
  }

  it('projects the ledger into Redis and follows it, then stops cleanly, giving up its lease', async () => {
    const redis = await startRedis();
    const worker = await startWorker();
    await expectProjected(redis);
    await appendHistory(writer, history.slice(200));
    await expectProjected(redis);
    await worker.close();
    expect(await redis.exists(`${PREFIX}:rm:runner:lease`)).toBe(0);
  });

  it('starts while Redis is down, says so, and projects once Redis is up', async () => {
    const worker = await startWorker();
    await eventually(() => logger.lines.some((line) => line.level === 'error'), 'the outage to be logged');
    expect(logger.lines.filter((line) => line.level === 'error')).toEqual([
      expect.objectContaining({ msg: expect.stringContaining('Redis is unreachable') }),
    ]);
    const redis = await startRedis();
    await expectProjected(redis);
    expect(logger.lines.map((line) => line.msg)).toContain('Redis connected');
    await worker.close();
  });

  it('stops promptly while Redis is down', async () => {
    const worker = await startWorker();
    await eventually(() => logger.lines.some((line) => line.level === 'error'), 'the outage to be logged');
    const started = Date.now();
    await worker.close();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
