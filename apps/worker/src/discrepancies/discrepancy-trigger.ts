import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import type { JsonLogger } from '@lib/config';
import type { EventStore, RecordedEvent } from '@lib/event-store';
import { DISCREPANCY_JOB_OPTIONS, jobsFor } from './discrepancy-jobs';

/** Irrelevant events advance the checkpoint in steps of this many, relevant ones at once. */
const CHECKPOINT_EVERY = 500;
const RETRY_MS = 1000;

/**
 * Follows the ledger and enqueues the checks its events call for. The checkpoint (the global
 * position of the last event whose jobs Redis accepted) lives in Redis beside the jobs: if Redis
 * loses it, the trigger starts again from the first event, which only re-adds jobs whose effects
 * are idempotent (and the periodic sweep re-derives every finding anyway). It never moves past an
 * event whose jobs were not accepted: while Redis is down it waits, and carries on from there.
 */
export class DiscrepancyTrigger {
  private running = false;
  private loop?: Promise<void>;
  private subscription?: { stop(): Promise<void> };

  constructor(
    private readonly store: EventStore,
    private readonly queue: Queue,
    private readonly redis: Redis,
    private readonly checkpointKey: string,
    private readonly openDispensationMs: number,
    private readonly logger: JsonLogger,
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** While Redis is down the loop waits on it; then there is nothing to finish, so it is not awaited. */
  async stop(): Promise<void> {
    this.running = false;
    await this.subscription?.stop();
    if (this.redis.status === 'ready') await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.follow();
      } catch (error) {
        if (!this.running) return;
        this.logger.write('warn', 'Discrepancy trigger interrupted; resuming from its checkpoint', {
          error: error instanceof Error ? error.message : String(error),
        });
        await sleep(RETRY_MS);
      }
    }
  }

  private async follow(): Promise<void> {
    const saved = await this.redis.get(this.checkpointKey);
    const subscription = this.store.subscribeToAll({ after: saved === null ? undefined : BigInt(saved) });
    this.subscription = subscription;
    let unsaved = 0;
    try {
      for await (const event of subscription) {
        const relevant = await this.enqueue(event);
        if (relevant || ++unsaved >= CHECKPOINT_EVERY) {
          await this.redis.set(this.checkpointKey, event.position.toString());
          unsaved = 0;
        }
      }
    } finally {
      await subscription.stop();
    }
  }

  /** True when the event called for jobs (and Redis accepted them). */
  private async enqueue(event: RecordedEvent): Promise<boolean> {
    const planned = jobsFor(event, this.openDispensationMs, Date.now());
    if (planned.length === 0) return false;
    await this.queue.addBulk(
      planned.map(({ job, jobId, delay, deduplication }) => ({
        name: job.name,
        data: job.data,
        opts: { ...DISCREPANCY_JOB_OPTIONS, jobId, delay, deduplication },
      })),
    );
    return true;
  }
}
