import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@lib/config';
import { GENESIS_HASH, sealEvents, SqliteEventStore, type EventDraft } from '@lib/event-store';
import { eventually } from '../../../test/support/eventually';
import { RedisServer } from '../../../test/support/redis-server';
import { IntegrityMonitor } from '../src/integrity/integrity-monitor';
import { WorkerModule } from '../src/worker.module';
import { RecordingLogger } from './support/recording-logger';

const draft = (eventId: string, note: string): EventDraft => ({
  eventId,
  type: 'NoteRecorded',
  data: { note },
  metadata: {
    schemaVersion: 1,
    occurredAt: '2026-03-02T19:00:00.000Z',
    recordedAt: '2026-03-02T19:00:01.000Z',
    registrantId: null,
    actor: null,
    signatures: [],
    correlationId: 'test',
    causationId: null,
    idempotency: null,
    late: false,
  },
});

describe('the worker’s integrity monitor', () => {
  let redis: RedisServer;
  let dataDir: string;
  let worker: INestApplicationContext;
  let writer: SqliteEventStore;
  let logger: RecordingLogger;

  beforeAll(async () => {
    redis = await RedisServer.start();
  });
  afterAll(() => redis.stop());

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-worker-'));
    const config = loadConfig({ DATA_DIR: dataDir, REDIS_URL: redis.url });
    if (config.eventStore.kind !== 'embedded') throw new Error('this test needs the embedded store');
    writer = SqliteEventStore.open(config.eventStore.file);
    logger = new RecordingLogger();
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, logger), { logger: false });
  });

  afterEach(async () => {
    await worker.close();
    await writer.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('verifies chains written through another connection and reports the first forged link', async () => {
    const [first, second] = sealEvents('note-1', GENESIS_HASH, [draft('e1', 'one'), draft('e2', 'two')]);
    await writer.appendToStream('note-1', [first], { expectedRevision: 'no_stream' });
    await writer.appendToStream('note-1', [second], { expectedRevision: 0 });
    const [forged] = sealEvents('note-1', GENESIS_HASH, [draft('e3', 'rewritten history')]);
    await writer.appendToStream('note-1', [forged], { expectedRevision: 1 });

    const monitor = worker.get(IntegrityMonitor);
    await eventually(() => monitor.checked === 3, 'three events to be checked');
    const violations = logger.lines.filter((line) => line.level === 'error');
    expect(violations).toEqual([
      {
        level: 'error',
        msg: 'Ledger integrity violation',
        fields: expect.objectContaining({
          streamId: 'note-1',
          revision: 2,
          eventId: 'e3',
          reason: 'previous-hash link broken',
        }),
      },
    ]);
  });
});
