import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, JsonLogger, type AppConfig } from '@lib/config';
import { EVENT_STORE, type EventStore } from '@lib/event-store';
import { ProjectionRunner } from '@lib/projections';
import { connectRedis } from './redis-connection';

/** Keeps the read models in Redis up to date with the ledger (see ProjectionRunner). */
@Injectable()
export class ProjectionWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private redis?: Redis;
  private runner?: ProjectionRunner;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly logger: JsonLogger,
  ) {}

  /** Starts in the background: the worker starts even while Redis is down. */
  onApplicationBootstrap(): void {
    this.redis = connectRedis(this.config.redis.url, this.logger);
    this.runner = new ProjectionRunner({
      store: this.store,
      redis: this.redis,
      prefix: this.config.redis.prefix,
      log: (level, msg, fields) => this.logger.write(level, msg, fields),
    });
    this.runner.start();
  }

  /**
   * Stops the runner and closes the connection. While Redis is unreachable the runner's commands
   * wait for it and would hold the shutdown forever; then there is nothing to give back (the lease
   * lapses by itself), so the connection is closed without waiting for them.
   */
  async onApplicationShutdown(): Promise<void> {
    const stopped = this.runner?.stop();
    if (this.redis?.status === 'ready') await stopped;
    this.redis?.disconnect();
  }
}
