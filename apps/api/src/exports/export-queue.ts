import type { Provider } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, EXPORT_QUEUE, type AppConfig } from '@lib/config';
import { apiQueue } from '../common/api-queue';
import { REDIS } from '../reads/redis-connection';

export const EXPORT_JOBS = Symbol('EXPORT_JOBS');

/**
 * The queue a requested export is put on for the worker. It shares the API's fail-fast Redis
 * connection: with Redis down, a request is refused at once (503) rather than left waiting.
 */
export const exportQueueProvider: Provider = {
  provide: EXPORT_JOBS,
  inject: [APP_CONFIG, REDIS],
  useFactory: (config: AppConfig, redis: Redis) => apiQueue(EXPORT_QUEUE, redis, config),
};
