import { spec } from '../testing/decider-spec';
import {
  ADMIN,
  COMPLIANCE_OFFICER,
  COUNT_ID,
  INVESTIGATOR,
  LOT_ID,
  NOW,
  OCCURRED_AT,
  OUTSIDER,
  PHARMACIST,
  REGISTRANT_ID,
  REGULATOR,
  signer,
  VAULT_ID,
  type Member,
} from '../testing/fixtures';
import type {
  AcknowledgeDiscrepancy,
  EscalateDeadline,
  FlagDiscrepancy,
  RecordDeaNotice,
  RecordForm106,
  ResolveDiscrepancy,
} from './case.commands';
import { caseDecider } from './case.decider';
import type {
  Deadline,
  DeadlineKind,
  DeaNoticeSent,
  DiscrepancyAcknowledged,
  DiscrepancyEscalated,
  DiscrepancyFlagged,
  DiscrepancyResolved,
  Finding,
  Form106Filed,
  ResolutionCode,
} from './case.events';
import {
  caseStatus,
  evolveCase,
  initialCaseState,
  outstandingDeadlines,
  type Case,
  type CaseState,
} from './case.state';

const cases = spec(caseDecider);

// ---------------------------------------------------------------------------------------------
// A count 2 capsules short of the book, discovered at 13:45 in New York on Monday 2 March 2026
// ---------------------------------------------------------------------------------------------

const CASE_ID = 'c4a5e000-1b2c-4d3e-8f40-000000000001';
const COUNT_EVENT_ID = 'c4a5e000-1b2c-4d3e-8f40-0000000000e1';
const CORRECTION_EVENT_ID = 'c4a5e000-1b2c-4d3e-8f40-0000000000e2';
const LOSS_EVENT_ID = 'c4a5e000-1b2c-4d3e-8f40-0000000000e3';
const OTHER_LOT_ID = '2c9e6b3d-7a1f-4e8c-b5d4-6f7a8b9c0d02';

const DISCOVERED_AT = OCCURRED_AT;
const FLAGGED_AT = '2026-03-02T18:46:00.000Z';
/** End of Tuesday 3 March in New York: the next business day after the discovery. */
const NEXT_BUSINESS_DAY_END = '2026-03-04T04:59:59.999Z';
/** Discovery + 45 calendar days. */
const DAY_45 = '2026-04-16T18:45:00.000Z';
const AFTER_NEXT_BUSINESS_DAY = '2026-03-04T14:00:00.000Z';
const DAY_46 = '2026-04-17T14:00:00.000Z';

const RESOLUTION: Deadline = {
  kind: 'RESOLUTION',
  dueAt: NEXT_BUSINESS_DAY_END,
  regulation: 'Site policy: resolved within one business day',
};
const DEA_NOTICE: Deadline = { kind: 'DEA_NOTICE', dueAt: NEXT_BUSINESS_DAY_END, regulation: '21 CFR 1301.76(b)' };
const FORM_106: Deadline = { kind: 'FORM_106', dueAt: DAY_45, regulation: '21 CFR 1301.76(b), DEA Form 106' };

/** What the count-variance rule finds: the pharmacist counted, so the pharmacist is involved. */
const shortage = (overrides: Partial<Finding> = {}): Finding => ({
  rule: 'COUNT_VARIANCE',
  subject: `${COUNT_ID}/${LOT_ID}/${VAULT_ID}`,
  registrantId: REGISTRANT_ID,
  lotId: LOT_ID,
  locationId: VAULT_ID,
  severity: 'HIGH',
  summary: 'Closing count 2 capsules short of the book',
  figures: { bookUnits: 100, countedUnits: 98, variance: -2 },
  discoveredAt: DISCOVERED_AT,
  deadlines: [RESOLUTION, DEA_NOTICE, FORM_106],
  regulation: '21 CFR 1304.21(a), 1301.76(b)',
  evidence: [COUNT_EVENT_ID],
  involvedUserIds: [PHARMACIST.userId],
  ...overrides,
});

/** An overage: resolved on site, nothing to report to DEA. */
const overage = () =>
  shortage({
    severity: 'MEDIUM',
    summary: 'Closing count 1 capsule over the book',
    figures: { bookUnits: 100, countedUnits: 101, variance: 1 },
    deadlines: [RESOLUTION],
  });

/** Scenario 36: the theft of a single capsule, reported by the pharmacist. */
const theftOfOne = () =>
  shortage({
    rule: 'THEFT_OR_LOSS',
    subject: LOSS_EVENT_ID,
    severity: 'CRITICAL',
    summary: 'Theft of 1 capsule reported',
    figures: { units: 1, kind: 'THEFT' },
    deadlines: [DEA_NOTICE, FORM_106],
    evidence: [LOSS_EVENT_ID],
  });

/** Scenario 38: three 1-capsule variances within 12 months, about no single lot. */
const pattern = () =>
  shortage({
    rule: 'CONTINUING_PATTERN',
    subject: REGISTRANT_ID,
    lotId: null,
    locationId: null,
    summary: 'Significant loss pattern: 3 count variances within 12 months',
    figures: { variances: 3 },
    deadlines: [DEA_NOTICE, FORM_106],
  });

// Events

const flagged = (finding: Finding = shortage()): DiscrepancyFlagged => ({
  type: 'DiscrepancyFlagged',
  data: { ...finding, caseId: CASE_ID, flaggedAt: FLAGGED_AT },
});
const acknowledged = (note: string | null = 'Recount at opening tomorrow.'): DiscrepancyAcknowledged => ({
  type: 'DiscrepancyAcknowledged',
  data: { caseId: CASE_ID, note },
});
const resolved = (
  code: ResolutionCode = 'FOUND',
  reference: DiscrepancyResolved['data']['reference'] = null,
): DiscrepancyResolved => ({
  type: 'DiscrepancyResolved',
  data: { caseId: CASE_ID, code, notes: 'Two capsules found in the return tray.', reference },
});
const deaNoticeSent = (sentAt = '2026-03-02T18:55:00.000Z'): DeaNoticeSent => ({
  type: 'DeaNoticeSent',
  data: { caseId: CASE_ID, sentAt, office: 'DEA Baltimore District Office', method: 'EMAIL' },
});
const form106Filed = (filedAt = '2026-03-02T18:58:00.000Z'): Form106Filed => ({
  type: 'Form106Filed',
  data: { caseId: CASE_ID, confirmationNumber: 'TLR-2026-000417', filedAt },
});
const escalated = (deadline: DeadlineKind, dueAt: string, escalatedAt: string): DiscrepancyEscalated => ({
  type: 'DiscrepancyEscalated',
  data: { caseId: CASE_ID, deadline, dueAt, escalatedAt },
});

// Commands

const flag = (finding: Finding = shortage(), now = FLAGGED_AT): FlagDiscrepancy => ({
  type: 'FlagDiscrepancy',
  data: { ...finding, caseId: CASE_ID },
  now,
});
const escalate = (deadline: DeadlineKind, now: string): EscalateDeadline => ({
  type: 'EscalateDeadline',
  caseId: CASE_ID,
  deadline,
  now,
});

type By = { by?: Member; passwordVerified?: boolean; now?: string };
const signedBy = ({ by = COMPLIANCE_OFFICER, passwordVerified = true, now = NOW }: By) => ({
  signer: signer(by, passwordVerified),
  now,
});

const acknowledge = (options: By = {}): AcknowledgeDiscrepancy => ({
  type: 'AcknowledgeDiscrepancy',
  data: acknowledged().data,
  ...signedBy(options),
});
const resolve = (data: Partial<ResolveDiscrepancy['data']> = {}, options: By = {}): ResolveDiscrepancy => ({
  type: 'ResolveDiscrepancy',
  data: { caseId: CASE_ID, code: 'FOUND', notes: resolved().data.notes, reference: null, ...data },
  ...signedBy(options),
});
const recordDeaNotice = (sentAt?: string, options: By = {}): RecordDeaNotice => ({
  type: 'RecordDeaNotice',
  data: deaNoticeSent(sentAt).data,
  ...signedBy(options),
});
const recordForm106 = (filedAt?: string, options: By = {}): RecordForm106 => ({
  type: 'RecordForm106',
  data: form106Filed(filedAt).data,
  ...signedBy(options),
});

/** The event a resolution names, as the API found it in the lot. */
const correction = (lotId = LOT_ID) => ({ eventId: CORRECTION_EVENT_ID, type: 'CorrectionRecorded', lotId });
const lossReport = (lotId = LOT_ID) => ({ eventId: LOSS_EVENT_ID, type: 'LossReported', lotId });

function flaggedCase(state: CaseState): Extract<CaseState, { status: 'flagged' }> {
  if (state.status !== 'flagged') throw new Error('Expected a flagged case.');
  return state;
}
const kinds = (c: Case) => outstandingDeadlines(c).map((d) => d.kind);
const caseAfter = (...events: Parameters<typeof evolveCase>[1][]) =>
  flaggedCase(events.reduce(evolveCase, initialCaseState()));

// ---------------------------------------------------------------------------------------------

describe('flagging a finding', () => {
  it('opens the case with its severity, figures, deadlines and the time it was flagged', () => {
    const state = cases.given().when(flag()).then([flagged()]);
    const c = flaggedCase(state);
    expect([c.acknowledged, c.resolution, c.met, c.escalated]).toEqual([false, null, [], []]);
    expect(kinds(c)).toEqual(['RESOLUTION', 'DEA_NOTICE', 'FORM_106']);
  });

  it('flags once: the same finding again (a rerun, a retried job, a rebuild) records nothing', () => {
    cases.given(flagged()).when(flag(shortage(), NOW)).then([]);
  });

  it('flags once even after the case moved on, and leaves it as it stands', () => {
    const history = [flagged(), acknowledged(), resolved()];
    const state = cases.given(history).when(flag()).then([]);
    expect(flaggedCase(state).resolution?.code).toBe('FOUND');
  });
});

describe('acknowledging a case', () => {
  it.each([
    ['the compliance officer', COMPLIANCE_OFFICER],
    ['a pharmacist', PHARMACIST],
  ])('%s acknowledges it, with a note', (_who, by) => {
    const state = cases.given(flagged()).when(acknowledge({ by })).then([acknowledged()]);
    expect(flaggedCase(state).acknowledged).toBe(true);
  });

  it('takes no note', () => {
    const command = acknowledge();
    cases
      .given(flagged())
      .when({ ...command, data: { caseId: CASE_ID, note: null } })
      .then([acknowledged(null)]);
  });

  it.each([
    ['an investigator', INVESTIGATOR],
    ['the regulator', REGULATOR],
  ])('refuses %s (FORBIDDEN)', (_who, by) => {
    cases.given(flagged()).when(acknowledge({ by })).thenThrows('FORBIDDEN');
  });

  it('acknowledges once: twice is DUPLICATE', () => {
    cases
      .given(flagged(), acknowledged())
      .when(acknowledge({ by: PHARMACIST }))
      .thenThrows('DUPLICATE', 'already acknowledged');
  });

  it('refuses a resolved case (CASE_RESOLVED)', () => {
    cases.given(flagged(), resolved()).when(acknowledge()).thenThrows('CASE_RESOLVED', 'resolved as FOUND');
  });

  it('refuses a wrong signature password (SIGNATURE_INVALID)', () => {
    cases
      .given(flagged())
      .when(acknowledge({ passwordVerified: false }))
      .thenThrows('SIGNATURE_INVALID');
  });

  it('answers NOT_FOUND to a member of another registrant, to the administrator (a member of none), and for a case never flagged', () => {
    for (const by of [OUTSIDER, ADMIN]) {
      cases.given(flagged()).when(acknowledge({ by })).thenThrows('NOT_FOUND', 'Case not found.');
    }
    cases.given().when(acknowledge()).thenThrows('NOT_FOUND', 'Case not found.');
  });
});

describe('resolving a case', () => {
  it('a compliance officer who took no part resolves it as FOUND, which ends the duty to report the variance', () => {
    const state = cases.given(flagged()).when(resolve()).then([resolved()]);
    const c = flaggedCase(state);
    expect(c.met).toEqual(['RESOLUTION', 'INVENTORY']);
    expect(kinds(c)).toEqual([]);
    expect(caseStatus(c, AFTER_NEXT_BUSINESS_DAY)).toBe('resolved');
  });

  it.each([
    ['a pharmacist', PHARMACIST],
    ['an investigator', INVESTIGATOR],
    ['the regulator', REGULATOR],
  ])('refuses %s: only a compliance officer resolves (FORBIDDEN)', (_who, by) => {
    cases.given(flagged()).when(resolve({}, { by })).thenThrows('FORBIDDEN');
  });

  it('refuses the compliance officer whose own transaction is in question (RESOLVER_INVOLVED)', () => {
    cases
      .given(flagged(shortage({ involvedUserIds: [PHARMACIST.userId, COMPLIANCE_OFFICER.userId] })))
      .when(resolve())
      .thenThrows('RESOLVER_INVOLVED');
  });

  it('resolves once: a second resolution is CASE_RESOLVED', () => {
    cases
      .given(flagged(), resolved())
      .when(resolve({ code: 'UNRESOLVED_MINOR' }))
      .thenThrows('CASE_RESOLVED', 'resolved as FOUND');
  });

  it('scenario 37: a variance explained by an unposted return closes as DOCUMENTATION_ERROR on the correction; no Form 106', () => {
    const state = cases
      .given(flagged())
      .when(resolve({ code: 'DOCUMENTATION_ERROR', reference: correction() }))
      .then([resolved('DOCUMENTATION_ERROR', { eventId: CORRECTION_EVENT_ID, type: 'CorrectionRecorded' })]);
    const c = flaggedCase(state);
    expect(kinds(c)).toEqual([]);
    expect(caseStatus(c, DAY_46)).toBe('resolved');
  });

  it.each([
    ['no event', null],
    ['a LossReported', lossReport()],
    ['the correction of another lot', correction(OTHER_LOT_ID)],
  ])('refuses DOCUMENTATION_ERROR naming %s (VALIDATION_FAILED on referenceEventId)', (_what, reference) => {
    const refusal = cases
      .given(flagged())
      .when(resolve({ code: 'DOCUMENTATION_ERROR', reference }))
      .thenThrows('VALIDATION_FAILED', 'CorrectionRecorded');
    expect(refusal.errors?.map((e) => e.field)).toEqual(['referenceEventId']);
  });

  it('converts it to a loss on the LossReported that now carries the DEA clocks', () => {
    const state = cases
      .given(flagged())
      .when(resolve({ code: 'CONVERTED_TO_LOSS', reference: lossReport() }))
      .then([resolved('CONVERTED_TO_LOSS', { eventId: LOSS_EVENT_ID, type: 'LossReported' })]);
    expect(caseStatus(flaggedCase(state), DAY_46)).toBe('resolved');
  });

  it.each([
    ['no event', null],
    ['a CorrectionRecorded', correction()],
    ['the loss of another lot', lossReport(OTHER_LOT_ID)],
  ])('refuses CONVERTED_TO_LOSS naming %s (VALIDATION_FAILED)', (_what, reference) => {
    cases
      .given(flagged())
      .when(resolve({ code: 'CONVERTED_TO_LOSS', reference }))
      .thenThrows('VALIDATION_FAILED', 'LossReported');
  });

  it.each(['FOUND', 'WITNESSED_BREAKAGE', 'UNRESOLVED_MINOR'] as const)(
    'resolves as %s naming no event, and refuses one naming an event',
    (code) => {
      cases
        .given(flagged())
        .when(resolve({ code }))
        .then([resolved(code)]);
      cases
        .given(flagged())
        .when(resolve({ code, reference: correction() }))
        .thenThrows('VALIDATION_FAILED', `${code} names no event.`);
    },
  );

  it('takes a correction of any lot for a case about no single lot (a continuing pattern)', () => {
    cases
      .given(flagged(pattern()))
      .when(resolve({ code: 'DOCUMENTATION_ERROR', reference: correction(OTHER_LOT_ID) }))
      .then([resolved('DOCUMENTATION_ERROR', { eventId: CORRECTION_EVENT_ID, type: 'CorrectionRecorded' })]);
  });

  it.each(['', '   \n'])('refuses notes that say nothing (%j, VALIDATION_FAILED)', (notes) => {
    const refusal = cases.given(flagged()).when(resolve({ notes })).thenThrows('VALIDATION_FAILED');
    expect(refusal.errors).toEqual([{ field: 'notes', message: expect.any(String) }]);
  });

  it('refuses a wrong signature password (SIGNATURE_INVALID)', () => {
    cases
      .given(flagged())
      .when(resolve({}, { passwordVerified: false }))
      .thenThrows('SIGNATURE_INVALID');
  });

  it("answers NOT_FOUND to another registrant's compliance officer", () => {
    const outsider: Member = { ...COMPLIANCE_OFFICER, registrantIds: [OUTSIDER.registrantIds[0]] };
    cases
      .given(flagged())
      .when(resolve({}, { by: outsider }))
      .thenThrows('NOT_FOUND');
  });
});

describe.each([
  {
    what: 'the DEA written notice',
    kind: 'DEA_NOTICE' as const,
    field: 'sentAt',
    record: recordDeaNotice,
    recorded: deaNoticeSent,
  },
  { what: 'DEA Form 106', kind: 'FORM_106' as const, field: 'filedAt', record: recordForm106, recorded: form106Filed },
])('recording $what', ({ kind, field, record, recorded }) => {
  it('records it, which meets that deadline', () => {
    const state = cases.given(flagged()).when(record()).then([recorded()]);
    const c = flaggedCase(state);
    expect(c.met).toEqual([kind]);
    expect(kinds(c)).not.toContain(kind);
  });

  it('refuses a case that owes no such report: an overage (NOT_REPORTABLE)', () => {
    cases.given(flagged(overage())).when(record()).thenThrows('NOT_REPORTABLE');
  });

  it('records it once: twice is DUPLICATE', () => {
    cases.given(flagged(), recorded()).when(record()).thenThrows('DUPLICATE', 'already recorded');
  });

  it(`refuses a ${field} before the discovery (VALIDATION_FAILED)`, () => {
    const refusal = cases
      .given(flagged())
      .when(record('2026-03-02T18:44:59.999Z'))
      .thenThrows('VALIDATION_FAILED', 'before the discovery');
    expect(refusal.errors?.map((e) => e.field)).toEqual([field]);
  });

  it(`accepts a ${field} at the very moment of discovery, and refuses one in the future (OCCURRED_IN_FUTURE)`, () => {
    cases
      .given(flagged())
      .when(record(DISCOVERED_AT))
      .then([recorded(DISCOVERED_AT)]);
    cases.given(flagged()).when(record('2026-03-02T19:00:00.001Z')).thenThrows('OCCURRED_IN_FUTURE');
  });

  it.each([
    ['a pharmacist', PHARMACIST],
    ['the regulator', REGULATOR],
  ])('refuses %s: only a compliance officer reports to DEA (FORBIDDEN)', (_who, by) => {
    cases.given(flagged()).when(record(undefined, { by })).thenThrows('FORBIDDEN');
  });

  it('refuses a wrong signature password (SIGNATURE_INVALID), and another registrant (NOT_FOUND)', () => {
    cases
      .given(flagged())
      .when(record(undefined, { passwordVerified: false }))
      .thenThrows('SIGNATURE_INVALID');
    cases
      .given(flagged())
      .when(record(undefined, { by: OUTSIDER }))
      .thenThrows('NOT_FOUND');
  });

  it('is still owed, and recorded, after a theft was resolved', () => {
    cases.given(flagged(theftOfOne()), resolved()).when(record()).then([recorded()]);
  });
});

describe('escalating a deadline', () => {
  it('does nothing while the deadline has not passed', () => {
    cases.given(flagged()).when(escalate('DEA_NOTICE', NOW)).then([]);
    cases.given(flagged()).when(escalate('DEA_NOTICE', NEXT_BUSINESS_DAY_END)).then([]);
  });

  it('escalates a deadline passed unmet, once', () => {
    const escalation = escalated('DEA_NOTICE', NEXT_BUSINESS_DAY_END, AFTER_NEXT_BUSINESS_DAY);
    const state = cases.given(flagged()).when(escalate('DEA_NOTICE', AFTER_NEXT_BUSINESS_DAY)).then([escalation]);
    expect(flaggedCase(state).escalated).toEqual(['DEA_NOTICE']);
    cases.given(flagged(), escalation).when(escalate('DEA_NOTICE', DAY_46)).then([]);
  });

  it('escalates each deadline on its own', () => {
    cases
      .given(flagged(), escalated('DEA_NOTICE', NEXT_BUSINESS_DAY_END, AFTER_NEXT_BUSINESS_DAY))
      .when(escalate('RESOLUTION', AFTER_NEXT_BUSINESS_DAY))
      .then([escalated('RESOLUTION', NEXT_BUSINESS_DAY_END, AFTER_NEXT_BUSINESS_DAY)]);
  });

  it('does not escalate a deadline met in time, one discharged by the resolution, one the case lacks, or a case never flagged', () => {
    cases.given(flagged(), deaNoticeSent()).when(escalate('DEA_NOTICE', DAY_46)).then([]);
    cases.given(flagged(), resolved()).when(escalate('FORM_106', DAY_46)).then([]);
    cases.given(flagged(overage())).when(escalate('FORM_106', DAY_46)).then([]);
    cases.given().when(escalate('DEA_NOTICE', DAY_46)).then([]);
  });

  it('scenario 35: Form 106 not filed by day 45 is escalated; the case shows overdue with the deadline in view', () => {
    const history = [flagged(theftOfOne()), acknowledged(), deaNoticeSent()];
    cases.given(history).when(escalate('FORM_106', DAY_45)).then([]);
    const state = cases
      .given(history)
      .when(escalate('FORM_106', DAY_46))
      .then([escalated('FORM_106', DAY_45, DAY_46)]);
    const c = flaggedCase(state);
    expect(caseStatus(c, DAY_46)).toBe('overdue');
    expect(outstandingDeadlines(c)).toEqual([FORM_106]);
    // Filed late: the deadline is met and the theft, reported, is closed; the escalation stays in the record.
    const filed = cases
      .given(history, escalated('FORM_106', DAY_45, DAY_46))
      .when(recordForm106(DAY_46, { now: DAY_46 }));
    const late = flaggedCase(filed.then([form106Filed(DAY_46)]));
    expect([caseStatus(late, DAY_46), late.escalated]).toEqual(['resolved', ['FORM_106']]);
  });
});

describe('status and outstanding deadlines', () => {
  it('scenario 33: a closing count 2 short owes a resolution, the DEA notice by the next business day and Form 106 by day 45', () => {
    const c = caseAfter(flagged());
    expect(outstandingDeadlines(c)).toEqual([RESOLUTION, DEA_NOTICE, FORM_106]);
    expect(caseStatus(c, NOW)).toBe('open');
    expect(caseStatus(c, NEXT_BUSINESS_DAY_END)).toBe('open');
    expect(caseStatus(c, AFTER_NEXT_BUSINESS_DAY)).toBe('overdue');
  });

  it('an acknowledgement meets no deadline', () => {
    expect(caseStatus(caseAfter(flagged(), acknowledged()), AFTER_NEXT_BUSINESS_DAY)).toBe('overdue');
  });

  it('a variance resolved as FOUND discharges its DEA deadlines: resolved, even past them', () => {
    const c = caseAfter(flagged(), escalated('DEA_NOTICE', NEXT_BUSINESS_DAY_END, AFTER_NEXT_BUSINESS_DAY), resolved());
    expect([kinds(c), caseStatus(c, DAY_46)]).toEqual([[], 'resolved']);
  });

  it('scenario 36: the theft of 1 capsule stays reportable: its DEA deadlines never lapse by resolution', () => {
    const c = caseAfter(flagged(theftOfOne()), resolved());
    expect(c.severity).toBe('CRITICAL');
    expect(kinds(c)).toEqual(['DEA_NOTICE', 'FORM_106']);
    expect(caseStatus(c, NOW)).toBe('open');
    expect(caseStatus(c, AFTER_NEXT_BUSINESS_DAY)).toBe('overdue');
    expect(caseStatus(caseAfter(flagged(theftOfOne()), resolved(), deaNoticeSent()), DAY_46)).toBe('overdue');
    expect(caseStatus(caseAfter(flagged(theftOfOne()), resolved(), deaNoticeSent(), form106Filed()), DAY_46)).toBe(
      'resolved',
    );
  });

  it('a theft asks only for its reports: open until the DEA notice and Form 106 are both recorded', () => {
    expect(caseStatus(caseAfter(flagged(theftOfOne()), deaNoticeSent()), DAY_46)).toBe('overdue');
    expect(caseStatus(caseAfter(flagged(theftOfOne()), deaNoticeSent(), form106Filed()), DAY_46)).toBe('resolved');
  });

  it('scenario 38: a continuing pattern closed as minor and unresolved still owes DEA; explained, it does not', () => {
    expect(kinds(caseAfter(flagged(pattern()), resolved('UNRESOLVED_MINOR')))).toEqual(['DEA_NOTICE', 'FORM_106']);
    expect(kinds(caseAfter(flagged(pattern()), resolved('FOUND')))).toEqual([]);
  });

  it('an overage owes only its resolution', () => {
    const c = caseAfter(flagged(overage()));
    expect([kinds(c), caseStatus(c, AFTER_NEXT_BUSINESS_DAY)]).toEqual([['RESOLUTION'], 'overdue']);
    expect(caseStatus(caseAfter(flagged(overage()), resolved()), DAY_46)).toBe('resolved');
  });

  it('folds a fact before the flag, or of a type it does not know, as nothing', () => {
    expect(evolveCase(initialCaseState(), acknowledged())).toEqual({ status: 'none' });
    const c = caseAfter(flagged());
    expect(evolveCase(c, { type: 'RecordedByALaterVersion', data: {} } as never)).toBe(c);
  });
});
