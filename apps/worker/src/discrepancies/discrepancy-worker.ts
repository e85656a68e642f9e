import { InjectQueue } from '@nestjs/bullmq';
import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { ALERT_QUEUE, APP_CONFIG, DISCREPANCY_QUEUE, JsonLogger, type AppConfig } from '@lib/config';
import { EVENT_STORE, type EventStore } from '@lib/event-store';
import { AlertsProcessor } from '../alerts/alerts.processor';
import { connectRedis } from '../projections/redis-connection';
import { DiscrepancyProcessor } from './discrepancy.processor';
import { DiscrepancyTrigger } from './discrepancy-trigger';
import { keepSweepScheduled } from './sweep-scheduler';

/** How often the worker makes sure the sweep is still scheduled (Redis may have been flushed). */
const SCHEDULER_CHECK_MS = 10_000;

/**
 * The discrepancy side of the worker: the trigger that turns new events into checks, and the
 * sweep's scheduler, created at boot and restored whenever Redis has lost it.
 */
@Injectable()
export class DiscrepancyWorker implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private redis?: Redis;
  private trigger?: DiscrepancyTrigger;
  private schedulerTimer?: NodeJS.Timeout;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(DISCREPANCY_QUEUE) private readonly queue: Queue,
    @InjectQueue(ALERT_QUEUE) private readonly alertQueue: Queue,
    private readonly processors: DiscrepancyProcessor,
    private readonly alerts: AlertsProcessor,
    private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    const { redis, discrepancies } = this.config;
    for (const queue of [this.queue, this.alertQueue]) {
      queue.on('error', (error) => this.logger.write('debug', 'Queue connection error', { error: error.message }));
    }
    this.redis = connectRedis(redis.url);
    this.redis.on('ready', () => void this.keepScheduled());
    this.trigger = new DiscrepancyTrigger(
      this.store,
      this.queue,
      this.redis,
      `${redis.prefix}:discrepancies:checkpoint`,
      discrepancies.openDispensationHours * 3_600_000,
      this.logger,
    );
    this.trigger.start();
    this.schedulerTimer = setInterval(() => void this.keepScheduled(), SCHEDULER_CHECK_MS);
  }

  /**
   * With Redis up, BullMQ's workers finish their jobs and close by themselves. With Redis down
   * they would wait for it forever; then nothing can be handed back (a running job's lock lapses
   * and it runs again elsewhere), so they are closed without waiting.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.redis?.status === 'ready') return;
    await Promise.all([this.processors.worker.close(true), this.alerts.worker.close(true)]);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.schedulerTimer);
    await this.trigger?.stop();
    this.redis?.disconnect();
  }

  private async keepScheduled(): Promise<void> {
    if (this.redis?.status !== 'ready') return;
    try {
      if (await keepSweepScheduled(this.queue, this.config.discrepancies.sweepSeconds)) {
        this.logger.write('info', 'Discrepancy sweep scheduled', {
          everySeconds: this.config.discrepancies.sweepSeconds,
        });
      }
    } catch (error) {
      this.logger.write('warn', 'Could not check the discrepancy sweep schedule', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
