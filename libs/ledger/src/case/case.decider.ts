import type { Decider } from '../shared/decider';
import { assertNotInFuture } from '../shared/entry-timing';
import { invalid, LedgerError } from '../shared/ledger-error';
import { actingRole, assertSigned, type Role, type Signer } from '../shared/people';
import type { CaseEvent, ResolutionCode } from './case.events';
import type {
  AcknowledgeDiscrepancy,
  CaseCommand,
  EscalateDeadline,
  FlagDiscrepancy,
  RecordDeaNotice,
  RecordForm106,
  ResolveDiscrepancy,
} from './case.commands';
import { evolveCase, initialCaseState, outstandingDeadlines, type Case, type CaseState } from './case.state';

/** Who may act on a case (the resolver must also not be involved in what is in question). */
export const CASE_ROLES = {
  AcknowledgeDiscrepancy: ['COMPLIANCE_OFFICER', 'PHARMACIST'],
  ResolveDiscrepancy: ['COMPLIANCE_OFFICER'],
  RecordDeaNotice: ['COMPLIANCE_OFFICER'],
  RecordForm106: ['COMPLIANCE_OFFICER'],
} as const satisfies Record<string, readonly Role[]>;

/**
 * The codes that name an event of the case's lot, and its type: the correction that fixed the
 * record, or the loss the variance became. Other codes name none.
 */
export const RESOLUTION_REFERENCES: Partial<Record<ResolutionCode, string>> = {
  DOCUMENTATION_ERROR: 'CorrectionRecorded',
  CONVERTED_TO_LOSS: 'LossReported',
};

function existingCase(state: CaseState, signer: Signer, roles: readonly Role[]): Case {
  if (state.status !== 'flagged' || !signer.registrantIds.includes(state.registrantId)) {
    throw new LedgerError('NOT_FOUND', 'Case not found.');
  }
  actingRole(signer, roles);
  assertSigned(signer);
  return state;
}

function assertOpen(c: Case): void {
  if (c.resolution) throw new LedgerError('CASE_RESOLVED', `This case was resolved as ${c.resolution.code}.`);
}

function flag(command: FlagDiscrepancy, state: CaseState): CaseEvent[] {
  if (state.status === 'flagged') return [];
  return [{ type: 'DiscrepancyFlagged', data: { ...command.data, flaggedAt: command.now } }];
}

function escalate(command: EscalateDeadline, state: CaseState): CaseEvent[] {
  if (state.status !== 'flagged' || state.escalated.includes(command.deadline)) return [];
  const deadline = outstandingDeadlines(state).find((d) => d.kind === command.deadline);
  if (!deadline || Date.parse(deadline.dueAt) >= Date.parse(command.now)) return [];
  return [
    {
      type: 'DiscrepancyEscalated',
      data: { caseId: state.caseId, deadline: deadline.kind, dueAt: deadline.dueAt, escalatedAt: command.now },
    },
  ];
}

function acknowledge(command: AcknowledgeDiscrepancy, state: CaseState): CaseEvent[] {
  const c = existingCase(state, command.signer, CASE_ROLES.AcknowledgeDiscrepancy);
  assertOpen(c);
  if (c.acknowledged) throw new LedgerError('DUPLICATE', 'This case is already acknowledged.');
  return [{ type: 'DiscrepancyAcknowledged', data: command.data }];
}

function resolve(command: ResolveDiscrepancy, state: CaseState): CaseEvent[] {
  const c = existingCase(state, command.signer, CASE_ROLES.ResolveDiscrepancy);
  assertOpen(c);
  if (c.involvedUserIds.includes(command.signer.userId)) {
    throw new LedgerError(
      'RESOLVER_INVOLVED',
      'A case is resolved by a compliance officer who took no part in the transactions in question.',
    );
  }
  const { code, notes, reference } = command.data;
  if (!notes.trim()) throw invalid('notes', 'Say what the investigation found.');
  const needed = RESOLUTION_REFERENCES[code];
  if (needed) {
    if (!reference || reference.type !== needed || (c.lotId !== null && reference.lotId !== c.lotId)) {
      throw invalid('referenceEventId', `${code} must name the ${needed} event of this case's lot.`);
    }
  } else if (reference) {
    throw invalid('referenceEventId', `${code} names no event.`);
  }
  const recorded = reference ? { eventId: reference.eventId, type: reference.type } : null;
  return [{ type: 'DiscrepancyResolved', data: { caseId: c.caseId, code, notes, reference: recorded } }];
}

function deadlineOwed(c: Case, kind: 'DEA_NOTICE' | 'FORM_106', what: string): void {
  if (!c.deadlines.some((d) => d.kind === kind)) {
    throw new LedgerError('NOT_REPORTABLE', `This case has no ${what} to record.`);
  }
  if (c.met.includes(kind)) throw new LedgerError('DUPLICATE', `The ${what} is already recorded.`);
}

function assertAfterDiscovery(c: Case, at: string, field: string, now: string): void {
  assertNotInFuture(at, now, field);
  if (Date.parse(at) < Date.parse(c.discoveredAt)) throw invalid(field, `${field} cannot lie before the discovery.`);
}

function deaNotice(command: RecordDeaNotice, state: CaseState): CaseEvent[] {
  const c = existingCase(state, command.signer, CASE_ROLES.RecordDeaNotice);
  deadlineOwed(c, 'DEA_NOTICE', 'DEA written notice');
  assertAfterDiscovery(c, command.data.sentAt, 'sentAt', command.now);
  return [{ type: 'DeaNoticeSent', data: command.data }];
}

function form106(command: RecordForm106, state: CaseState): CaseEvent[] {
  const c = existingCase(state, command.signer, CASE_ROLES.RecordForm106);
  deadlineOwed(c, 'FORM_106', 'DEA Form 106');
  assertAfterDiscovery(c, command.data.filedAt, 'filedAt', command.now);
  return [{ type: 'Form106Filed', data: command.data }];
}

export function decideCase(command: CaseCommand, state: CaseState): CaseEvent[] {
  switch (command.type) {
    case 'FlagDiscrepancy':
      return flag(command, state);
    case 'EscalateDeadline':
      return escalate(command, state);
    case 'AcknowledgeDiscrepancy':
      return acknowledge(command, state);
    case 'ResolveDiscrepancy':
      return resolve(command, state);
    case 'RecordDeaNotice':
      return deaNotice(command, state);
    case 'RecordForm106':
      return form106(command, state);
  }
}

export const caseDecider: Decider<CaseCommand, CaseEvent, CaseState> = {
  initialState: initialCaseState,
  evolve: evolveCase,
  decide: decideCase,
};
