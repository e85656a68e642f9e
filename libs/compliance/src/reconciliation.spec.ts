import { LedgerError } from '@lib/ledger';
import { reconcile } from './reconciliation';
import type { CountFigures, LotAccountability, ReconciliationLine } from './reconciliation.types';
import {
  CLINIC_ROOM_ID,
  COMPLIANCE_OFFICER,
  correctionRecorded,
  countRecorded,
  doseDispensed,
  LOT_A,
  LOT_B,
  LOT_C,
  lossReported,
  lotReceived,
  OTHER_LOT,
  OTHER_REGISTRANT,
  OTHER_REGISTRANT_ID,
  OTHER_VAULT_ID,
  PHARMACIST,
  REGISTRANT,
  stockDestroyed,
  stockTransferred,
  VAULT_ID,
} from './testing/fixtures';
import { aNormalMonth, MARCH, MARCH_COUNT } from './testing/march';
import { RecordedHistory } from './testing/recorded-history';

const LOT_A_ID = {
  schedule: 'I',
  lotId: LOT_A,
  lotNumber: 'MDM-24A-017',
  substanceName: 'MDMA HCl',
  deaDrugCode: '7405',
  strengthMg: 20,
  expiresOn: '2026-06-30',
} as const;
const LOT_B_ID = { ...LOT_A_ID, lotId: LOT_B, lotNumber: 'MDM-24B-003', expiresOn: '2027-01-31' } as const;
const AT_VAULT = { locationId: VAULT_ID, locationName: 'Pharmacy vault' };
const AT_CLINIC = { locationId: CLINIC_ROOM_ID, locationName: 'Dosing room 2 lockbox' };

const NO_MOVEMENT = {
  opening: 0,
  receipts: 0,
  transfersIn: 0,
  transfersOut: 0,
  dispensed: 0,
  returned: 0,
  destroyed: 0,
  lost: 0,
  corrections: 0,
};
const NO_USE = {
  received: 0,
  dispensed: 0,
  administered: 0,
  returned: 0,
  wasted: 0,
  destroyed: 0,
  lost: 0,
  corrected: 0,
};

const marchCount = (units: number, bookUnits: number): CountFigures => ({
  countId: MARCH_COUNT,
  kind: 'PERIODIC',
  businessTime: 'CLOSE',
  countedAt: '2026-03-31T21:00:00.000Z',
  recordedAt: '2026-03-31T21:05:00.000Z',
  units,
  bookUnits,
  variance: units - bookUnits,
  restatedBookUnits: bookUnits,
  restatedVariance: units - bookUnits,
});

describe('the reconciliation of a normal month (March 2026)', () => {
  const march = reconcile(aNormalMonth().events, REGISTRANT, MARCH);

  it('states the registrant and the period, as given and as instants', () => {
    expect([march.registrant.deaNumber, march.period]).toEqual([
      'RS1234563',
      {
        from: '2026-03-01',
        to: '2026-04-01',
        startsAt: '2026-03-01T05:00:00.000Z',
        endsAt: '2026-04-01T04:00:00.000Z',
      },
    ]);
  });

  it('gives each lot at each location: opening book, movements, expected closing and the count', () => {
    const lines: ReconciliationLine[] = [
      {
        ...LOT_A_ID,
        ...AT_VAULT,
        ...NO_MOVEMENT,
        opening: 96,
        transfersOut: 10,
        destroyed: 5,
        lost: 2,
        expectedClosing: 79,
        count: marchCount(79, 79),
      },
      {
        ...LOT_A_ID,
        ...AT_CLINIC,
        ...NO_MOVEMENT,
        transfersIn: 10,
        dispensed: 9,
        returned: 2,
        expectedClosing: 3,
        count: marchCount(2, 3),
      },
      {
        ...LOT_B_ID,
        ...AT_VAULT,
        ...NO_MOVEMENT,
        receipts: 50,
        dispensed: 4,
        expectedClosing: 46,
        count: marchCount(46, 46),
      },
    ];
    expect(march.lines).toEqual(lines);
  });

  it('gives each lot’s accountability: the period, the lot to date, and its identity', () => {
    const lots: LotAccountability[] = [
      {
        ...LOT_A_ID,
        period: {
          ...NO_USE,
          opening: 96,
          dispensed: 9,
          administered: 6,
          returned: 2,
          wasted: 1,
          destroyed: 5,
          lost: 2,
          closing: 82,
        },
        toDate: {
          received: 100,
          dispensed: 13,
          administered: 10,
          returned: 2,
          wasted: 1,
          destroyed: 5,
          lost: 2,
          corrected: 0,
          onHand: 82,
          outstanding: 0,
        },
        identityHolds: true,
      },
      {
        ...LOT_B_ID,
        period: { ...NO_USE, opening: 0, received: 50, dispensed: 4, administered: 4, closing: 46 },
        toDate: { ...NO_USE, received: 50, dispensed: 4, administered: 4, onHand: 46, outstanding: 0 },
        identityHolds: true,
      },
    ];
    expect(march.lots).toEqual(lots);
  });

  it('passes every cross-check, saying how much it checked', () => {
    expect(march.checks).toEqual({
      dispensations: { ok: true, checked: 3, findings: [] },
      destructionsWitnessed: { ok: true, checked: 1, findings: [] },
      wastageWitnessed: { ok: true, checked: 1, findings: [] },
      receiptsWithOrder: { ok: true, checked: 1, findings: [] },
      stockCounted: { ok: true, checked: 3, findings: [] },
    });
  });

  it('totals the registrant: transfers net to zero, one line counted one short', () => {
    expect(march.totals).toEqual({
      opening: 96,
      receipts: 50,
      transfersIn: 10,
      transfersOut: 10,
      dispensed: 13,
      returned: 2,
      destroyed: 5,
      lost: 2,
      corrections: 0,
      expectedClosing: 128,
      administered: 10,
      wasted: 1,
      outstanding: 0,
      countedLines: 3,
      countedUnits: 127,
      countedBookUnits: 128,
      variance: -1,
      linesWithVariance: 1,
    });
  });

  it('is plain JSON: it survives serialisation unchanged (no bigint, no undefined, no Map)', () => {
    expect(JSON.parse(JSON.stringify(march))).toStrictEqual(march);
  });

  it('is the same for the same period given as instants with offsets', () => {
    const byInstants = reconcile(aNormalMonth().events, REGISTRANT, {
      from: '2026-03-01T00:00:00-05:00',
      to: '2026-04-01T00:00:00-04:00',
    });
    expect(byInstants).toEqual({
      ...march,
      period: { ...march.period, from: '2026-03-01T05:00:00.000Z', to: '2026-04-01T04:00:00.000Z' },
    });
  });
});

describe('a period starting mid-month, while a dose is out', () => {
  // From 16:15 UTC on 4 March: the supplemental dose (3 from the dosing room) is out; 1 is wasted
  // and 2 returned within the period. To 11 March: after the destruction, before the loss.
  const week = reconcile(aNormalMonth().events, REGISTRANT, {
    from: '2026-03-04T16:15:00Z',
    to: '2026-03-11T00:00:00Z',
  });

  it('opens with the book after everything before it, and closes before everything after', () => {
    expect(
      week.lines.map((l) => [l.lotNumber, l.locationId, l.opening, l.returned, l.destroyed, l.lost, l.expectedClosing]),
    ).toEqual([
      ['MDM-24A-017', VAULT_ID, 86, 0, 5, 0, 81],
      ['MDM-24A-017', CLINIC_ROOM_ID, 1, 2, 0, 0, 3],
      ['MDM-24B-003', VAULT_ID, 50, 0, 0, 0, 50],
    ]);
  });

  it('checks the dose that was open at the start, and finds it balanced by the end', () => {
    expect([week.lots[0].period, week.checks.dispensations]).toEqual([
      { ...NO_USE, opening: 87, returned: 2, wasted: 1, destroyed: 5, closing: 84 },
      { ok: true, checked: 1, findings: [] },
    ]);
  });

  it('counts nothing, so every line holding stock is listed as not counted', () => {
    expect(week.checks.stockCounted).toEqual({
      ok: false,
      checked: 3,
      findings: [
        { lotId: LOT_A, lotNumber: 'MDM-24A-017', ...AT_VAULT, units: 81 },
        { lotId: LOT_A, lotNumber: 'MDM-24A-017', ...AT_CLINIC, units: 3 },
        { lotId: LOT_B, lotNumber: 'MDM-24B-003', ...AT_VAULT, units: 50 },
      ],
    });
  });
});

describe('acts recorded late', () => {
  // A loss on 25 February entered on 5 March; a count on 20 March finds 92 where the book said 97;
  // on 3 April a destruction of 5 on 15 March is entered: the count was right all along.
  const history = new RecordedHistory()
    .lot(LOT_A, lotReceived(), { at: '2026-02-10T15:00:00.000Z' })
    .lot(LOT_A, lossReported(3, '2026-02-25T16:00:00.000Z'), {
      at: '2026-02-25T15:00:00.000Z',
      recordedAt: '2026-03-05T14:00:00.000Z',
      by: COMPLIANCE_OFFICER,
    })
    .lot(LOT_A, countRecorded('c-0320', [[VAULT_ID, 92, 97]]), {
      at: '2026-03-20T21:00:00.000Z',
      witnesses: [COMPLIANCE_OFFICER],
    })
    .lot(LOT_A, stockDestroyed(5), {
      at: '2026-03-15T15:00:00.000Z',
      recordedAt: '2026-04-03T14:00:00.000Z',
      witnesses: [COMPLIANCE_OFFICER],
    })
    .lot(LOT_A, stockDestroyed(1), { at: '2026-04-02T15:00:00.000Z', witnesses: [COMPLIANCE_OFFICER] });
  const march = reconcile(history.events, REGISTRANT, MARCH);

  it('count where they happened: the February loss in the opening book, the March destruction in March', () => {
    expect(march.lines).toEqual([
      {
        ...LOT_A_ID,
        ...AT_VAULT,
        ...NO_MOVEMENT,
        opening: 97,
        destroyed: 5,
        expectedClosing: 92,
        count: {
          countId: 'c-0320',
          kind: 'PERIODIC',
          businessTime: 'CLOSE',
          countedAt: '2026-03-20T21:00:00.000Z',
          recordedAt: '2026-03-20T21:05:00.000Z',
          units: 92,
          bookUnits: 97,
          variance: -5,
          restatedBookUnits: 92,
          restatedVariance: 0,
        },
      },
    ]);
  });

  it('are checked like any other act of the period, and the lot to date includes them', () => {
    expect([march.checks.destructionsWitnessed, march.lots[0].toDate]).toEqual([
      { ok: true, checked: 1, findings: [] },
      { ...NO_USE, received: 100, destroyed: 5, lost: 3, onHand: 92, outstanding: 0 },
    ]);
  });
});

describe('a documentation error corrected (domain.md section 7: ± Σ approved CorrectionRecorded)', () => {
  // The March count finds 2 in the dosing room where the book says 3: the supplemental dose's
  // return was posted as 2 capsules, but one of them had been wasted with the vomited one.
  const withCorrection = (at: string) => {
    const history = aNormalMonth();
    const returned = history.events.find((e) => e.type === 'DoseReturned')!;
    return history.lot(LOT_A, correctionRecorded(returned, [{ locationId: CLINIC_ROOM_ID, units: -1 }]), {
      at,
      recordedAt: '2026-04-01T15:00:00.000Z',
      by: COMPLIANCE_OFFICER,
      witnesses: [PHARMACIST],
    }).events;
  };

  it('dated back to the return it fixes: a corrections column, the book restated, the variance explained', () => {
    const march = reconcile(withCorrection('2026-03-04T17:00:00.000Z'), REGISTRANT, MARCH);
    const clinic = march.lines.find((l) => l.lotId === LOT_A && l.locationId === CLINIC_ROOM_ID)!;
    expect(clinic).toMatchObject({ returned: 2, corrections: -1, expectedClosing: 2 });
    // The count keeps the book it was taken against; restated, the book matches what was counted.
    expect(clinic.count).toMatchObject({
      units: 2,
      bookUnits: 3,
      variance: -1,
      restatedBookUnits: 2,
      restatedVariance: 0,
    });
    expect(march.lots[0]).toMatchObject({
      period: { corrected: -1, closing: 81 },
      toDate: { corrected: -1, onHand: 81 },
      identityHolds: true,
    });
    expect([march.totals.corrections, march.totals.expectedClosing]).toEqual([-1, 127]);
    expect(Object.values(march.checks).every((check) => check.ok)).toBe(true);
  });

  it('dated when it was made, in April: March stays as it was, and April carries the correction', () => {
    const events = withCorrection('2026-04-01T14:30:00.000Z');
    expect(reconcile(events, REGISTRANT, MARCH)).toEqual(reconcile(aNormalMonth().events, REGISTRANT, MARCH));
    const april = reconcile(events, REGISTRANT, { from: '2026-04-01', to: '2026-05-01' });
    expect(april.lines.find((l) => l.lotId === LOT_A && l.locationId === CLINIC_ROOM_ID)).toMatchObject({
      opening: 3,
      corrections: -1,
      expectedClosing: 2,
    });
  });
});

describe('the bounds of the period', () => {
  // Received one millisecond before the period; destroyed exactly at its start and exactly at its end.
  const history = new RecordedHistory()
    .lot(LOT_A, lotReceived(), { at: '2026-03-01T04:59:59.999Z' })
    .lot(LOT_A, stockDestroyed(1), { at: '2026-03-01T05:00:00.000Z', witnesses: [COMPLIANCE_OFFICER] })
    .lot(LOT_A, stockDestroyed(2), { at: '2026-04-01T04:00:00.000Z', witnesses: [COMPLIANCE_OFFICER] })
    .lot(LOT_B, lotReceived({ lotId: LOT_B, lotNumber: 'MDM-24B-003' }), { at: '2026-04-01T04:00:00.000Z' })
    .lot(LOT_C, lotReceived({ lotId: LOT_C, lotNumber: 'MDM-23C-001', quantity: 5 }), {
      at: '2026-02-01T15:00:00.000Z',
    })
    .lot(LOT_C, stockDestroyed(5), { at: '2026-02-02T15:00:00.000Z', witnesses: [COMPLIANCE_OFFICER] });
  const march = reconcile(history.events, REGISTRANT, MARCH);

  it('include the start and exclude the end: [from, to)', () => {
    expect(march.lines).toEqual([
      {
        ...LOT_A_ID,
        ...AT_VAULT,
        ...NO_MOVEMENT,
        opening: 100,
        destroyed: 1,
        expectedClosing: 99,
        count: null,
      },
    ]);
  });

  it('leave out a location emptied before the start with nothing in the period', () => {
    const moved = new RecordedHistory()
      .lot(LOT_A, lotReceived(), { at: '2026-02-10T15:00:00.000Z' })
      .lot(LOT_A, stockTransferred({ quantity: 100 }), {
        at: '2026-02-11T15:00:00.000Z',
        witnesses: [COMPLIANCE_OFFICER],
      });
    expect(
      reconcile(moved.events, REGISTRANT, MARCH).lines.map((l) => [l.locationId, l.opening, l.expectedClosing]),
    ).toEqual([[CLINIC_ROOM_ID, 100, 100]]);
  });

  it('leave out a lot received at the end and a lot used up before the start with nothing in the period', () => {
    expect(march.lots.map((l) => l.lotNumber)).toEqual(['MDM-24A-017']);
  });
});

describe('another registrant’s events passed in', () => {
  const withOther = aNormalMonth()
    .lot(OTHER_LOT, lotReceived({ lotId: OTHER_LOT, registrantId: OTHER_REGISTRANT_ID, locationId: OTHER_VAULT_ID }), {
      at: '2026-03-05T15:00:00.000Z',
      registrantId: OTHER_REGISTRANT_ID,
    })
    .lot(OTHER_LOT, doseDispensed('other-d', { locationId: OTHER_VAULT_ID }), {
      at: '2026-03-06T15:00:00.000Z',
      registrantId: OTHER_REGISTRANT_ID,
    })
    .lot(OTHER_LOT, stockDestroyed(3, OTHER_VAULT_ID), {
      at: '2026-03-07T15:00:00.000Z',
      registrantId: OTHER_REGISTRANT_ID,
    });

  it('are ignored', () => {
    expect(reconcile(withOther.events, REGISTRANT, MARCH)).toEqual(reconcile(aNormalMonth().events, REGISTRANT, MARCH));
  });

  it('reconcile for that registrant alone', () => {
    const other = reconcile(withOther.events, OTHER_REGISTRANT, MARCH);
    expect([
      other.lines.map((l) => [l.locationName, l.receipts, l.dispensed, l.destroyed]),
      other.totals.outstanding,
    ]).toEqual([[['Northside vault', 100, 4, 3]], 4]);
  });
});

describe('a period it cannot reconcile', () => {
  const codeAndField = (period: { from: string; to: string }) => {
    try {
      reconcile([], REGISTRANT, period);
    } catch (error) {
      return [(error as LedgerError).code, (error as LedgerError).errors?.[0].field];
    }
    return null;
  };

  it('refuses an empty or backwards period', () => {
    expect([
      codeAndField({ from: '2026-03-01', to: '2026-03-01' }),
      codeAndField({ from: '2026-04-01', to: '2026-03-01' }),
    ]).toEqual([
      ['VALIDATION_FAILED', 'to'],
      ['VALIDATION_FAILED', 'to'],
    ]);
  });

  it('refuses a malformed bound, naming it', () => {
    expect([
      codeAndField({ from: 'March', to: '2026-04-01' }),
      codeAndField({ from: '2026-03-01', to: '2026-04-01T00:00' }),
    ]).toEqual([
      ['VALIDATION_FAILED', 'from'],
      ['VALIDATION_FAILED', 'to'],
    ]);
  });
});
