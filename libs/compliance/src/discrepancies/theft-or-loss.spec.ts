import type { DiscrepancyRule, Finding, LossReported } from '@lib/ledger';
import {
  COMPLIANCE_OFFICER,
  LOT_A,
  lossReported,
  lotReceived,
  PHARMACIST,
  REGISTRANT,
  VAULT_ID,
} from '../testing/fixtures';
import { RecordedHistory } from '../testing/recorded-history';
import { DEFAULT_DISCREPANCY_POLICY } from './discrepancy-policy';
import { lotFindings } from './lot-findings';

const LATER = '2026-12-01T12:00:00.000Z';

const ofRule = (rule: DiscrepancyRule, history: RecordedHistory, now = LATER): Finding[] =>
  lotFindings(history.events, REGISTRANT, now, DEFAULT_DISCREPANCY_POLICY).filter((f) => f.rule === rule);

const lotA = () => new RecordedHistory().lot(LOT_A, lotReceived(), { at: '2026-02-10T15:00:00.000Z' });

const theft = (quantity: number, discoveredAt: string): LossReported => {
  const loss = lossReported(quantity, discoveredAt);
  return { ...loss, data: { ...loss.data, kind: 'THEFT', description: 'Capsule missing from an opened bottle.' } };
};

describe('given a loss discovered on Friday 17:00 local before a Monday federal holiday', () => {
  // Friday 4 September 2026, 17:00 EDT; Monday 7 September is Labor Day.
  const discoveredAt = '2026-09-04T21:00:00.000Z';
  const history = lotA().lot(LOT_A, lossReported(2, discoveredAt), {
    at: '2026-09-04T21:30:00.000Z',
    by: COMPLIANCE_OFFICER,
    witnesses: [PHARMACIST],
  });

  it('scenario 34: when the rules run, then the DEA notice is due at the end of Tuesday local', () => {
    const [finding] = ofRule('THEFT_OR_LOSS', history);
    expect(finding.deadlines.find((d) => d.kind === 'DEA_NOTICE')?.dueAt).toBe('2026-09-09T03:59:59.999Z');
  });

  it('scenario 35: when the rules run, then Form 106 is due at the end of the 45th calendar day after discovery', () => {
    const [finding] = ofRule('THEFT_OR_LOSS', history);
    expect(finding.deadlines.find((d) => d.kind === 'FORM_106')?.dueAt).toBe('2026-10-20T03:59:59.999Z');
  });

  it('when the rules run, then the finding is HIGH, named by the report’s event id, resting on it and its signers', () => {
    const report = history.events[1];
    expect(ofRule('THEFT_OR_LOSS', history)).toEqual([
      {
        rule: 'THEFT_OR_LOSS',
        subject: report.eventId,
        registrantId: REGISTRANT.registrantId,
        lotId: LOT_A,
        locationId: VAULT_ID,
        severity: 'HIGH',
        summary: 'Unrecoverable breakage of 2 units of lot MDM-24A-017 from Pharmacy vault: Bottle dropped.',
        figures: { lotNumber: 'MDM-24A-017', kind: 'BREAKAGE_UNRECOVERABLE', quantity: 2 },
        discoveredAt,
        deadlines: [
          { kind: 'DEA_NOTICE', dueAt: '2026-09-09T03:59:59.999Z', regulation: '21 CFR 1301.76(b)' },
          {
            kind: 'FORM_106',
            dueAt: '2026-10-20T03:59:59.999Z',
            regulation: '21 CFR 1301.76(b); DEA Form 106 (88 FR 40707)',
          },
        ],
        regulation: '21 CFR 1301.76(b)',
        evidence: [report.eventId],
        involvedUserIds: [COMPLIANCE_OFFICER.userId, PHARMACIST.userId],
      },
    ]);
  });
});

describe('given the theft of a single capsule', () => {
  it('scenario 36: when the rules run, then it is CRITICAL and reportable to DEA whatever the quantity', () => {
    const history = lotA().lot(LOT_A, theft(1, '2026-05-12T14:00:00.000Z'), { at: '2026-05-12T15:00:00.000Z' });
    expect(
      ofRule('THEFT_OR_LOSS', history).map((f) => [f.severity, f.figures, f.deadlines.map((d) => d.kind)]),
    ).toEqual([['CRITICAL', { lotNumber: 'MDM-24A-017', kind: 'THEFT', quantity: 1 }, ['DEA_NOTICE', 'FORM_106']]]);
  });
});

describe('given a loss reported days after its discovery', () => {
  it('when the rules run, then the clocks run from the discovery, not from the report', () => {
    // Discovered Monday 11 May 2026 10:00 EDT, reported Thursday 14 May.
    const history = lotA().lot(LOT_A, lossReported(1, '2026-05-11T14:00:00.000Z'), { at: '2026-05-14T14:00:00.000Z' });
    const [finding] = ofRule('THEFT_OR_LOSS', history);
    expect([finding.discoveredAt, finding.deadlines.map((d) => d.dueAt)]).toEqual([
      '2026-05-11T14:00:00.000Z',
      ['2026-05-13T03:59:59.999Z', '2026-06-26T03:59:59.999Z'],
    ]);
  });
});

describe('given two losses on one lot', () => {
  it('when the rules run, then each is its own finding', () => {
    const history = lotA()
      .lot(LOT_A, lossReported(1, '2026-05-11T14:00:00.000Z'), { at: '2026-05-11T15:00:00.000Z' })
      .lot(LOT_A, theft(3, '2026-06-01T14:00:00.000Z'), { at: '2026-06-01T15:00:00.000Z' });
    expect(ofRule('THEFT_OR_LOSS', history).map((f) => f.subject)).toEqual([
      history.events[1].eventId,
      history.events[2].eventId,
    ]);
  });
});
