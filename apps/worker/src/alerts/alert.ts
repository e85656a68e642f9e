import type { Case, Deadline, DiscrepancyRule, Severity } from '@lib/ledger';

export type AlertKind = 'CASE_OPENED' | 'CASE_ESCALATED' | 'DEADLINE_NEAR';

/** What the alert webhook receives (the JSON body of the POST) when a case opens, escalates or nears a deadline. */
export interface CaseAlert {
  /**
   * The same for every announcement of the same thing: `<caseId>.<kind>`, plus `.<deadline kind>`
   * for a deadline. Delivery is at least once, so a receiver deduplicates on it.
   */
  alertId: string;
  kind: AlertKind;
  registrantId: string;
  caseId: string;
  rule: DiscrepancyRule;
  severity: Severity;
  summary: string;
  /** The deadline that escalated or is near; absent for CASE_OPENED. */
  deadline?: Deadline;
  /** When what the alert announces happened (ISO 8601). */
  occurredAt: string;
}

/** The alert announcing `kind` of case `c`, about `deadline` when a deadline escalated or is near. */
export function caseAlert(kind: AlertKind, c: Case, deadline: Deadline | null, occurredAt: string): CaseAlert {
  return {
    alertId: [c.caseId, kind, ...(deadline ? [deadline.kind] : [])].join('.'),
    kind,
    registrantId: c.registrantId,
    caseId: c.caseId,
    rule: c.rule,
    severity: c.severity,
    summary: c.summary,
    ...(deadline ? { deadline: { kind: deadline.kind, dueAt: deadline.dueAt, regulation: deadline.regulation } } : {}),
    occurredAt,
  };
}

/**
 * What the alert webhook receives when an export bundle is ready: enough for a regulator's system
 * to fetch it (`GET /api/v1/registrants/{registrantId}/exports/{exportId}/bundle.zip`) and to check
 * that what it fetched is what the ledger recorded (the manifest's SHA-256).
 */
export interface ExportReadyAlert {
  /** `<exportId>.EXPORT_READY`: the same for every announcement of the same bundle. */
  alertId: string;
  kind: 'EXPORT_READY';
  registrantId: string;
  exportId: string;
  from: string;
  to: string;
  manifestSha256: string;
  occurredAt: string;
}

export type LedgerAlert = CaseAlert | ExportReadyAlert;

export const exportReadyAlert = (e: Omit<ExportReadyAlert, 'alertId' | 'kind'>): ExportReadyAlert => ({
  alertId: `${e.exportId}.EXPORT_READY`,
  kind: 'EXPORT_READY',
  ...e,
});

/**
 * The BullMQ job id of an alert: its alert id, so the same alert enqueued twice is one job.
 * BullMQ refuses custom ids containing ':' (its key separator); encoding keeps them out whatever
 * the id holds, and keeps distinct ids distinct.
 */
export const alertJobId = (alert: LedgerAlert): string => encodeURIComponent(alert.alertId);
