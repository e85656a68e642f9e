import type { JobsOptions } from 'bullmq';
import type { RecordedEvent } from '@lib/event-store';

/** The jobs of the discrepancy queue. Their data are ids only: every check reads the ledger itself. */
export type DiscrepancyJob =
  | { name: 'check-lot'; data: { lotId: string } }
  | { name: 'check-registrant'; data: { registrantId: string } }
  | { name: 'sweep'; data: Record<string, never> };

export interface PlannedJob {
  job: DiscrepancyJob;
  /** Deterministic, from the event that calls for it (BullMQ ids may not contain ':'). */
  jobId: string;
  /** Milliseconds to wait: a dispensation is checked once it may be overdue. */
  delay: number;
  /** While a job with this id waits, the same check is not added again (see `jobsFor`). */
  deduplication?: { id: string; ttl: number };
}

export const SWEEP_SCHEDULER_ID = 'discrepancy-sweep';

const REGISTRANT_CHECK_DEBOUNCE_MS = 2000;

/** Kept long enough that a replayed event finds its job and adds nothing; failures kept for inspection. */
export const DISCREPANCY_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

const idOf = (event: RecordedEvent) => event.eventId;
const lotIdOf = (event: RecordedEvent) => event.streamId.slice('lot-'.length);
const registrantOf = (event: RecordedEvent) => (event.metadata as { registrantId: string }).registrantId;

/**
 * The checks a newly recorded event calls for: a count (its variances, and the registrant's
 * pattern of variances), a loss, a correction, an inventory, a new registrant, and a dispensation
 * once it has been open for the policy's time. Everything else waits for the periodic sweep.
 */
export function jobsFor(event: RecordedEvent, openDispensationMs: number, now: number): PlannedJob[] {
  const checkLot = (prefix: string, delay = 0): PlannedJob => ({
    job: { name: 'check-lot', data: { lotId: lotIdOf(event) } },
    jobId: `${prefix}-${idOf(event)}`,
    delay,
  });
  // A registrant's whole ledger is read for this check, so a burst of counts asks for it once: the
  // check waits as long as it absorbs repeats, and so still reads every event that asked for it.
  const checkRegistrant = (): PlannedJob => ({
    job: { name: 'check-registrant', data: { registrantId: registrantOf(event) } },
    jobId: `registrant-${idOf(event)}`,
    delay: REGISTRANT_CHECK_DEBOUNCE_MS,
    deduplication: { id: `registrant-${registrantOf(event)}`, ttl: REGISTRANT_CHECK_DEBOUNCE_MS },
  });
  switch (event.type) {
    case 'PhysicalCountRecorded':
      return [checkLot('lot'), checkRegistrant()];
    case 'LossReported':
    case 'CorrectionRecorded':
      return [checkLot('lot')];
    case 'DoseDispensed': {
      const occurredAt = Date.parse((event.metadata as { occurredAt: string }).occurredAt);
      // A second after the threshold, so the check finds it passed.
      return [checkLot('dispensation', Math.max(0, occurredAt + openDispensationMs + 1000 - now))];
    }
    case 'InventoryTaken':
    case 'RegistrantRegistered':
      return [checkRegistrant()];
    default:
      return [];
  }
}
