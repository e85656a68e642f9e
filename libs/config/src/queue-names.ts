/** The BullMQ queues the worker runs and the API's dashboard shows. */
export const DISCREPANCY_QUEUE = 'discrepancies';
export const ALERT_QUEUE = 'alerts';
export const EXPORT_QUEUE = 'exports';

/**
 * Options of every export job, scheduled or requested: a failed one is tried again over about two
 * hours; a finished one is kept a week, and a failed one not at all, so asking again re-queues it.
 */
export const EXPORT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 30_000 },
  removeOnComplete: { age: 7 * 24 * 3600 },
  removeOnFail: true,
} as const;
