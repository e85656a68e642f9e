import type { CaseEvent, Deadline, DeadlineKind, DiscrepancyFlagged, DiscrepancyResolved } from './case.events';

export type Case = DiscrepancyFlagged['data'] & {
  acknowledged: boolean;
  resolution: DiscrepancyResolved['data'] | null;
  /** The deadlines met: the DEA notice sent, Form 106 filed, the case resolved (which also answers an inventory falling due). */
  met: DeadlineKind[];
  escalated: DeadlineKind[];
};

export type CaseState = { status: 'none' } | ({ status: 'flagged' } & Case);

export const initialCaseState = (): CaseState => ({ status: 'none' });

/** Folds recorded facts. It never throws: a recorded fact is applied as it stands. */
export function evolveCase(state: CaseState, event: CaseEvent): CaseState {
  if (event.type === 'DiscrepancyFlagged') {
    return { status: 'flagged', ...event.data, acknowledged: false, resolution: null, met: [], escalated: [] };
  }
  if (state.status !== 'flagged') return state;
  switch (event.type) {
    case 'DiscrepancyAcknowledged':
      return { ...state, acknowledged: true };
    case 'DiscrepancyResolved':
      return { ...state, resolution: event.data, met: [...state.met, 'RESOLUTION', 'INVENTORY'] };
    case 'DeaNoticeSent':
      return { ...state, met: [...state.met, 'DEA_NOTICE'] };
    case 'Form106Filed':
      return { ...state, met: [...state.met, 'FORM_106'] };
    case 'DiscrepancyEscalated':
      return { ...state, escalated: [...state.escalated, event.data.deadline] };
    default:
      // A type this version does not know (recorded by a later one): the state stands.
      return state;
  }
}

/**
 * Resolving a count variance as anything but a loss ends the duty to report it to DEA; a
 * conversion hands that duty to the loss case its `LossReported` opens. A theft or loss itself
 * must be reported whatever is found later (21 CFR 1301.76(b)), so its DEA clocks never lapse;
 * nor do a continuing pattern's when it is closed as minor and unresolved, since such a pattern
 * is what makes small losses significant (DEA guidance, domain.md section 1.7, scenario 38).
 */
function dischargedByResolution(c: Case, kind: DeadlineKind): boolean {
  if (!c.resolution || (kind !== 'DEA_NOTICE' && kind !== 'FORM_106')) return false;
  if (c.rule === 'THEFT_OR_LOSS') return false;
  return !(c.rule === 'CONTINUING_PATTERN' && c.resolution.code === 'UNRESOLVED_MINOR');
}

/** The deadlines still to be met: neither met nor discharged. */
export function outstandingDeadlines(c: Case): Deadline[] {
  return c.deadlines.filter((d) => !c.met.includes(d.kind) && !dischargedByResolution(c, d.kind));
}

export type CaseStatus = 'open' | 'overdue' | 'resolved';

/**
 * A case that asks to be resolved (it has a RESOLUTION or INVENTORY deadline) closes when it is
 * resolved and nothing it owes DEA is outstanding; a theft or loss, which asks only for its
 * reports, closes once the DEA notice and Form 106 are recorded. Overdue once a deadline passed.
 */
export function caseStatus(c: Case, now: string): CaseStatus {
  const outstanding = outstandingDeadlines(c);
  const needsResolution = c.deadlines.some((d) => d.kind === 'RESOLUTION' || d.kind === 'INVENTORY');
  if ((c.resolution || !needsResolution) && outstanding.length === 0) return 'resolved';
  return outstanding.some((d) => Date.parse(d.dueAt) < Date.parse(now)) ? 'overdue' : 'open';
}
