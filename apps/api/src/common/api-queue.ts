import { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { bullPrefix, type AppConfig } from '@lib/config';

/**
 * A BullMQ queue on one of the API's fail-fast Redis connections. BullMQ is told not to wait for
 * the connection or check the server's version (the worker does), which would otherwise leave a
 * queue that met Redis down unusable; its connection errors surface as failed calls, and the
 * health check reports Redis.
 */
export function apiQueue(name: string, connection: Redis, config: AppConfig): Queue {
  const queue = new Queue(name, {
    connection,
    prefix: bullPrefix(config.redis.prefix),
    skipWaitingForReady: true,
    skipVersionCheck: true,
  });
  queue.on('error', () => undefined);
  return queue;
}
