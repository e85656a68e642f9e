import { caseStatus, outstandingDeadlines, SEVERITIES, type Case, type CaseStatus } from '@lib/ledger';
import type { CaseView } from './case.responses';

const time = (iso: string) => Date.parse(iso);

/** The case as it stands at `now`: its status and, per deadline, whether it is met, still owed, overdue. */
export function toCaseView(c: Case, now: string): CaseView {
  const outstanding = outstandingDeadlines(c);
  const owed = new Set(outstanding.map((d) => d.kind));
  const due = outstanding.map((d) => d.dueAt).sort((a, b) => time(a) - time(b));
  return {
    caseId: c.caseId,
    rule: c.rule,
    subject: c.subject,
    status: caseStatus(c, now),
    severity: c.severity,
    summary: c.summary,
    figures: c.figures,
    lotId: c.lotId,
    locationId: c.locationId,
    discoveredAt: c.discoveredAt,
    flaggedAt: c.flaggedAt,
    regulation: c.regulation,
    deadlines: c.deadlines.map((d) => ({
      kind: d.kind,
      dueAt: d.dueAt,
      regulation: d.regulation,
      met: c.met.includes(d.kind),
      outstanding: owed.has(d.kind),
      overdue: owed.has(d.kind) && time(d.dueAt) < time(now),
      escalated: c.escalated.includes(d.kind),
    })),
    nextDueAt: due[0] ?? null,
    acknowledged: c.acknowledged,
    resolution: c.resolution && {
      code: c.resolution.code,
      notes: c.resolution.notes,
      reference: c.resolution.reference,
    },
    evidence: c.evidence,
  };
}

/** `open` is every case not closed, overdue ones included. */
export const hasStatus = (view: CaseView, status: CaseStatus): boolean =>
  status === 'open' ? view.status !== 'resolved' : view.status === status;

/**
 * Most urgent first: overdue cases, then the earliest outstanding deadline (cases owing nothing
 * last), the gravest severity, the earliest flagged, and the case id to break ties.
 */
export function byUrgency(a: CaseView, b: CaseView): number {
  const overdue = Number(b.status === 'overdue') - Number(a.status === 'overdue');
  const due =
    a.nextDueAt === b.nextDueAt
      ? 0
      : a.nextDueAt === null
        ? 1
        : b.nextDueAt === null
          ? -1
          : time(a.nextDueAt) - time(b.nextDueAt);
  const severity = SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity);
  return (
    overdue ||
    due ||
    severity ||
    time(a.flaggedAt) - time(b.flaggedAt) ||
    (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0)
  );
}
