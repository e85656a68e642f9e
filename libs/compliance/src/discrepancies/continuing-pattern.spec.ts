import type { Finding } from '@lib/ledger';
import {
  CLINIC_ROOM_ID,
  COMPLIANCE_OFFICER,
  countRecorded,
  LOT_A,
  LOT_B,
  lotReceived,
  PHARMACIST,
  REGISTRANT,
  REGISTRANT_ID,
  VAULT_ID,
} from '../testing/fixtures';
import { RecordedHistory } from '../testing/recorded-history';
import { DEFAULT_DISCREPANCY_POLICY } from './discrepancy-policy';
import { registrantFindings } from './registrant-findings';

const NOW = '2028-01-01T00:00:00.000Z';
/** Counts are named by their date here, so a pattern's subject reads as the dates it spans. */
const countId = (date: string) => `count-${date}`;

/** Lots A and B received into the vault in January 2025, before any count. */
const lots = () =>
  new RecordedHistory()
    .lot(LOT_A, lotReceived({ expiresOn: '2030-12-31' }), { at: '2025-01-02T15:00:00.000Z' })
    .lot(LOT_B, lotReceived({ lotId: LOT_B, lotNumber: 'MDM-24B-003', expiresOn: '2030-12-31' }), {
      at: '2025-01-02T16:00:00.000Z',
    });

/** Closing counts of lot A in the vault on the given dates (21:00 UTC), each `units` counted against a book of 50. */
function counts(history: RecordedHistory, ...dated: [date: string, units: number][]): RecordedHistory {
  dated.forEach(([date, units]) =>
    history.lot(LOT_A, countRecorded(countId(date), [[VAULT_ID, units, 50]]), {
      at: `${date}T21:00:00.000Z`,
      witnesses: [COMPLIANCE_OFFICER],
    }),
  );
  return history;
}

const patterns = (history: RecordedHistory, now = NOW): Finding[] =>
  registrantFindings(history.events, REGISTRANT, now, DEFAULT_DISCREPANCY_POLICY).filter(
    (f) => f.rule === 'CONTINUING_PATTERN',
  );

describe('given 1-capsule shortages in three consecutive monthly counts', () => {
  const history = counts(lots(), ['2026-01-30', 49], ['2026-02-27', 49], ['2026-03-31', 49]);

  it('scenario 38: when the rules run, then one HIGH significant loss pattern opens, its DEA clocks running from the third count', () => {
    const countEvents = history.events.slice(2).map((e) => e.eventId);
    expect(patterns(history)).toEqual([
      {
        rule: 'CONTINUING_PATTERN',
        subject: 'count-2026-01-30+count-2026-02-27+count-2026-03-31',
        registrantId: REGISTRANT_ID,
        lotId: null,
        locationId: null,
        severity: 'HIGH',
        summary:
          'Significant loss pattern: 3 counts short within 12 months (2026-01-30, 2026-02-27, 2026-03-31), 3 units in all.',
        figures: { counts: 3, unitsShort: 3, firstDiscoveredAt: '2026-01-30T21:00:00.000Z' },
        discoveredAt: '2026-03-31T21:00:00.000Z',
        deadlines: [
          { kind: 'DEA_NOTICE', dueAt: '2026-04-02T03:59:59.999Z', regulation: '21 CFR 1301.76(b)' },
          {
            kind: 'FORM_106',
            dueAt: '2026-05-16T03:59:59.999Z',
            regulation: '21 CFR 1301.76(b); DEA Form 106 (88 FR 40707)',
          },
        ],
        regulation: '21 CFR 1301.76(b)(4)',
        evidence: countEvents,
        involvedUserIds: [PHARMACIST.userId, COMPLIANCE_OFFICER.userId],
      },
    ]);
  });

  it('when the rules run before the third count, then there is no pattern yet', () => {
    expect(patterns(history, '2026-03-31T20:59:59.999Z')).toEqual([]);
  });
});

describe('given shortages in every monthly count for half a year', () => {
  const monthly = (n: number) =>
    counts(
      lots(),
      ...(['2026-01-30', '2026-02-27', '2026-03-31', '2026-04-30', '2026-05-29', '2026-06-30'] as const)
        .slice(0, n)
        .map((date): [string, number] => [date, 49]),
    );

  it('when a fourth and fifth follow the first pattern, then they do not flag it again', () => {
    expect(patterns(monthly(5)).map((f) => f.subject)).toEqual(['count-2026-01-30+count-2026-02-27+count-2026-03-31']);
  });

  it('when a sixth follows, then three further shortages make a second pattern', () => {
    expect(patterns(monthly(6)).map((f) => [f.subject, f.discoveredAt])).toEqual([
      ['count-2026-01-30+count-2026-02-27+count-2026-03-31', '2026-03-31T21:00:00.000Z'],
      ['count-2026-04-30+count-2026-05-29+count-2026-06-30', '2026-06-30T21:00:00.000Z'],
    ]);
  });
});

describe('given three shortages spread over more than 12 months', () => {
  it('when the rules run, then there is no pattern until a later one brings three within 12 months', () => {
    const spread = counts(lots(), ['2025-01-31', 49], ['2025-06-30', 49], ['2026-03-31', 49]);
    expect(patterns(spread)).toEqual([]);
    counts(spread, ['2026-04-30', 48]);
    expect(patterns(spread).map((f) => [f.subject, f.figures])).toEqual([
      [
        'count-2025-06-30+count-2026-03-31+count-2026-04-30',
        { counts: 3, unitsShort: 4, firstDiscoveredAt: '2025-06-30T21:00:00.000Z' },
      ],
    ]);
  });

  it('when the first and third are exactly 12 months apart, then they are within 12 months', () => {
    expect(patterns(counts(lots(), ['2025-03-31', 49], ['2025-09-30', 49], ['2026-03-31', 49]))).toHaveLength(1);
  });
});

describe('given counts over the book', () => {
  it('when the rules run, then overages are no loss and make no pattern', () => {
    expect(patterns(counts(lots(), ['2026-01-30', 51], ['2026-02-27', 49], ['2026-03-31', 51]))).toEqual([]);
  });
});

describe('given one count short on two lots and two more counts short', () => {
  it('when the rules run, then the count with two short lines counts once, and the pattern rests on every short line', () => {
    const history = lots()
      .lot(LOT_A, countRecorded(countId('2026-01-30'), [[VAULT_ID, 49, 50]]), { at: '2026-01-30T21:00:00.000Z' })
      .lot(LOT_B, countRecorded(countId('2026-01-30'), [[VAULT_ID, 48, 50]]), { at: '2026-01-30T21:00:00.000Z' })
      .lot(LOT_A, countRecorded(countId('2026-02-27'), [[CLINIC_ROOM_ID, 9, 10]]), { at: '2026-02-27T21:00:00.000Z' });
    expect(patterns(history)).toEqual([]);
    history.lot(LOT_B, countRecorded(countId('2026-03-31'), [[VAULT_ID, 47, 48]]), { at: '2026-03-31T21:00:00.000Z' });
    expect(patterns(history).map((f) => [f.subject, f.figures.unitsShort, f.evidence])).toEqual([
      ['count-2026-01-30+count-2026-02-27+count-2026-03-31', 5, history.events.slice(2).map((e) => e.eventId)],
    ]);
  });
});
