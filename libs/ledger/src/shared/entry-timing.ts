import { invalid, LedgerError } from './ledger-error';

/** An act recorded more than this long after it happened is a late entry. */
export const LATE_ENTRY_AFTER_MS = 24 * 60 * 60 * 1000;

/** `occurredAt` is the physical act (21 CFR 1304.21(d)); it cannot lie after the recording time. */
export function assertNotInFuture(occurredAt: string, now: string, field = 'occurredAt'): void {
  if (Number.isNaN(Date.parse(occurredAt))) throw invalid(field, `${field} must be an ISO 8601 date and time.`);
  if (Date.parse(occurredAt) > Date.parse(now)) {
    throw new LedgerError('OCCURRED_IN_FUTURE', `${field} lies in the future.`);
  }
}

/** Late entries are accepted and flagged, never refused (no late-entry reason exists in v1). */
export function isLateEntry(occurredAt: string, recordedAt: string): boolean {
  return Date.parse(recordedAt) - Date.parse(occurredAt) > LATE_ENTRY_AFTER_MS;
}
