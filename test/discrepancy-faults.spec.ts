import { Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { join } from 'node:path';
import { bullPrefix, DISCREPANCY_QUEUE } from '@lib/config';
import { SqliteEventStore, type RecordedEvent } from '@lib/event-store';
import { DiscrepancyChecks } from '../apps/worker/src/discrepancies/discrepancy-checks';
import { DISCREPANCY_JOB_OPTIONS, jobsFor } from '../apps/worker/src/discrepancies/discrepancy-jobs';
import type { Finding } from '@lib/ledger';
import { eventually } from './support/eventually';
import { readAllEvents } from './support/read-model-snapshot';
import { RedisServer } from './support/redis-server';
import { dispensation, receiveLot, setUpSite, signed, witnessedBy, type Site } from './support/site';
import { TestLedger } from './support/test-ledger';
import { WorkerProcess } from './support/worker-process';

/**
 * Issue 5's faults against real processes: the API in this process, the worker's own main in a
 * child process, and a redis-server of this test's own that is stopped, flushed and restarted.
 */

const PREFIX = 'faults';
/** Dispensations left open this long (3.6 s) open a case. */
const OPEN_HOURS = '0.001';
const WORKER_READY_MS = 30_000;

interface FlaggedCase {
  streamId: string;
  data: Finding & { caseId: string };
}

describe('discrepancy cases under faults', () => {
  let redisServer: RedisServer;
  let ledger: TestLedger;
  let site: Site;
  let worker: WorkerProcess | undefined;

  beforeEach(async () => {
    redisServer = await RedisServer.start();
    ledger = await TestLedger.start({ REDIS_URL: redisServer.url, REDIS_PREFIX: PREFIX });
    site = await setUpSite(ledger);
  }, 60_000);

  afterEach(async () => {
    await worker?.kill('SIGKILL');
    worker = undefined;
    await ledger.close();
    await redisServer.stop();
  });

  async function startWorker(env: Record<string, string> = {}): Promise<WorkerProcess> {
    const started = new WorkerProcess({
      DATA_DIR: ledger.dataDir,
      REDIS_URL: redisServer.url,
      REDIS_PREFIX: PREFIX,
      OPEN_DISPENSATION_HOURS: OPEN_HOURS,
      DISCREPANCY_SWEEP_SECONDS: '2',
      JOB_LOCK_SECONDS: '2',
      ...env,
    });
    await eventually(() => started.logged('Worker started'), 'the worker to start', WORKER_READY_MS).catch((error) => {
      throw new Error(`${error.message}; it said:\n${started.lines.join('\n')}`);
    });
    return started;
  }

  /** Every `DiscrepancyFlagged` in the ledger, read from the SQLite file itself. */
  async function ledgerEvents(): Promise<RecordedEvent[]> {
    const store = SqliteEventStore.open(join(ledger.dataDir, 'ledger.sqlite'));
    try {
      return await readAllEvents(store);
    } finally {
      await store.close();
    }
  }

  async function flagged(rule?: string): Promise<FlaggedCase[]> {
    const events = (await ledgerEvents()).filter((event) => event.type === 'DiscrepancyFlagged');
    return (events as unknown as FlaggedCase[]).filter((event) => rule === undefined || event.data.rule === rule);
  }

  const discrepancyQueue = () =>
    new Queue(DISCREPANCY_QUEUE, { connection: redisServer.client(), prefix: bullPrefix(PREFIX) });

  function expectNoDuplicates(cases: FlaggedCase[]): void {
    expect(new Set(cases.map((c) => c.streamId)).size).toBe(cases.length);
    expect(new Set(cases.map((c) => `${c.data.rule}/${c.data.subject}`)).size).toBe(cases.length);
  }

  it('flags a count with a variance within 5 seconds', async () => {
    const lotId = await receiveLot(ledger, site);
    worker = await startWorker();
    const count = await ledger.post(`/registrants/${site.id}/counts`, site.pharmacist, {
      kind: 'AD_HOC',
      businessTime: 'OPENING',
      occurredAt: new Date().toISOString(),
      lines: [{ lotId, locationId: site.vault, units: 98 }],
      ...signed,
      ...witnessedBy('ivy.investigator'),
    });
    expect(count.status).toBe(201);
    await eventually(async () => (await flagged('COUNT_VARIANCE')).length === 1, 'the variance flagged', 5000);
    const [variance] = await flagged('COUNT_VARIANCE');
    expect(variance.data).toMatchObject({
      lotId,
      severity: 'HIGH',
      figures: expect.objectContaining({ variance: -2 }),
    });
    expect(variance.data.deadlines.map((deadline) => deadline.kind)).toEqual(['RESOLUTION', 'DEA_NOTICE', 'FORM_106']);
  }, 60_000);

  it('records every command while Redis is down for 20 s, then flags every open dispensation once', async () => {
    const lotId = await receiveLot(ledger, site, { quantity: 1000 });
    worker = await startWorker();
    await redisServer.stop();
    const stoppedAt = Date.now();

    const statuses: number[] = [];
    for (let batch = 0; batch < 50; batch++) {
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          ledger.post(
            `/registrants/${site.id}/lots/${lotId}/dispensations`,
            site.pharmacist,
            dispensation(site, {
              quantity: 1,
              participantId: `P-${batch * 10 + i}`,
              occurredAt: new Date().toISOString(),
            }),
          ),
        ),
      );
      statuses.push(...responses.map((response) => response.status));
    }
    expect(statuses.filter((status) => status === 201)).toHaveLength(500);
    const lot = await ledger.get(`/registrants/${site.id}/lots/${lotId}`, site.pharmacist);
    expect(lot.body.totals).toMatchObject({ received: 1000, dispensed: 500 });

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 20_000 - (Date.now() - stoppedAt))));
    redisServer = await RedisServer.start(redisServer.port);
    await eventually(
      async () => (await flagged('OPEN_DISPENSATION')).length >= 500,
      '500 open dispensations flagged',
      60_000,
    );
    const cases = await flagged('OPEN_DISPENSATION');
    expect(cases).toHaveLength(500);
    expectNoDuplicates(await flagged());
  }, 150_000);

  it('flags each variance once although the worker is SIGKILLed the moment it has flagged', async () => {
    const lots = [];
    for (let i = 0; i < 6; i++) lots.push(await receiveLot(ledger, site, { lotNumber: `MDM-${i}`, quantity: 50 }));
    worker = await startWorker();
    const queue = discrepancyQueue();
    try {
      for (const [i, lotId] of lots.entries()) {
        const count = await ledger.post(`/registrants/${site.id}/counts`, site.pharmacist, {
          kind: 'PERIODIC',
          businessTime: 'CLOSE',
          occurredAt: new Date().toISOString(),
          lines: [{ lotId, locationId: site.vault, units: 49 }],
          ...signed,
          ...witnessedBy('cora.compliance'),
        });
        expect(count.status).toBe(201);
        await eventually(async () => (await flagged('COUNT_VARIANCE')).length === i + 1, `variance ${i + 1} flagged`);
        // Killed as soon as the case is in the ledger, often before the job is marked done.
        await worker.kill('SIGKILL');
        worker = await startWorker();
      }
      await eventually(
        async () => {
          const unfinished = await queue.getJobs(['active', 'waiting', 'delayed', 'prioritized']);
          return unfinished.every((job) => job.name === 'sweep');
        },
        'every check finished',
        60_000,
      );
      expect(await flagged('COUNT_VARIANCE')).toHaveLength(6);
      expectNoDuplicates(await flagged());
    } finally {
      await queue.close();
    }
  }, 180_000);

  it('runs a job again whose worker died after flagging and before finishing it, and flags once', async () => {
    const lotId = await receiveLot(ledger, site);
    const count = await ledger.post(`/registrants/${site.id}/counts`, site.pharmacist, {
      kind: 'AD_HOC',
      businessTime: 'OPENING',
      occurredAt: new Date().toISOString(),
      lines: [{ lotId, locationId: site.vault, units: 98 }],
      ...signed,
      ...witnessedBy('ivy.investigator'),
    });
    expect(count.status).toBe(201);
    const countEvent = (await ledgerEvents()).find((event) => event.type === 'PhysicalCountRecorded')!;
    const [planned] = jobsFor(countEvent, 3_600_000, Date.now());
    const queue = discrepancyQueue();
    // A worker of this test's own takes the job, flags the case as the real one would, and dies: it never finishes it.
    const dyingConnection = new Redis(redisServer.url, { maxRetriesPerRequest: null });
    const dying = new Worker(DISCREPANCY_QUEUE, null, {
      connection: dyingConnection,
      prefix: bullPrefix(PREFIX),
      lockDuration: 2000,
    });
    const store = SqliteEventStore.open(join(ledger.dataDir, 'ledger.sqlite'));
    try {
      await queue.add(planned.job.name, planned.job.data, { ...DISCREPANCY_JOB_OPTIONS, jobId: planned.jobId });
      const taken = await dying.getNextJob('dying-worker');
      expect(taken?.id).toBe(planned.jobId);
      await new DiscrepancyChecks(store, { openDispensationHours: 12 }, () => new Date().toISOString()).lot(lotId);
      expect(await flagged('COUNT_VARIANCE')).toHaveLength(1);

      worker = await startWorker();
      await eventually(
        async () => (await queue.getJob(planned.jobId))?.finishedOn !== undefined,
        'the stalled job finished by the real worker',
        30_000,
      );
      expect((await queue.getJob(planned.jobId))!.attemptsStarted).toBeGreaterThan(1);
      expect(await flagged('COUNT_VARIANCE')).toHaveLength(1);
      expectNoDuplicates(await flagged());
    } finally {
      await dying.close(true);
      dyingConnection.disconnect();
      await store.close();
      await queue.close();
    }
  }, 90_000);

  it('puts the sweep back on schedule after FLUSHALL, and flags nothing twice', async () => {
    const lotId = await receiveLot(ledger, site);
    worker = await startWorker();
    const queue = discrepancyQueue();
    try {
      await eventually(async () => Boolean(await queue.getJobScheduler('discrepancy-sweep')), 'the sweep scheduled');
      const open = await ledger.post(
        `/registrants/${site.id}/lots/${lotId}/dispensations`,
        site.pharmacist,
        dispensation(site, { quantity: 1, occurredAt: new Date().toISOString() }),
      );
      expect(open.status).toBe(201);
      await redisServer.client().flushall();
      // Its delayed check may have gone with the flush; the restored sweep finds it all the same.
      await eventually(
        async () => Boolean(await queue.getJobScheduler('discrepancy-sweep')),
        'the sweep restored',
        20_000,
      );
      await eventually(
        async () => (await flagged('OPEN_DISPENSATION')).length === 1,
        'the open dispensation flagged',
        30_000,
      );
      await redisServer.client().flushall();
      await eventually(
        async () => Boolean(await queue.getJobScheduler('discrepancy-sweep')),
        'the sweep restored',
        20_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 5000));
      expectNoDuplicates(await flagged());
      expect(await flagged('OPEN_DISPENSATION')).toHaveLength(1);
    } finally {
      await queue.close();
    }
  }, 120_000);

  it('refuses to start on a Redis that may evict keys', async () => {
    await redisServer.client().config('SET', 'maxmemory-policy', 'allkeys-lru');
    const refused = new WorkerProcess({ DATA_DIR: ledger.dataDir, REDIS_URL: redisServer.url, REDIS_PREFIX: PREFIX });
    expect((await refused.exit).code).toBe(1);
    expect(refused.lines.join('\n')).toContain('Redis maxmemory-policy is "allkeys-lru"');
  }, 30_000);
});
