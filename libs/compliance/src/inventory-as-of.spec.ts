import { LedgerError, type BusinessTime, type Product } from '@lib/ledger';
import { inventoryAsOf } from './inventory-as-of';
import type { InventoryLine, OutsideStorageLine } from './inventory-report';
import {
  CLINIC_ROOM_ID,
  COMPLIANCE_OFFICER,
  correctionRecorded,
  doseDispensed,
  LOT_A,
  LOT_B,
  LOT_C,
  lotReceived,
  MDMA_CAPSULES,
  OTHER_LOT,
  OTHER_REGISTRANT,
  OTHER_REGISTRANT_ID,
  OTHER_VAULT_ID,
  PHARMACIST,
  REGISTRANT,
  stockDestroyed,
  VAULT_ID,
} from './testing/fixtures';
import { aNormalMonth, D2 } from './testing/march';
import { RecordedHistory } from './testing/recorded-history';

const VAULT_NAME = 'Pharmacy vault';
const CLINIC_NAME = 'Dosing room 2 lockbox';

const HEADER = {
  registrantId: REGISTRANT.registrantId,
  name: 'Riverside Psychiatric Research Unit',
  deaNumber: 'RS1234563',
  address: { street: '200 Harbor Street', city: 'Baltimore', state: 'MD', postalCode: '21202' },
  schedules: ['I'],
  activity: 'RESEARCHER',
  timeZone: 'America/New_York',
};

/** A line of MDMA HCl 20 mg capsules in bottles of 10. */
const mdma = (
  lotId: string,
  lotNumber: string,
  expiresOn: string,
  locationId: string,
  locationName: string,
  units: number,
): InventoryLine => ({
  lotId,
  lotNumber,
  substanceName: 'MDMA HCl',
  deaDrugCode: '7405',
  form: 'CAPSULE',
  strengthMg: 20,
  unitsPerContainer: 10,
  expiresOn,
  locationId,
  locationName,
  units,
  mg: units * 20,
});
const lotA = (locationId: string, locationName: string, units: number) =>
  mdma(LOT_A, 'MDM-24A-017', '2026-06-30', locationId, locationName, units);
const lotB = (units: number) => mdma(LOT_B, 'MDM-24B-003', '2027-01-31', VAULT_ID, VAULT_NAME, units);

const inventory = (history: RecordedHistory, asOf: string, businessTime: BusinessTime = 'CLOSE') =>
  inventoryAsOf(history.events, REGISTRANT, asOf, businessTime);

describe('the inventory at close of business on 31 March, after a normal month', () => {
  const report = inventory(aNormalMonth(), '2026-03-31', 'CLOSE');

  it('is the whole report: header, date, cut-off, the schedule I section and totals', () => {
    expect(report).toEqual({
      registrant: HEADER,
      asOf: '2026-03-31',
      asOfDate: '2026-03-31',
      cutOff: '2026-04-01T04:00:00.000Z',
      businessTime: 'CLOSE',
      sections: [
        {
          schedule: 'I',
          lines: [lotA(VAULT_ID, VAULT_NAME, 79), lotA(CLINIC_ROOM_ID, CLINIC_NAME, 3), lotB(46)],
          heldForDisposal: [],
          outsideStorage: [],
          totals: {
            storedUnits: 128,
            heldForDisposalUnits: 0,
            outsideStorageUnits: 0,
            onHandUnits: 128,
            bySubstance: [{ deaDrugCode: '7405', substanceName: 'MDMA HCl', units: 128, mg: 2560 }],
          },
        },
      ],
      totals: { storedUnits: 128, heldForDisposalUnits: 0, outsideStorageUnits: 0, onHandUnits: 128 },
      zeroInventory: false,
    });
  });

  it('lists a lot’s locations in the order the registrant added them, not by id', () => {
    const reordered = { ...REGISTRANT, locations: [...REGISTRANT.locations].reverse() };
    const lines = inventoryAsOf(aNormalMonth().events, reordered, '2026-03-31', 'CLOSE').sections[0].lines;
    expect(lines.map((l) => [l.lotNumber, l.locationName])).toEqual([
      ['MDM-24A-017', CLINIC_NAME],
      ['MDM-24A-017', VAULT_NAME],
      ['MDM-24B-003', VAULT_NAME],
    ]);
  });

  it('is the book, not the count: the dosing room shows 3 though 2 were counted', () => {
    expect(report.sections[0].lines[1]).toMatchObject({ locationId: CLINIC_ROOM_ID, units: 3 });
  });

  it('is plain JSON: it survives serialisation unchanged (no bigint, no undefined, no Map)', () => {
    expect(JSON.parse(JSON.stringify(report))).toStrictEqual(report);
  });
});

describe('the inventory at an instant while a dose is out', () => {
  // 16:45 UTC on 4 March: the supplemental dose (3) was dispensed at 16:00 and 1 vomited at 16:30; 2 are
  // returned only at 17:00.
  const report = inventory(aNormalMonth(), '2026-03-04T11:45:00-05:00', 'OPENING');

  it('lists the outstanding dispensation outside storage and counts it on hand', () => {
    const outside: OutsideStorageLine = {
      dispensationId: D2,
      participantId: 'MAPP-0042',
      protocolId: 'MAPP2',
      session: 2,
      doseType: 'SUPPLEMENTAL',
      lotId: LOT_A,
      lotNumber: 'MDM-24A-017',
      substanceName: 'MDMA HCl',
      deaDrugCode: '7405',
      strengthMg: 20,
      dispensedFromLocationId: CLINIC_ROOM_ID,
      dispensedAt: '2026-03-04T16:00:00.000Z',
      dispensed: 3,
      administered: 0,
      returned: 0,
      wasted: 1,
      outstanding: 2,
      mg: 40,
    };
    expect(report.sections[0]).toEqual({
      schedule: 'I',
      lines: [lotA(VAULT_ID, VAULT_NAME, 86), lotA(CLINIC_ROOM_ID, CLINIC_NAME, 1), lotB(50)],
      heldForDisposal: [],
      outsideStorage: [outside],
      totals: {
        storedUnits: 137,
        heldForDisposalUnits: 0,
        outsideStorageUnits: 2,
        onHandUnits: 139,
        bySubstance: [{ deaDrugCode: '7405', substanceName: 'MDMA HCl', units: 139, mg: 2780 }],
      },
    });
  });

  it('normalises the instant to UTC, dates it on the registrant’s clock and labels it with the business time given', () => {
    expect([report.asOf, report.asOfDate, report.cutOff, report.businessTime]).toEqual([
      '2026-03-04T16:45:00.000Z',
      '2026-03-04',
      '2026-03-04T16:45:00.000Z',
      'OPENING',
    ]);
  });

  it('is exclusive of its instant: a dose dispensed exactly then is not yet out', () => {
    const atDispensing = inventory(aNormalMonth(), '2026-03-04T16:00:00.000Z');
    expect([atDispensing.totals.outsideStorageUnits, atDispensing.sections[0].lines[1].units]).toEqual([0, 4]);
  });
});

describe('opening and close of business on a date', () => {
  // Lot B arrives at 14:00 New York time on 2 March.
  it('leaves out at OPENING what arrived that day, and includes it at CLOSE', () => {
    const opening = inventory(aNormalMonth(), '2026-03-02', 'OPENING');
    const close = inventory(aNormalMonth(), '2026-03-02', 'CLOSE');
    expect([opening.cutOff, opening.sections[0].lines, close.cutOff, close.sections[0].lines]).toEqual([
      '2026-03-02T05:00:00.000Z',
      [lotA(VAULT_ID, VAULT_NAME, 96)],
      '2026-03-03T05:00:00.000Z',
      [lotA(VAULT_ID, VAULT_NAME, 96), lotB(50)],
    ]);
  });
});

describe('an act recorded late', () => {
  it('counts on the day it happened: a receipt on 30 March entered on 5 April is in the 31 March inventory', () => {
    const history = aNormalMonth().lot(
      LOT_C,
      lotReceived({ lotId: LOT_C, lotNumber: 'MDM-25C-001', quantity: 20, expiresOn: '2027-03-31' }),
      { at: '2026-03-30T15:00:00.000Z', recordedAt: '2026-04-05T13:00:00.000Z' },
    );
    expect(history.events.at(-1)?.metadata.late).toBe(true);
    const report = inventory(history, '2026-03-31', 'CLOSE');
    expect([report.sections[0].lines.map((l) => [l.lotNumber, l.units]), report.totals.onHandUnits]).toEqual([
      [
        ['MDM-24A-017', 79],
        ['MDM-24A-017', 3],
        ['MDM-24B-003', 46],
        ['MDM-25C-001', 20],
      ],
      148,
    ]);
  });

  it('does not count before the day it happened', () => {
    const history = aNormalMonth().lot(LOT_C, lotReceived({ lotId: LOT_C, lotNumber: 'MDM-25C-001', quantity: 20 }), {
      at: '2026-03-30T15:00:00.000Z',
      recordedAt: '2026-04-05T13:00:00.000Z',
    });
    expect(inventory(history, '2026-03-29', 'CLOSE').sections[0].lines.map((l) => l.lotNumber)).toEqual([
      'MDM-24A-017',
      'MDM-24A-017',
      'MDM-24B-003',
    ]);
  });
});

describe('an approved correction', () => {
  // The supplemental dose's return was posted as 2 capsules to the dosing room; one of them had in
  // fact been wasted. The compliance officer corrects it on 1 April, dated back to the return.
  const corrected = () => {
    const history = aNormalMonth();
    const returned = history.events.find((e) => e.type === 'DoseReturned')!;
    return history.lot(LOT_A, correctionRecorded(returned, [{ locationId: CLINIC_ROOM_ID, units: -1 }]), {
      at: '2026-03-04T17:00:00.000Z',
      recordedAt: '2026-04-01T15:00:00.000Z',
      by: COMPLIANCE_OFFICER,
      witnesses: [PHARMACIST],
    });
  };

  it('changes the book from the moment it is dated: the dosing room holds 2 at close on 31 March, as counted', () => {
    const report = inventory(corrected(), '2026-03-31', 'CLOSE');
    expect([report.sections[0].lines.map((l) => [l.locationName, l.units]), report.totals.onHandUnits]).toEqual([
      [
        [VAULT_NAME, 79],
        [CLINIC_NAME, 2],
        [VAULT_NAME, 46],
      ],
      127,
    ]);
  });

  it('changes nothing before it: the inventory of 3 March is as it was', () => {
    expect(inventory(corrected(), '2026-03-03', 'CLOSE')).toEqual(inventory(aNormalMonth(), '2026-03-03', 'CLOSE'));
  });
});

describe('stock past its expiry', () => {
  const history = new RecordedHistory().lot(
    LOT_C,
    lotReceived({ lotId: LOT_C, lotNumber: 'MDM-23X-009', quantity: 20, expiresOn: '2026-03-15' }),
    {
      at: '2026-03-01T15:00:00.000Z',
    },
  );
  const line = mdma(LOT_C, 'MDM-23X-009', '2026-03-15', VAULT_ID, VAULT_NAME, 20);

  it('is still usable stock at close of business on its expiry date', () => {
    const report = inventory(history, '2026-03-15', 'CLOSE');
    expect([report.sections[0].lines, report.sections[0].heldForDisposal]).toEqual([[line], []]);
  });

  it('is held for disposal from the next day, still on hand and in the totals', () => {
    const report = inventory(history, '2026-03-16', 'OPENING');
    expect(report.sections[0]).toEqual({
      schedule: 'I',
      lines: [],
      heldForDisposal: [{ ...line, reason: 'EXPIRED' }],
      outsideStorage: [],
      totals: {
        storedUnits: 0,
        heldForDisposalUnits: 20,
        outsideStorageUnits: 0,
        onHandUnits: 20,
        bySubstance: [{ deaDrugCode: '7405', substanceName: 'MDMA HCl', units: 20, mg: 400 }],
      },
    });
    expect([report.totals.onHandUnits, report.zeroInventory]).toEqual([20, false]);
  });
});

describe('a zero inventory', () => {
  const empty = {
    schedule: 'I',
    lines: [],
    heldForDisposal: [],
    outsideStorage: [],
    totals: { storedUnits: 0, heldForDisposalUnits: 0, outsideStorageUnits: 0, onHandUnits: 0, bySubstance: [] },
  };

  it('is declared for a new registrant with nothing received (21 CFR 1304.11(b))', () => {
    const report = inventoryAsOf([], REGISTRANT, '2026-03-01', 'OPENING');
    expect([report.sections, report.totals, report.zeroInventory]).toEqual([
      [empty],
      { storedUnits: 0, heldForDisposalUnits: 0, outsideStorageUnits: 0, onHandUnits: 0 },
      true,
    ]);
  });

  it('is declared once every unit has been destroyed', () => {
    const history = new RecordedHistory()
      .lot(LOT_A, lotReceived({ quantity: 5 }), { at: '2026-03-02T15:00:00.000Z' })
      .lot(LOT_A, stockDestroyed(5), { at: '2026-03-03T15:00:00.000Z' });
    expect([inventory(history, '2026-03-02').zeroInventory, inventory(history, '2026-03-03').zeroInventory]).toEqual([
      false,
      true,
    ]);
  });

  it('is not declared while a dispensed dose is still out, though storage is empty', () => {
    const history = new RecordedHistory()
      .lot(LOT_A, lotReceived({ quantity: 4 }), { at: '2026-03-02T15:00:00.000Z' })
      .lot(LOT_A, doseDispensed('d-1', { quantity: 4 }), { at: '2026-03-03T15:00:00.000Z' });
    const report = inventory(history, '2026-03-03');
    expect([report.sections[0].lines, report.totals.outsideStorageUnits, report.zeroInventory]).toEqual([[], 4, false]);
  });
});

describe('schedule sections', () => {
  const METHYLPHENIDATE: Product = {
    substanceName: 'Methylphenidate HCl',
    deaDrugCode: '1724',
    schedule: 'II',
    form: 'TABLET',
    strengthUg: 10_000,
    unitsPerContainer: 100,
  };
  const registrant = { ...REGISTRANT, schedules: ['II', 'I'] as ('I' | 'II')[] };

  it('keeps schedule I on its own, before schedule II, each with its own totals', () => {
    const history = new RecordedHistory()
      .lot(LOT_B, lotReceived({ lotId: LOT_B, lotNumber: 'MPH-001', product: METHYLPHENIDATE, quantity: 30 }), {
        at: '2026-03-02T15:00:00.000Z',
      })
      .lot(LOT_A, lotReceived({ quantity: 12 }), { at: '2026-03-02T16:00:00.000Z' });
    const report = inventoryAsOf(history.events, registrant, '2026-03-02', 'CLOSE');
    expect(
      report.sections.map((s) => [s.schedule, s.lines.map((l) => [l.lotNumber, l.units, l.mg]), s.totals.bySubstance]),
    ).toEqual([
      ['I', [['MDM-24A-017', 12, 240]], [{ deaDrugCode: '7405', substanceName: 'MDMA HCl', units: 12, mg: 240 }]],
      [
        'II',
        [['MPH-001', 30, 300]],
        [{ deaDrugCode: '1724', substanceName: 'Methylphenidate HCl', units: 30, mg: 300 }],
      ],
    ]);
    expect([report.registrant.schedules, report.totals.onHandUnits]).toEqual([['I', 'II'], 42]);
  });

  it('shows a registered schedule with no stock as an empty section', () => {
    const history = new RecordedHistory().lot(LOT_A, lotReceived({ quantity: 12 }), { at: '2026-03-02T16:00:00.000Z' });
    const report = inventoryAsOf(history.events, registrant, '2026-03-02', 'CLOSE');
    expect(report.sections.map((s) => [s.schedule, s.lines.length, s.totals.onHandUnits])).toEqual([
      ['I', 1, 12],
      ['II', 0, 0],
    ]);
  });
});

describe('milligrams', () => {
  it('are exact for sub-milligram strengths and summed in micrograms', () => {
    const strength = (strengthUg: number): Product => ({ ...MDMA_CAPSULES, strengthUg });
    const history = new RecordedHistory()
      .lot(LOT_A, lotReceived({ quantity: 1, product: strength(100) }), { at: '2026-03-02T15:00:00.000Z' })
      .lot(LOT_B, lotReceived({ lotId: LOT_B, lotNumber: 'MDM-24B-003', quantity: 1, product: strength(200) }), {
        at: '2026-03-02T15:00:00.000Z',
      })
      .lot(LOT_C, lotReceived({ lotId: LOT_C, lotNumber: 'MDM-25C-001', quantity: 3, product: strength(12_345) }), {
        at: '2026-03-02T15:00:00.000Z',
      });
    const section = inventory(history, '2026-03-02').sections[0];
    expect([section.lines.map((l) => [l.strengthMg, l.mg]), section.totals.bySubstance[0].mg]).toEqual([
      [
        [0.1, 0.1],
        [0.2, 0.2],
        [12.345, 37.035],
      ],
      37.335,
    ]);
  });
});

describe('another registrant’s events passed in', () => {
  const history = aNormalMonth()
    .lot(OTHER_LOT, lotReceived({ lotId: OTHER_LOT, registrantId: OTHER_REGISTRANT_ID, locationId: OTHER_VAULT_ID }), {
      at: '2026-03-05T15:00:00.000Z',
      registrantId: OTHER_REGISTRANT_ID,
    })
    .lot(OTHER_LOT, doseDispensed('other-d', { locationId: OTHER_VAULT_ID }), {
      at: '2026-03-06T15:00:00.000Z',
      registrantId: OTHER_REGISTRANT_ID,
    });

  it('are ignored', () => {
    expect(inventory(history, '2026-03-31')).toEqual(inventory(aNormalMonth(), '2026-03-31'));
  });

  it('make that registrant’s own inventory, and only theirs', () => {
    const report = inventoryAsOf(history.events, OTHER_REGISTRANT, '2026-03-31', 'CLOSE');
    expect([
      report.registrant.name,
      report.sections[0].lines.map((l) => [l.locationName, l.units]),
      report.totals.outsideStorageUnits,
    ]).toEqual(['Northside Clinical Trials', [['Northside vault', 96]], 4]);
  });
});

describe('a request it cannot answer', () => {
  const codeAndField = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return [(error as LedgerError).code, (error as LedgerError).errors?.[0].field];
    }
    return null;
  };

  it('refuses an asOf that is neither a date nor an instant with an offset', () => {
    expect(codeAndField(() => inventoryAsOf([], REGISTRANT, '31/03/2026', 'CLOSE'))).toEqual([
      'VALIDATION_FAILED',
      'asOf',
    ]);
  });

  it('refuses a business time other than OPENING or CLOSE', () => {
    expect(codeAndField(() => inventoryAsOf([], REGISTRANT, '2026-03-31', 'NOON' as BusinessTime))).toEqual([
      'VALIDATION_FAILED',
      'businessTime',
    ]);
  });
});
