import type Redis from 'ioredis';
import type { EventStore, Subscription } from '@lib/event-store';
import type { Recorded } from '@lib/ledger';
import { RedisLease } from '../redis/lease';
import { ReadModelKeys } from '../redis/read-model-keys';
import { ReadModelWriter } from '../redis/read-model-writer';
import { ReadModels } from '../redis/read-models';
import { Heartbeat } from './heartbeat';
import { inBatches } from './in-batches';
import type { ProjectionStatus } from './projection-status';

export type ProjectionLog = (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;

export interface ProjectionRunnerOptions {
  store: EventStore;
  /** A connection of the runner's own: it WATCHes the checkpoint on it. */
  redis: Redis;
  /** REDIS_PREFIX: the read models live under `<prefix>:rm:`. */
  prefix: string;
  /** Most events applied in one MULTI/EXEC. Default 500. */
  batchSize?: number;
  /** Time to live of the lease, which the holder renews at every heartbeat. Default 10 s. */
  leaseMs?: number;
  /** How often the holder renews its lease, checks that the checkpoint still exists, and refreshes its status. Default 1 s. */
  heartbeatMs?: number;
  /** How long to wait before asking for the lease again, or after a failure. Default 1 s. */
  retryMs?: number;
  log?: ProjectionLog;
}

/** How one run of the projection ended. */
type RunEnd = 'caught-up' | 'interrupted' | 'ended';
type Progress = (status: ProjectionStatus) => void;

const MOVED = 'The read-model checkpoint moved under this runner: starting again from it';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Keeps the read models in Redis up to date with the event store. One runner per prefix projects
 * at a time (a Redis lease); the others wait. The holder subscribes after the checkpoint and
 * applies events in batches, each written with the new checkpoint in one MULTI/EXEC on condition
 * that the checkpoint is still where it left it, so the checkpoint is never ahead of the data.
 * When the checkpoint is missing (a new or flushed Redis, or a rebuild was requested by deleting
 * it) the runner clears the read models and rebuilds them from the first event, by itself.
 */
export class ProjectionRunner {
  private readonly store: EventStore;
  private readonly writer: ReadModelWriter;
  private readonly readModels: ReadModels;
  private readonly lease: RedisLease;
  private readonly batchSize: number;
  private readonly heartbeatMs: number;
  private readonly retryMs: number;
  private readonly log: ProjectionLog;
  private following?: Promise<void>;
  private stopping = false;
  private subscription?: Subscription;
  private heartbeat?: Heartbeat;
  private wake?: () => void;
  private current: ProjectionStatus = { phase: 'rebuilding', position: null, eventsProjected: 0, updatedAt: '' };

  constructor(options: ProjectionRunnerOptions) {
    const keys = new ReadModelKeys(options.prefix);
    this.store = options.store;
    this.writer = new ReadModelWriter(options.redis, keys);
    this.readModels = new ReadModels(options.redis, options.prefix);
    this.lease = new RedisLease(options.redis, keys.lease, options.leaseMs ?? 10_000);
    this.batchSize = options.batchSize ?? 500;
    this.heartbeatMs = options.heartbeatMs ?? 1000;
    this.retryMs = options.retryMs ?? 1000;
    this.log = options.log ?? (() => undefined);
  }

  /** Projects in the background until `stop()`: waits for the lease, then follows the store. */
  start(): void {
    this.following ??= this.follow();
  }

  /**
   * Stops following and gives up the lease, once the batch being written is written. While
   * Redis is unreachable its commands wait, and so does this; the timers stop at once.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.halt();
    await this.following;
  }

  /** Stops the current run's heartbeat and subscription, which ends the run. */
  private async halt(): Promise<void> {
    void this.heartbeat?.stop();
    await this.subscription?.stop();
  }

  /**
   * Rebuilds the read models from the first event, if no other runner holds the lease: clears
   * them, projects until caught up with the store, and gives the lease back. Answers the final
   * status, or null when another runner holds the lease (it rebuilds by itself once the
   * checkpoint is deleted). `onProgress` hears the status after each batch.
   */
  async rebuild(onProgress: Progress = () => undefined): Promise<ProjectionStatus | null> {
    if (!(await this.lease.acquire())) return null;
    try {
      await this.writer.clear();
      for (;;) {
        const end = await this.run('caught-up', onProgress);
        if (end === 'caught-up') return this.current;
        if (end === 'ended') throw new Error('The event store subscription ended before the rebuild caught up');
        if (!(await this.lease.acquire())) return null;
      }
    } finally {
      await this.lease.release();
    }
  }

  private async follow(): Promise<void> {
    let waiting = false;
    while (!this.stopping) {
      try {
        if (await this.lease.acquire()) {
          waiting = false;
          await this.run('stopped');
        } else {
          if (!waiting) this.log('info', 'Another projection runner holds the lease; waiting for it');
          waiting = true;
          await this.pause();
        }
      } catch (error) {
        if (this.stopping) break;
        this.log('error', 'Projection runner failed; retrying', { error: message(error) });
        await this.pause();
      }
    }
    await this.lease.release().catch(() => undefined);
  }

  /**
   * Projects from the checkpoint (rebuilding from the start if there is none) until `until`, or
   * until interrupted: the lease was lost, or the checkpoint moved under it.
   */
  private async run(until: 'stopped' | 'caught-up', onProgress: Progress = () => undefined): Promise<RunEnd> {
    let checkpoint = await this.begin();
    const started = performance.now();
    const subscription = this.store.subscribeToAll(checkpoint === null ? {} : { after: checkpoint });
    let interrupted = false;
    const interrupt = async (why: string) => {
      interrupted = true;
      this.log('warn', why);
      await subscription.stop();
    };
    const heartbeat = new Heartbeat(
      this.heartbeatMs,
      () => this.beat(interrupt),
      (error) => this.log('warn', 'Projection heartbeat failed', { error: message(error) }),
    );
    [this.subscription, this.heartbeat] = [subscription, heartbeat];
    if (this.stopping) await this.halt();
    try {
      for await (const { events, idle } of inBatches(subscription, this.batchSize)) {
        if (events.length > 0) {
          const next = this.touched({
            position: events[events.length - 1].position.toString(),
            eventsProjected: this.current.eventsProjected + events.length,
          });
          if (!(await this.writer.apply(events as unknown as Recorded[], checkpoint, next))) {
            await interrupt(MOVED);
            break;
          }
          checkpoint = events[events.length - 1].position;
          this.current = next;
        }
        const waitingToCatchUp = this.current.phase === 'rebuilding' || until === 'caught-up';
        const caughtUp = idle && waitingToCatchUp && (await this.atHead(checkpoint));
        // With nothing more to read for now, make sure the last batch was written (while catching up, the next will tell).
        if ((caughtUp || (idle && !waitingToCatchUp)) && !(await this.writer.settled())) {
          await interrupt(MOVED);
          break;
        }
        if (caughtUp && this.current.phase === 'rebuilding') await this.rebuilt(started);
        onProgress(this.current);
        if (caughtUp && until === 'caught-up') return 'caught-up';
      }
    } finally {
      [this.subscription, this.heartbeat] = [undefined, undefined];
      await heartbeat.stop();
      await subscription.stop();
    }
    return interrupted ? 'interrupted' : 'ended';
  }

  /** Reads the checkpoint, clearing the read models if there is none, and publishes the status a run starts with. */
  private async begin(): Promise<bigint | null> {
    const checkpoint = await this.readModels.checkpoint();
    if (checkpoint === null) await this.writer.clear();
    this.current = {
      phase: checkpoint === null ? 'rebuilding' : 'live',
      position: checkpoint?.toString() ?? null,
      eventsProjected: 0,
      updatedAt: new Date().toISOString(),
    };
    this.log('info', checkpoint === null ? 'Rebuilding the read models from the first event' : 'Projecting', {
      after: this.current.position,
    });
    // Before any checkpoint of this run is written, so that a checkpoint always comes with the status of its run.
    await this.writer.publish(this.current);
    return checkpoint;
  }

  /** Renews the lease, checks that the checkpoint written so far is still there, and refreshes the status. */
  private async beat(interrupt: (why: string) => Promise<void>): Promise<void> {
    if (!(await this.lease.renew())) return interrupt('Projection lease lost to another runner');
    if (this.current.position !== null && (await this.readModels.checkpoint()) === null) {
      return interrupt('The read-model checkpoint is gone (Redis flushed, or a rebuild requested): rebuilding');
    }
    await this.writer.publish(this.touched({}));
  }

  /** Whether the store holds nothing after `position`: an idle subscription may only be slow. */
  private async atHead(position: bigint | null): Promise<boolean> {
    return (await this.store.readAll({ after: position ?? undefined, maxCount: 1 })).length === 0;
  }

  private async rebuilt(started: number): Promise<void> {
    this.current = this.touched({ phase: 'live' });
    await this.writer.publish(this.current);
    const seconds = (performance.now() - started) / 1000;
    this.log('info', 'Read models rebuilt', {
      events: this.current.eventsProjected,
      seconds: Math.round(seconds * 100) / 100,
      eventsPerSecond: Math.round(this.current.eventsProjected / seconds),
    });
  }

  private touched(change: Partial<ProjectionStatus>): ProjectionStatus {
    return { ...this.current, ...change, updatedAt: new Date().toISOString() };
  }

  /** Waits `retryMs`, or less if `stop()` is called meanwhile. */
  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.retryMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
