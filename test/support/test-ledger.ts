import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { loadConfig } from '@lib/config';
import { createApp } from '../../apps/api/src/app.factory';
import { testStore, type TestStore } from './test-store';

export const ADMIN_PASSWORD = 'admin-password-for-tests';
export const PASSWORD = 'a-long-enough-password';

/**
 * The real app with a temporary data directory, on the event store the jest project chooses
 * (a real SQLite file by default; see test/support/test-store.ts).
 */
export class TestLedger {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly dataDir: string,
    private readonly env: Record<string, string>,
    private readonly store: TestStore,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<TestLedger> {
    const store = await testStore();
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-api-'));
    const fullEnv = {
      DATA_DIR: dataDir,
      LEDGER_ADMIN_PASSWORD: ADMIN_PASSWORD,
      SCRYPT_COST: '1024',
      LOG_LEVEL: 'error',
      ...store.env,
      ...env,
    };
    return new TestLedger(await createApp(loadConfig(fullEnv)), dataDir, fullEnv, store);
  }

  get server() {
    return this.app.getHttpServer();
  }

  /** Closes the app and opens a new one on the same data directory, like a restart. */
  async restart(whileStopped: () => void = () => undefined): Promise<TestLedger> {
    await this.app.close();
    whileStopped();
    return new TestLedger(await createApp(loadConfig(this.env)), this.dataDir, this.env, this.store);
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.store.close();
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
