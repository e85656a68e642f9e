import type { DiscrepancyRule, Finding } from '@lib/ledger';
import {
  CLINIC_ROOM_ID,
  COMPLIANCE_OFFICER,
  countRecorded,
  LOT_A,
  lotReceived,
  MDMA_CAPSULES,
  PHARMACIST,
  REGISTRANT,
  REGISTRANT_ID,
  VAULT_ID,
} from '../testing/fixtures';
import { RecordedHistory } from '../testing/recorded-history';
import { DEFAULT_DISCREPANCY_POLICY } from './discrepancy-policy';
import { lotFindings } from './lot-findings';

const COUNT = '4e3d2c1b-0a9f-4e8d-9c7b-6a5f4e3d2c33';
/** Tuesday 31 March 2026, 17:00 EDT. */
const CLOSE_OF_BUSINESS = '2026-03-31T21:00:00.000Z';
const LATER = '2026-04-20T12:00:00.000Z';

const ofRule = (rule: DiscrepancyRule, history: RecordedHistory, now = LATER): Finding[] =>
  lotFindings(history.events, REGISTRANT, now, DEFAULT_DISCREPANCY_POLICY).filter((f) => f.rule === rule);

/** Lot A: 100 capsules of MDMA (Schedule I) received into the vault on 10 February. */
const lotA = (product = MDMA_CAPSULES) =>
  new RecordedHistory().lot(LOT_A, lotReceived({ product }), { at: '2026-02-10T15:00:00.000Z' });

const counted = (history: RecordedHistory, lines: [string, number, number][]) =>
  history.lot(LOT_A, countRecorded(COUNT, lines), { at: CLOSE_OF_BUSINESS, witnesses: [COMPLIANCE_OFFICER] });

describe('given a closing count of a Schedule I lot 2 capsules short of the book', () => {
  const history = counted(lotA(), [[VAULT_ID, 98, 100]]);

  it('scenario 33: when the rules run, then a HIGH variance opens with DEA notice next business day and Form 106 at +45 days', () => {
    const countEventId = history.events[1].eventId;
    expect(ofRule('COUNT_VARIANCE', history)).toEqual([
      {
        rule: 'COUNT_VARIANCE',
        subject: `${COUNT}/${LOT_A}/${VAULT_ID}`,
        registrantId: REGISTRANT_ID,
        lotId: LOT_A,
        locationId: VAULT_ID,
        severity: 'HIGH',
        summary: 'Count of lot MDM-24A-017 in Pharmacy vault: 2 units short (counted 98, book 100).',
        figures: {
          countId: COUNT,
          countKind: 'PERIODIC',
          lotNumber: 'MDM-24A-017',
          counted: 98,
          book: 100,
          variance: -2,
        },
        discoveredAt: CLOSE_OF_BUSINESS,
        deadlines: [
          {
            kind: 'RESOLUTION',
            dueAt: '2026-04-02T03:59:59.999Z',
            regulation: 'Site policy: discrepancy resolved within one business day',
          },
          { kind: 'DEA_NOTICE', dueAt: '2026-04-02T03:59:59.999Z', regulation: '21 CFR 1301.76(b)' },
          {
            kind: 'FORM_106',
            dueAt: '2026-05-16T03:59:59.999Z',
            regulation: '21 CFR 1301.76(b); DEA Form 106 (88 FR 40707)',
          },
        ],
        regulation: '21 CFR 1301.76(b)',
        evidence: [countEventId],
        involvedUserIds: [PHARMACIST.userId, COMPLIANCE_OFFICER.userId],
      },
    ]);
  });

  it('when the rules run again later, then the finding is the same', () => {
    expect(ofRule('COUNT_VARIANCE', history, '2027-01-01T00:00:00.000Z')).toEqual(ofRule('COUNT_VARIANCE', history));
  });

  it('when the rules run before the count was taken, then there is nothing yet', () => {
    expect(ofRule('COUNT_VARIANCE', history, '2026-03-31T20:59:59.999Z')).toEqual([]);
  });
});

describe('given a count over the book', () => {
  it('when the rules run, then the variance is MEDIUM, to be resolved within a business day, with no DEA clocks', () => {
    const [finding] = ofRule('COUNT_VARIANCE', counted(lotA(), [[VAULT_ID, 101, 100]]));
    expect([
      finding.severity,
      finding.figures.variance,
      finding.deadlines.map((d) => d.kind),
      finding.regulation,
    ]).toEqual(['MEDIUM', 1, ['RESOLUTION'], '21 CFR 1304.21(a)']);
    expect(finding.summary).toBe('Count of lot MDM-24A-017 in Pharmacy vault: 1 unit over (counted 101, book 100).');
  });
});

describe('given a count of several locations', () => {
  it('when only one line differs, then only that line is a finding, each line with its own subject', () => {
    const history = counted(lotA(), [
      [VAULT_ID, 90, 90],
      [CLINIC_ROOM_ID, 9, 10],
    ]);
    expect(ofRule('COUNT_VARIANCE', history).map((f) => [f.subject, f.locationId, f.figures.variance])).toEqual([
      [`${COUNT}/${LOT_A}/${CLINIC_ROOM_ID}`, CLINIC_ROOM_ID, -1],
    ]);
  });

  it('when every line matches the book, then there is no finding', () => {
    expect(ofRule('COUNT_VARIANCE', counted(lotA(), [[VAULT_ID, 100, 100]]))).toEqual([]);
  });
});

describe('given a shortage of Schedule III stock', () => {
  it('when the rules run, then it is MEDIUM and to be resolved only (no automatic DEA report)', () => {
    const history = counted(lotA({ ...MDMA_CAPSULES, schedule: 'III' }), [[VAULT_ID, 99, 100]]);
    expect(ofRule('COUNT_VARIANCE', history).map((f) => [f.severity, f.deadlines.map((d) => d.kind)])).toEqual([
      ['MEDIUM', ['RESOLUTION']],
    ]);
  });
});
