import type { Job, JobsOptions, Queue } from 'bullmq';
import { alertJobId, type LedgerAlert } from './alert';

const DAY_SECONDS = 24 * 3600;

/**
 * Fifteen attempts, waiting 1 s, 2 s, 4 s ... 2.3 h between them: an alert outlives a receiver
 * that is down for about four and a half hours. Finished jobs are kept for 30 days, so the same
 * alert enqueued again within that time finds its job and is not sent twice.
 */
export const ALERT_JOB_OPTIONS = {
  attempts: 15,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 30 * DAY_SECONDS, count: 50_000 },
  removeOnFail: { age: 30 * DAY_SECONDS, count: 50_000 },
} as const satisfies JobsOptions;

/**
 * Queues an alert for delivery, once: its job id is derived from the alert id, and BullMQ adds
 * nothing for an id it still holds. `overrides` is for tests (a short backoff).
 */
export function enqueueAlert(
  queue: Queue,
  alert: LedgerAlert,
  overrides: Pick<JobsOptions, 'attempts' | 'backoff'> = {},
): Promise<Job<LedgerAlert>> {
  return queue.add(alert.kind, alert, { ...ALERT_JOB_OPTIONS, ...overrides, jobId: alertJobId(alert) });
}
