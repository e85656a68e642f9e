import type { DomainEvent } from '../shared/decider';

/** The rules that find discrepancies (domain.md sections 1.3, 1.7 and 7). */
export const DISCREPANCY_RULES = [
  'COUNT_VARIANCE',
  'OPEN_DISPENSATION',
  'EXPIRED_STOCK',
  'INVENTORY_CADENCE',
  'THEFT_OR_LOSS',
  'CONTINUING_PATTERN',
] as const;
export type DiscrepancyRule = (typeof DISCREPANCY_RULES)[number];

export const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * The clocks a case runs on: its resolution (site policy), the DEA written notice (one business
 * day from discovery, 21 CFR 1301.76(b)), DEA Form 106 (45 days) and an inventory falling due
 * (21 CFR 1304.11(c)).
 */
export const DEADLINE_KINDS = ['RESOLUTION', 'DEA_NOTICE', 'FORM_106', 'INVENTORY'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export interface Deadline {
  kind: DeadlineKind;
  dueAt: string;
  regulation: string;
}

export const RESOLUTION_CODES = [
  'DOCUMENTATION_ERROR',
  'FOUND',
  'WITNESSED_BREAKAGE',
  'UNRESOLVED_MINOR',
  'CONVERTED_TO_LOSS',
] as const;
export type ResolutionCode = (typeof RESOLUTION_CODES)[number];

export const DEA_NOTICE_METHODS = ['EMAIL', 'FAX', 'LETTER', 'DEA_PORTAL'] as const;
export type DeaNoticeMethod = (typeof DEA_NOTICE_METHODS)[number];

/**
 * What a rule found. The same finding always has the same rule and subject, from which the case
 * id is derived, so a rule that runs twice, a retried job or a rebuild flags it once.
 */
export interface Finding {
  rule: DiscrepancyRule;
  /** What the finding is about, stable across runs (e.g. `<countId>/<lotId>/<locationId>`). */
  subject: string;
  registrantId: string;
  lotId: string | null;
  locationId: string | null;
  severity: Severity;
  summary: string;
  figures: Record<string, number | string | boolean | null>;
  /** When the facts became known: the discovery that starts the legal clocks. */
  discoveredAt: string;
  deadlines: Deadline[];
  /** The regulation the case serves, as an inspector would cite it. */
  regulation: string;
  /** Ids of the ledger events the finding rests on. */
  evidence: string[];
  /** Who recorded or witnessed those events: none of them may resolve the case. */
  involvedUserIds: string[];
}

export type DiscrepancyFlagged = DomainEvent<'DiscrepancyFlagged', Finding & { caseId: string; flaggedAt: string }>;

export type DiscrepancyAcknowledged = DomainEvent<'DiscrepancyAcknowledged', { caseId: string; note: string | null }>;

export type DiscrepancyResolved = DomainEvent<
  'DiscrepancyResolved',
  {
    caseId: string;
    code: ResolutionCode;
    notes: string;
    /** The `CorrectionRecorded` (documentation error) or `LossReported` (converted to loss) it rests on. */
    reference: { eventId: string; type: string } | null;
  }
>;

export type DeaNoticeSent = DomainEvent<
  'DeaNoticeSent',
  { caseId: string; sentAt: string; office: string; method: DeaNoticeMethod }
>;

export type Form106Filed = DomainEvent<'Form106Filed', { caseId: string; confirmationNumber: string; filedAt: string }>;

/** A deadline passed unmet: recorded once per deadline. */
export type DiscrepancyEscalated = DomainEvent<
  'DiscrepancyEscalated',
  { caseId: string; deadline: DeadlineKind; dueAt: string; escalatedAt: string }
>;

export type CaseEvent =
  | DiscrepancyFlagged
  | DiscrepancyAcknowledged
  | DiscrepancyResolved
  | DeaNoticeSent
  | Form106Filed
  | DiscrepancyEscalated;
