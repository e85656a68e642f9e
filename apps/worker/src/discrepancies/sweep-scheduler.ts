import type { Queue } from 'bullmq';
import { SWEEP_SCHEDULER_ID } from './discrepancy-jobs';

/**
 * The periodic sweep's job scheduler. Redis holds it, so the worker creates it at boot and puts
 * it back whenever it finds it gone (a flushed or replaced Redis): a scheduler that exists is
 * left alone, so its next run is not pushed back.
 */
export async function keepSweepScheduled(queue: Queue, everySeconds: number): Promise<boolean> {
  if (await queue.getJobScheduler(SWEEP_SCHEDULER_ID)) return false;
  await queue.upsertJobScheduler(SWEEP_SCHEDULER_ID, { every: everySeconds * 1000 }, { name: 'sweep', data: {} });
  return true;
}
