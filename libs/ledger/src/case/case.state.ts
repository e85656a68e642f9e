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
 * must be reported whatever is found later (21 CFR 1301.76(b)), so its DEA clocks never lapse.
 */
const dischargedByResolution = (c: Case, kind: DeadlineKind): boolean =>
  c.resolution !== null && c.rule !== 'THEFT_OR_LOSS' && (kind === 'DEA_NOTICE' || kind === 'FORM_106');

/** The deadlines still to be met: neither met nor discharged. */
export function outstandingDeadlines(c: Case): Deadline[] {
  return c.deadlines.filter((d) => !c.met.includes(d.kind) && !dischargedByResolution(c, d.kind));
}

export type CaseStatus = 'open' | 'overdue' | 'resolved';

/** Resolved once it is resolved and nothing it owes a regulator is outstanding; overdue once a deadline passed. */
export function caseStatus(c: Case, now: string): CaseStatus {
  const outstanding = outstandingDeadlines(c);
  if (c.resolution && outstanding.length === 0) return 'resolved';
  return outstanding.some((d) => Date.parse(d.dueAt) < Date.parse(now)) ? 'overdue' : 'open';
}
