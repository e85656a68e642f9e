import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BullModule, getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { ALERT_QUEUE, APP_CONFIG, bullPrefix, JsonLogger, loadConfig, redisOptions, type AppConfig } from '@lib/config';
import type { Case } from '@lib/ledger';
import { eventually } from '../../../test/support/eventually';
import { freePort, RedisServer } from '../../../test/support/redis-server';
import { alertJobId, caseAlert } from '../src/alerts/alert';
import { enqueueAlert } from '../src/alerts/alerts.queue';
import { AlertsProcessor } from '../src/alerts/alerts.processor';
import { RecordingLogger } from './support/recording-logger';

const SECRET = 'receiver-shared-secret-0123456789';
const FAST_RETRIES = { backoff: { type: 'fixed', delay: 50 } } as const;

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
}

/** An alert receiver as a customer would write one: it answers with the next scripted status (then 200). */
class Receiver {
  readonly received: Received[] = [];

  private constructor(
    private readonly server: Server,
    private readonly statuses: number[],
  ) {}

  static async start(statuses: number[] = []): Promise<Receiver> {
    const server = createServer();
    const receiver = new Receiver(server, [...statuses]);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        receiver.received.push({ headers: request.headers, raw: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(receiver.statuses.shift() ?? 200).end();
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}/hooks/ledger-alerts`;
  }

  /** The receiver's check: HMAC-SHA256 over `<timestamp>.<raw body>`, compared in constant time, recent. */
  static verifies({ headers, raw }: Received, secret = SECRET): boolean {
    const timestamp = String(headers['x-ledger-timestamp']);
    const given = Buffer.from(String(headers['x-ledger-signature']));
    const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex')}`);
    const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) <= 300;
    return fresh && given.length === expected.length && timingSafeEqual(given, expected);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }
}

const theftCase: Case = {
  caseId: '0b6f3f0e-8a4c-5d7e-9f10-2a3b4c5d6e7f',
  rule: 'THEFT_OR_LOSS',
  subject: 'loss-event-1',
  registrantId: 'c1d2e3f4-0000-5000-8000-000000000001',
  lotId: 'c1d2e3f4-0000-5000-8000-000000000002',
  locationId: 'c1d2e3f4-0000-5000-8000-000000000003',
  severity: 'CRITICAL',
  summary: 'Theft of 2 capsules of psilocybin 25 mg from Vault A',
  figures: { units: 2 },
  discoveredAt: '2026-11-20T22:00:00.000Z',
  deadlines: [
    { kind: 'DEA_NOTICE', dueAt: '2026-11-24T04:59:59.999Z', regulation: '21 CFR 1301.76(b)' },
    { kind: 'FORM_106', dueAt: '2027-01-04T22:00:00.000Z', regulation: '21 CFR 1301.76(b)' },
  ],
  regulation: '21 CFR 1301.76(b)',
  evidence: ['loss-event-1'],
  involvedUserIds: [],
  flaggedAt: '2026-11-20T22:00:01.000Z',
  acknowledged: false,
  resolution: null,
  met: [],
  escalated: [],
};

const opened = caseAlert('CASE_OPENED', theftCase, null, theftCase.flaggedAt);
const near = caseAlert('DEADLINE_NEAR', theftCase, theftCase.deadlines[0], '2026-11-23T05:00:00.000Z');

describe('an alert', () => {
  it('is named by its case, kind and deadline kind, the same every time, and carries the deadline', () => {
    expect(opened).toEqual({
      alertId: `${theftCase.caseId}.CASE_OPENED`,
      kind: 'CASE_OPENED',
      registrantId: theftCase.registrantId,
      caseId: theftCase.caseId,
      rule: 'THEFT_OR_LOSS',
      severity: 'CRITICAL',
      summary: theftCase.summary,
      occurredAt: theftCase.flaggedAt,
    });
    expect(near.alertId).toBe(`${theftCase.caseId}.DEADLINE_NEAR.DEA_NOTICE`);
    expect(near.deadline).toEqual(theftCase.deadlines[0]);
    expect(caseAlert('DEADLINE_NEAR', theftCase, theftCase.deadlines[0], new Date().toISOString()).alertId).toBe(
      near.alertId,
    );
    expect(caseAlert('DEADLINE_NEAR', theftCase, theftCase.deadlines[1], near.occurredAt).alertId).not.toBe(
      near.alertId,
    );
  });

  it('has a BullMQ job id without ":", distinct for distinct alert ids', () => {
    expect(alertJobId(near)).toBe(near.alertId);
    const colons = alertJobId({ ...near, alertId: 'a:b.CASE_OPENED' });
    expect(colons).not.toContain(':');
    expect(colons).not.toBe(alertJobId({ ...near, alertId: 'a_b.CASE_OPENED' }));
  });
});

describe('alert delivery through the alerts queue', () => {
  let redis: RedisServer;
  let receiver: Receiver;
  let logger: RecordingLogger;
  let worker: INestApplicationContext | undefined;
  let serial = 0;

  beforeAll(async () => {
    redis = await RedisServer.start();
  });
  afterAll(() => redis.stop());

  beforeEach(() => {
    logger = new RecordingLogger();
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
    await receiver?.stop();
  });

  /** The worker's alert processing as the worker module wires it, on a queue prefix of this test's own. */
  async function startWorker(env: Record<string, string>): Promise<Queue> {
    const config: AppConfig = loadConfig({ REDIS_URL: redis.url, REDIS_PREFIX: `alerts${++serial}`, ...env });
    @Module({})
    class AlertsTestModule {
      static forRoot(): DynamicModule {
        return {
          module: AlertsTestModule,
          imports: [
            BullModule.forRoot({
              connection: { ...redisOptions(config.redis.url), maxRetriesPerRequest: null, retryStrategy: () => 100 },
              prefix: bullPrefix(config.redis.prefix),
            }),
            BullModule.registerQueue({ name: ALERT_QUEUE }),
          ],
          providers: [
            { provide: APP_CONFIG, useValue: config },
            { provide: JsonLogger, useValue: logger },
            AlertsProcessor,
          ],
        };
      }
    }
    worker = await NestFactory.createApplicationContext(AlertsTestModule.forRoot(), { logger: false });
    return worker.get<Queue>(getQueueToken(ALERT_QUEUE));
  }

  const webhook = (url: string) => ({ ALERT_WEBHOOK_URL: url, ALERT_WEBHOOK_SECRET: SECRET });
  const logged = (msg: string) => logger.lines.filter((line) => line.msg === msg);

  it('POSTs the alert as JSON, signed so that the receiver verifies it, and logs the delivery', async () => {
    receiver = await Receiver.start();
    const queue = await startWorker(webhook(receiver.url));
    await enqueueAlert(queue, near);
    await eventually(() => logged('Alert delivered').length === 1, 'the delivery');

    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    expect(JSON.parse(delivery.raw)).toEqual(near);
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(delivery.headers['x-ledger-alert-id']).toBe(near.alertId);
    expect(delivery.headers['x-ledger-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(Receiver.verifies(delivery)).toBe(true);
    // Controls: the check fails for a changed body, a changed timestamp or another secret.
    expect(Receiver.verifies({ ...delivery, raw: delivery.raw.replace('CRITICAL', 'LOW') })).toBe(false);
    const timestamp = Number(delivery.headers['x-ledger-timestamp']);
    expect(
      Receiver.verifies({ ...delivery, headers: { ...delivery.headers, 'x-ledger-timestamp': String(timestamp + 1) } }),
    ).toBe(false);
    expect(Receiver.verifies(delivery, 'another-secret-another-secret')).toBe(false);

    expect(logged('Alert delivered')[0]).toEqual({
      level: 'info',
      msg: 'Alert delivered',
      fields: expect.objectContaining({
        alertId: near.alertId,
        caseId: theftCase.caseId,
        attempt: 1,
        status: 200,
        destination: new URL(receiver.url).origin,
      }),
    });
    const logs = JSON.stringify(logger.lines);
    expect(logs).not.toContain(SECRET);
    expect(logs).not.toContain('/hooks/ledger-alerts');
  });

  it('retries a receiver that answers 500 twice, and delivers on the third attempt', async () => {
    receiver = await Receiver.start([500, 500]);
    const queue = await startWorker(webhook(receiver.url));
    const job = await enqueueAlert(queue, opened, FAST_RETRIES);
    await eventually(() => logged('Alert delivered').length === 1, 'the third attempt');

    expect(receiver.received).toHaveLength(3);
    expect(receiver.received.every((delivery) => Receiver.verifies(delivery))).toBe(true);
    expect(receiver.received.map((delivery) => JSON.parse(delivery.raw))).toEqual([opened, opened, opened]);
    expect(
      logged('Alert delivery failed; retried').map((line) => [line.level, line.fields.attempt, line.fields.status]),
    ).toEqual([
      ['warn', 1, 500],
      ['warn', 2, 500],
    ]);
    expect(logged('Alert delivered')[0].fields.attempt).toBe(3);
    // The processor logs the delivery just before BullMQ marks the job done.
    await eventually(async () => (await queue.getJobState(job.id as string)) === 'completed', 'the job completed');
  });

  it('delivers the same alert once, however often it is enqueued', async () => {
    receiver = await Receiver.start();
    const queue = await startWorker(webhook(receiver.url));
    const first = await enqueueAlert(queue, opened);
    const again = await enqueueAlert(queue, { ...opened, occurredAt: new Date().toISOString() });
    await eventually(() => logged('Alert delivered').length === 1, 'the delivery');
    const later = await enqueueAlert(queue, opened);
    // Another alert, enqueued after these, is delivered: once it is, the queue has done all it will.
    await enqueueAlert(queue, near);
    await eventually(() => logged('Alert delivered').length === 2, 'the other alert');

    expect([again.id, later.id]).toEqual([first.id, first.id]);
    expect(receiver.received.map((delivery) => delivery.headers['x-ledger-alert-id'])).toEqual([
      opened.alertId,
      near.alertId,
    ]);
  });

  it('gives up after the last attempt on an unreachable receiver, logging why without the secret', async () => {
    const queue = await startWorker(webhook(`http://127.0.0.1:${await freePort()}/hooks/secret-path`));
    const job = await enqueueAlert(queue, near, { ...FAST_RETRIES, attempts: 2 });
    await eventually(() => logged('Alert delivery failed; giving up').length === 1, 'the last attempt');

    expect(logger.lines.filter((line) => line.msg.startsWith('Alert delivery failed'))).toEqual([
      expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ attempt: 1, status: null }) }),
      expect.objectContaining({ level: 'error', fields: expect.objectContaining({ attempt: 2, status: null }) }),
    ]);
    expect(logged('Alert delivery failed; giving up')[0].fields.error).toMatch(
      /^Alert webhook unreachable: ECONNREFUSED/,
    );
    expect(JSON.stringify(logger.lines)).not.toMatch(new RegExp(`${SECRET}|secret-path`));
    await eventually(async () => (await queue.getJobState(job.id as string)) === 'failed', 'the job to fail');
  });

  it('without ALERT_WEBHOOK_URL completes the job without sending anything', async () => {
    const queue = await startWorker({});
    const job = await enqueueAlert(queue, opened);
    await eventually(async () => (await queue.getJobState(job.id as string)) === 'completed', 'the job');
    expect((await queue.getJob(job.id as string))?.returnvalue).toEqual({ delivered: false });
  });
});
