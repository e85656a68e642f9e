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
import { APP_CONFIG, EXPORT_JOB_OPTIONS, EXPORT_QUEUE, JsonLogger, type AppConfig } from '@lib/config';
import { EVENT_STORE, type EventStore } from '@lib/event-store';
import type { RegistrantRegistered } from '@lib/ledger';
import { exportSchedulerId } from './export-jobs';
import { connectRedis } from '../projections/redis-connection';
import { ExportProcessor } from './export.processor';

/** How often new registrants are looked for and lost schedulers (a flushed Redis) put back. */
const CHECK_MS = 10_000;
const PAGE = 1000;

/**
 * One BullMQ job scheduler per registrant, firing EXPORT_CRON in EXPORT_TIMEZONE (or the
 * registrant's own zone). Registrants are found by reading the store forward from where the last
 * check stopped; a scheduler that is missing or set differently is (re)created, one that matches
 * is left alone so its next firing is not moved.
 */
@Injectable()
export class ExportSchedules implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly registrants = new Map<string, string>();
  private after?: bigint;
  private timer?: NodeJS.Timeout;
  /** Tells whether Redis is up, so a check never waits on a queue command while it is down. */
  private redis?: Redis;
  private checking = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(EXPORT_QUEUE) private readonly queue: Queue,
    private readonly processor: ExportProcessor,
    private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.queue.on('error', (error) => this.logger.write('debug', 'Queue connection error', { error: error.message }));
    this.redis = connectRedis(this.config.redis.url);
    this.redis.on('ready', () => void this.check());
    this.timer = setInterval(() => void this.check(), CHECK_MS);
  }

  /** With Redis down the export worker would wait for it forever; it is closed without waiting. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.redis?.status !== 'ready') await this.processor.worker.close(true);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.redis?.disconnect();
  }

  private async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      await this.discoverRegistrants();
      if (this.redis?.status !== 'ready') return;
      for (const [registrantId, timeZone] of this.registrants) await this.keepScheduled(registrantId, timeZone);
    } catch (error) {
      this.logger.write('warn', 'Could not check the export schedules', {
        error: error instanceof Error ? error.message : String(error),
      });
    } finally {
      this.checking = false;
    }
  }

  private async discoverRegistrants(): Promise<void> {
    for (;;) {
      const page = await this.store.readAll({ after: this.after, maxCount: PAGE });
      for (const event of page) {
        if (event.type !== 'RegistrantRegistered') continue;
        const { registrantId, timeZone } = event.data as RegistrantRegistered['data'];
        this.registrants.set(registrantId, timeZone);
      }
      if (page.length > 0) this.after = page[page.length - 1].position;
      if (page.length < PAGE) return;
    }
  }

  private async keepScheduled(registrantId: string, registrantTimeZone: string): Promise<void> {
    const id = exportSchedulerId(registrantId);
    const pattern = this.config.exports.cron;
    const tz = this.config.exports.timeZone ?? registrantTimeZone;
    const current = await this.queue.getJobScheduler(id);
    if (current?.pattern === pattern && current.tz === tz) return;
    await this.queue.upsertJobScheduler(
      id,
      { pattern, tz },
      { name: 'scheduled', data: { registrantId }, opts: EXPORT_JOB_OPTIONS },
    );
    this.logger.write('info', 'Export scheduled', { registrantId, pattern, tz });
  }
}
