import { randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore } from '@lib/event-store';
import type { DeadlineKind, Finding } from '@lib/ledger';
import { CaseRecorder, caseIdOf } from '../../apps/worker/src/discrepancies/case-recorder';
import type { TestLedger } from './test-ledger';

export const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

/**
 * What the count-variance rule finds for a count 2 capsules short, discovered half an hour ago:
 * HIGH, with its resolution and DEA notice due in a day and Form 106 in 45 days. Each call is a
 * new subject, so a new case.
 */
export const shortage = (registrantId: string, overrides: Partial<Finding> = {}): Finding => ({
  rule: 'COUNT_VARIANCE',
  subject: randomUUID(),
  registrantId,
  lotId: null,
  locationId: null,
  severity: 'HIGH',
  summary: 'Closing count 2 capsules short of the book',
  figures: { bookUnits: 100, countedUnits: 98, variance: -2 },
  discoveredAt: hoursFromNow(-0.5),
  deadlines: [
    { kind: 'RESOLUTION', dueAt: hoursFromNow(24), regulation: 'Site policy: resolved within one business day' },
    { kind: 'DEA_NOTICE', dueAt: hoursFromNow(24), regulation: '21 CFR 1301.76(b)' },
    { kind: 'FORM_106', dueAt: hoursFromNow(45 * 24), regulation: '21 CFR 1301.76(b), DEA Form 106' },
  ],
  regulation: '21 CFR 1304.21(a), 1301.76(b)',
  evidence: [],
  involvedUserIds: [],
  ...overrides,
});

/** The worker's own recorder, on the test app's store. */
const recorder = (ledger: TestLedger) => new CaseRecorder(ledger.app.get<EventStore>(EVENT_STORE));

/** Flags a finding in the test app's own store, as the worker does; answers the case id. */
export async function flagCase(ledger: TestLedger, finding: Finding, now = new Date().toISOString()): Promise<string> {
  await recorder(ledger).flag(finding, now);
  return caseIdOf(finding);
}

/** Escalates a deadline that passed unmet (the worker's sweep). */
export function escalateCase(ledger: TestLedger, caseId: string, registrantId: string, deadline: DeadlineKind) {
  return recorder(ledger).escalate(caseId, registrantId, deadline, new Date().toISOString());
}
