import type { DiscrepancyRule, Finding } from '@lib/ledger';
import {
  doseAdministered,
  doseDispensed,
  doseReturned,
  doseWasted,
  INVESTIGATOR,
  LOT_A,
  lotReceived,
  PHARMACIST,
  REGISTRANT,
  REGISTRANT_ID,
  VAULT_ID,
} from '../testing/fixtures';
import { RecordedHistory } from '../testing/recorded-history';
import { DEFAULT_DISCREPANCY_POLICY, type DiscrepancyPolicy } from './discrepancy-policy';
import { lotFindings } from './lot-findings';

const D1 = '9a7b5c3d-1e2f-4a0b-8c6d-4e5f6a7b8c11';
/** Wednesday 4 March 2026, 09:00 EST. */
const DISPENSED_AT = '2026-03-04T14:00:00.000Z';
/** Twelve hours later: 21:00 EST the same day. */
const TWELVE_HOURS_LATER = '2026-03-05T02:00:00.000Z';

const ofRule = (
  rule: DiscrepancyRule,
  history: RecordedHistory,
  now: string,
  policy: DiscrepancyPolicy = DEFAULT_DISCREPANCY_POLICY,
): Finding[] => lotFindings(history.events, REGISTRANT, now, policy).filter((f) => f.rule === rule);

/** Lot A received; 4 capsules dispensed to MAPP-0042 on 4 March at 09:00 EST. */
const dispensed = () =>
  new RecordedHistory()
    .lot(LOT_A, lotReceived(), { at: '2026-02-10T15:00:00.000Z' })
    .lot(LOT_A, doseDispensed(D1), { at: DISPENSED_AT });

describe('given a dose dispensed and nothing recorded since', () => {
  const history = dispensed();

  it('when the rules run before 12 hours have passed, then there is no finding yet', () => {
    expect(ofRule('OPEN_DISPENSATION', history, '2026-03-05T01:59:59.999Z')).toEqual([]);
  });

  it('when the rules run 12 hours after dispensing, then the dose is an open dispensation (MEDIUM, one business day)', () => {
    expect(ofRule('OPEN_DISPENSATION', history, TWELVE_HOURS_LATER)).toEqual([
      {
        rule: 'OPEN_DISPENSATION',
        subject: D1,
        registrantId: REGISTRANT_ID,
        lotId: LOT_A,
        locationId: VAULT_ID,
        severity: 'MEDIUM',
        summary:
          'Dose dispensed to MAPP-0042 (MAPP2 session 1) from lot MDM-24A-017: 4 units still outstanding 12 hours after dispensing.',
        figures: {
          lotNumber: 'MDM-24A-017',
          participantId: 'MAPP-0042',
          protocolId: 'MAPP2',
          session: 1,
          doseType: 'INITIAL',
          dispensedAt: DISPENSED_AT,
          dispensed: 4,
          outstanding: 4,
          afterHours: 12,
        },
        discoveredAt: TWELVE_HOURS_LATER,
        deadlines: [
          {
            kind: 'RESOLUTION',
            dueAt: '2026-03-06T04:59:59.999Z',
            regulation: 'Site policy: discrepancy resolved within one business day',
          },
        ],
        regulation: '21 CFR 312.62(a); ICH E6 4.6.3',
        evidence: [history.events[1].eventId],
        involvedUserIds: [PHARMACIST.userId],
      },
    ]);
  });

  it('when the site’s policy allows 4 hours, then it is open after 4 hours', () => {
    const policy = { openDispensationHours: 4 };
    expect(ofRule('OPEN_DISPENSATION', history, '2026-03-04T18:00:00.000Z', policy).map((f) => f.discoveredAt)).toEqual(
      ['2026-03-04T18:00:00.000Z'],
    );
  });
});

describe('given a dose partly closed out within 12 hours', () => {
  it('when the rules run, then only the outstanding units are reported, resting on every act on the dose', () => {
    const history = dispensed().lot(LOT_A, doseAdministered(D1, 3), {
      at: '2026-03-04T14:30:00.000Z',
      by: INVESTIGATOR,
    });
    const [finding] = ofRule('OPEN_DISPENSATION', history, '2026-03-06T12:00:00.000Z');
    expect([finding.figures.outstanding, finding.evidence, finding.involvedUserIds]).toEqual([
      1,
      [history.events[1].eventId, history.events[2].eventId],
      [PHARMACIST.userId, INVESTIGATOR.userId],
    ]);
  });
});

describe('given a dose fully closed out within 12 hours', () => {
  it('when the rules run, then it is no finding', () => {
    const history = dispensed()
      .lot(LOT_A, doseAdministered(D1, 2), { at: '2026-03-04T14:30:00.000Z', by: INVESTIGATOR })
      .lot(LOT_A, doseWasted(D1, 1), { at: '2026-03-04T15:00:00.000Z', by: INVESTIGATOR, witnesses: [PHARMACIST] })
      .lot(LOT_A, doseReturned(D1, 1), { at: TWELVE_HOURS_LATER, by: INVESTIGATOR, witnesses: [PHARMACIST] });
    expect(ofRule('OPEN_DISPENSATION', history, '2026-03-10T12:00:00.000Z')).toEqual([]);
  });

  it('when the close-out was entered late but happened in time, then it is no finding (physical time counts)', () => {
    const history = dispensed().lot(LOT_A, doseAdministered(D1, 4), {
      at: '2026-03-04T15:00:00.000Z',
      recordedAt: '2026-03-06T15:00:00.000Z',
      by: INVESTIGATOR,
    });
    expect(ofRule('OPEN_DISPENSATION', history, '2026-03-10T12:00:00.000Z')).toEqual([]);
  });
});

describe('given a dose closed out only after 12 hours', () => {
  const history = dispensed().lot(LOT_A, doseAdministered(D1, 4), { at: '2026-03-05T03:00:00.000Z', by: INVESTIGATOR });

  it('when the rules run after the close-out, then the dose was still out too long: the finding stands, unchanged', () => {
    const atThreshold = ofRule('OPEN_DISPENSATION', dispensed(), TWELVE_HOURS_LATER);
    expect(ofRule('OPEN_DISPENSATION', history, '2026-03-10T12:00:00.000Z')).toEqual(atThreshold);
  });
});
