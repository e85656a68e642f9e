import type Redis from 'ioredis';
import type { Writable } from 'node:stream';
import type { EventStore } from '@lib/event-store';
import { ProjectionRunner, ReadModelKeys, ReadModels, type ProjectionStatus } from '@lib/projections';
import { ProgressBar } from './progress-bar';

export interface RebuildSettings {
  store: EventStore;
  redis: Redis;
  prefix: string;
  /** Where the progress bar and the summary go (stderr). */
  out: Writable;
}

export interface RebuildSummary {
  events: number;
  seconds: number;
  /** Who rebuilt: this command, or the worker holding the projection lease. */
  by: 'cli' | 'worker';
}

const POLL_MS = 100;
/** How long the worker may go without reporting (it does every second) before this command takes over. */
const STALL_MS = 20_000;
const PAGE = 10_000;

/** The number of events in the store, read page by page. */
async function countEvents(store: EventStore): Promise<number> {
  let count = 0;
  let after: bigint | undefined;
  for (;;) {
    const page = await store.readAll({ after, maxCount: PAGE });
    if (page.length === 0) return count;
    count += page.length;
    after = page[page.length - 1].position;
  }
}

/**
 * `projections:rebuild`: rebuilds the read models from the first event. If no worker holds the
 * projection lease, this command rebuilds them itself; if one does, it deletes the checkpoint, so
 * that the worker rebuilds by itself, and follows the worker's status until it is live again. A
 * worker that stops reporting (killed or frozen) is taken over.
 */
export async function rebuildProjections(settings: RebuildSettings): Promise<RebuildSummary> {
  const { store, redis, prefix, out } = settings;
  const total = await countEvents(store);
  if (total === 0) {
    out.write('The event store holds no events: there is nothing to project.\n');
    return { events: 0, seconds: 0, by: 'cli' };
  }
  out.write(`Rebuilding the read models under ${prefix}:rm: from ${total.toLocaleString('en-US')} events\n`);
  const bar = new ProgressBar(out, total);
  const started = performance.now();
  const runner = new ProjectionRunner({ store, redis, prefix });
  for (;;) {
    const rebuilt = await runner.rebuild((status) => bar.update(status.eventsProjected));
    const status = rebuilt ?? (await followWorker(redis, prefix, bar));
    if (status === 'stalled') continue;
    const seconds = (performance.now() - started) / 1000;
    const by = rebuilt ? 'cli' : 'worker';
    bar.finish(
      status.eventsProjected,
      `Rebuilt ${status.eventsProjected.toLocaleString('en-US')} events in ${seconds.toFixed(1)} s: ` +
        `${Math.round(status.eventsProjected / seconds).toLocaleString('en-US')} events/s` +
        (by === 'worker' ? ' (by the worker holding the projection lease)' : ''),
    );
    return { events: status.eventsProjected, seconds, by };
  }
}

/**
 * Deletes the checkpoint, then waits until the worker has rebuilt: the checkpoint is back and the
 * worker reports being live at it. (A rebuild publishes its status before it writes a checkpoint,
 * so a status from before the request can never pass for the end of the rebuild.)
 */
async function followWorker(redis: Redis, prefix: string, bar: ProgressBar): Promise<ProjectionStatus | 'stalled'> {
  const readModels = new ReadModels(redis, prefix);
  await redis.del(new ReadModelKeys(prefix).checkpoint);
  let lastReport = { updatedAt: '', at: performance.now() };
  for (;;) {
    const [status, checkpoint] = await Promise.all([readModels.status(), readModels.checkpoint()]);
    if (status && status.phase === 'live' && checkpoint !== null && status.position === checkpoint.toString()) {
      return status;
    }
    if (status?.phase === 'rebuilding') bar.update(status.eventsProjected);
    const updatedAt = status?.updatedAt ?? '';
    if (updatedAt !== lastReport.updatedAt) lastReport = { updatedAt, at: performance.now() };
    else if (performance.now() - lastReport.at > STALL_MS) return 'stalled';
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
