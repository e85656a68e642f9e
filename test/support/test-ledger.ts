import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import Redis from 'ioredis';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { JsonLogger, loadConfig, type AppConfig } from '@lib/config';
import { createApp } from '../../apps/api/src/app.factory';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { eventually } from './eventually';
import { testStore, type TestStore } from './test-store';

/** Deletes the read models this test's worker left in the shared Redis (under its own prefix). */
async function forgetReadModels(env: Record<string, string>): Promise<void> {
  const { redis } = loadConfig(env);
  const client = new Redis(redis.url);
  try {
    for await (const keys of client.scanStream({ match: `${redis.prefix}:*`, count: 500 })) {
      if ((keys as string[]).length > 0) await client.del(...(keys as string[]));
    }
  } finally {
    client.disconnect();
  }
}

const startWorker = (config: AppConfig) =>
  NestFactory.createApplicationContext(WorkerModule.forRoot(config, new JsonLogger('error')), { logger: false });

export const ADMIN_PASSWORD = 'admin-password-for-tests';
export const PASSWORD = 'a-long-enough-password';

/**
 * The real app with a temporary data directory, on the event store the jest project chooses
 * (a real SQLite file by default; see test/support/test-store.ts).
 */
export class TestLedger {
  private constructor(
    readonly app: NestFastifyApplication,
    /** The worker (projections, integrity monitor), when the test asked for it. */
    private readonly worker: INestApplicationContext | undefined,
    readonly dataDir: string,
    private readonly env: Record<string, string>,
    private readonly store: TestStore,
  ) {}

  /** `worker: true` also runs the worker beside the API, on the same store and Redis prefix. */
  static async start(env: Record<string, string> = {}, options: { worker?: boolean } = {}): Promise<TestLedger> {
    const store = await testStore();
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-api-'));
    const fullEnv = {
      DATA_DIR: dataDir,
      LEDGER_ADMIN_PASSWORD: ADMIN_PASSWORD,
      SCRYPT_COST: '1024',
      LOG_LEVEL: 'error',
      REDIS_PREFIX: `t${randomUUID().slice(0, 8)}`,
      ...store.env,
      ...env,
    };
    const config = loadConfig(fullEnv);
    const worker = options.worker ? await startWorker(config) : undefined;
    return new TestLedger(await createApp(config), worker, dataDir, fullEnv, store);
  }

  /** Waits until the read models hold every event recorded so far. */
  async projected(): Promise<void> {
    await eventually(async () => {
      const health = await request(this.server).get('/health');
      return health.body.checks.projections.status === 'up';
    }, 'the read models to catch up with the ledger');
  }

  get server() {
    return this.app.getHttpServer();
  }

  /** Closes the app and opens a new one on the same data directory, like a restart. */
  async restart(whileStopped: () => void = () => undefined): Promise<TestLedger> {
    await this.app.close();
    await this.worker?.close();
    whileStopped();
    const config = loadConfig(this.env);
    const worker = this.worker ? await startWorker(config) : undefined;
    return new TestLedger(await createApp(config), worker, this.dataDir, this.env, this.store);
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.worker?.close();
    await this.store.close();
    if (this.worker) await forgetReadModels(this.env);
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  async login(username: string, password: string): Promise<string> {
    const response = await request(this.server).post('/api/v1/auth/login').send({ username, password });
    if (response.status !== 200)
      throw new Error(`login ${username}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.accessToken as string;
  }

  /** A POST with a fresh Idempotency-Key unless one is given. */
  post(path: string, token: string, body: unknown, headers: Record<string, string> = {}) {
    return request(this.server)
      .post(`/api/v1${path}`)
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', headers['Idempotency-Key'] ?? randomUUID())
      .set(headers)
      .send(body as object);
  }

  get(path: string, token: string) {
    return request(this.server).get(`/api/v1${path}`).set('Authorization', `Bearer ${token}`);
  }
}
