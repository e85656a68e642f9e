import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import { ALERT_QUEUE, bullPrefix, DISCREPANCY_QUEUE, JsonLogger, type AppConfig } from '@lib/config';
import { Tokens } from '../auth/tokens';
import { connectRedis } from '../reads/redis-connection';
import { UsersService } from '../users/users.service';
import { adminGate } from './admin-gate';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * Bull Board at /admin/queues: the worker's queues (discrepancy checks, alerts) for ADMIN users
 * only, every route of it, static assets included, behind `adminGate`. It is read-only: jobs are
 * derived from the ledger, and an administrator must not be able to add, edit or remove them (an
 * added alert would be signed and sent as the ledger's own).
 *
 * Its Redis connection is its own and fails fast (see connectRedis): with Redis down the API
 * starts and records commands, and the dashboard's data calls fail instead of waiting. BullMQ is
 * told not to wait for the connection or check the server's version (the worker does), which
 * would otherwise leave a queue that met Redis down unusable. Closed with the app.
 */
export async function mountQueueDashboard(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const redis = connectRedis(config.redis.url);
  const queues = [DISCREPANCY_QUEUE, ALERT_QUEUE].map((name) => {
    const queue = new Queue(name, {
      connection: redis,
      prefix: bullPrefix(config.redis.prefix),
      skipWaitingForReady: true,
      skipVersionCheck: true,
    });
    // Connection errors surface as failed dashboard calls; the API's health check reports Redis.
    queue.on('error', () => undefined);
    return queue;
  });
  const board = new BullBoardAdapter().setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Custody ledger queues' } },
  });

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onClose', async () => {
    await Promise.all(queues.map((queue) => queue.close()));
    redis.disconnect();
  });
  const gate = adminGate(app.get(Tokens), app.get(UsersService), app.get(JsonLogger));
  await fastify.register(
    async (scope) => {
      scope.addHook('onRequest', gate);
      await scope.register(board.registerPlugin());
    },
    { prefix: QUEUE_DASHBOARD_PATH },
  );
}
