import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ALERT_QUEUE, DISCREPANCY_QUEUE, EXPORT_QUEUE, JsonLogger, type AppConfig } from '@lib/config';
import { apiQueue } from '../common/api-queue';
import { Tokens } from '../auth/tokens';
import { connectRedis } from '../reads/redis-connection';
import { UsersService } from '../users/users.service';
import { adminGate } from './admin-gate';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * Bull Board at /admin/queues: the worker's queues (discrepancy checks, alerts, exports) for ADMIN users
 * only, every route of it, static assets included, behind `adminGate`. It is read-only: jobs are
 * derived from the ledger, and an administrator must not be able to add, edit or remove them (an
 * added alert would be signed and sent as the ledger's own).
 *
 * Its Redis connection is its own and fails fast (see connectRedis and apiQueue): with Redis down
 * the API starts and records commands, and the dashboard's data calls fail instead of waiting.
 * Closed with the app.
 */
export async function mountQueueDashboard(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const redis = connectRedis(config.redis.url);
  const queues = [DISCREPANCY_QUEUE, ALERT_QUEUE, EXPORT_QUEUE].map((name) => apiQueue(name, redis, config));
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
