import type { Product } from '@lib/ledger';
import { reconcile } from './reconciliation';
import {
  CLINIC_ROOM_ID,
  COMPLIANCE_OFFICER,
  countRecorded,
  doseAdministered,
  doseDispensed,
  doseWasted,
  INVESTIGATOR,
  LOT_A,
  LOT_B,
  lotReceived,
  MDMA_CAPSULES,
  PHARMACIST,
  REGISTRANT,
  stockDestroyed,
  stockTransferred,
  VAULT_ID,
} from './testing/fixtures';
import { MARCH } from './testing/march';
import { RecordedHistory } from './testing/recorded-history';

/** Lot A: 100 capsules received into the vault on 10 February. */
const lotA = () => new RecordedHistory().lot(LOT_A, lotReceived(), { at: '2026-02-10T15:00:00.000Z' });
const checksOf = (history: RecordedHistory, period = MARCH) => reconcile(history.events, REGISTRANT, period).checks;
const person = ({ userId, printedName }: { userId: string; printedName: string }) => ({ userId, printedName });

describe('every dispensation balanced or still open', () => {
  it('fires for a dose still out at the end of the period, with its outstanding units', () => {
    const history = lotA()
      .lot(LOT_A, doseDispensed('d-1'), { at: '2026-03-31T20:00:00.000Z' })
      .lot(LOT_A, doseAdministered('d-1', 4), { at: '2026-04-01T14:00:00.000Z', by: INVESTIGATOR });
    const march = reconcile(history.events, REGISTRANT, MARCH);
    expect([march.checks.dispensations, march.totals.outstanding]).toEqual([
      {
        ok: false,
        checked: 1,
        findings: [
          {
            status: 'OPEN',
            dispensationId: 'd-1',
            lotId: LOT_A,
            lotNumber: 'MDM-24A-017',
            participantId: 'MAPP-0042',
            protocolId: 'MAPP2',
            session: 1,
            doseType: 'INITIAL',
            dispensedAt: '2026-03-31T20:00:00.000Z',
            dispensed: 4,
            administered: 0,
            returned: 0,
            wasted: 0,
            outstanding: 4,
          },
        ],
      },
      4,
    ]);
  });

  it('does not fire for a dose dispensed and closed out within the period', () => {
    const history = lotA()
      .lot(LOT_A, doseDispensed('d-1'), { at: '2026-03-30T14:00:00.000Z' })
      .lot(LOT_A, doseAdministered('d-1', 3), { at: '2026-03-30T14:30:00.000Z', by: INVESTIGATOR })
      .lot(LOT_A, doseWasted('d-1', 1), { at: '2026-03-30T15:00:00.000Z', by: INVESTIGATOR, witnesses: [PHARMACIST] });
    expect(checksOf(history).dispensations).toEqual({ ok: true, checked: 1, findings: [] });
  });

  it('checks a dose out at the start and closed within the period', () => {
    const history = lotA()
      .lot(LOT_A, doseDispensed('d-1'), { at: '2026-02-28T22:00:00.000Z' })
      .lot(LOT_A, doseAdministered('d-1', 4), { at: '2026-03-01T14:00:00.000Z', by: INVESTIGATOR });
    expect(checksOf(history).dispensations).toEqual({ ok: true, checked: 1, findings: [] });
  });

  it('fires for a dose out since before the period with nothing done to it in the period', () => {
    const history = lotA()
      .lot(LOT_A, doseDispensed('d-1'), { at: '2026-02-28T22:00:00.000Z' })
      .lot(LOT_A, doseAdministered('d-1', 4), { at: '2026-04-01T14:00:00.000Z', by: INVESTIGATOR });
    const { dispensations } = checksOf(history);
    expect([
      dispensations.ok,
      dispensations.checked,
      dispensations.findings.map((f) => [f.status, f.outstanding]),
    ]).toEqual([false, 1, [['OPEN', 4]]]);
  });

  it('does not check a dose dispensed and closed before the period', () => {
    const history = lotA()
      .lot(LOT_A, doseDispensed('d-1'), { at: '2026-02-20T14:00:00.000Z' })
      .lot(LOT_A, doseAdministered('d-1', 4), { at: '2026-02-20T14:30:00.000Z', by: INVESTIGATOR });
    expect(checksOf(history).dispensations).toEqual({ ok: true, checked: 0, findings: [] });
  });

  it('fires for a dose closed out before it was dispensed (an administration dated before its dispensing)', () => {
    const history = lotA()
      .lot(LOT_A, doseDispensed('d-1'), { at: '2026-03-10T14:00:00.000Z' })
      .lot(LOT_A, doseAdministered('d-1', 4), {
        at: '2026-03-05T14:00:00.000Z',
        recordedAt: '2026-03-11T09:00:00.000Z',
        by: INVESTIGATOR,
      });
    const checks = checksOf(history, { from: '2026-03-01', to: '2026-03-08' });
    expect(checks.dispensations.findings.map((f) => [f.status, f.dispensed, f.administered, f.outstanding])).toEqual([
      ['OVER_CLOSED', 0, 4, -4],
    ]);
  });
});

describe('every destruction with two distinct people', () => {
  const destroyed = (act: { by?: typeof PHARMACIST | null; witnesses?: (typeof PHARMACIST)[] }) =>
    lotA().lot(LOT_A, stockDestroyed(5), { at: '2026-03-10T15:00:00.000Z', ...act });

  it('does not fire when the pharmacist destroys and the compliance officer witnesses', () => {
    expect(checksOf(destroyed({ witnesses: [COMPLIANCE_OFFICER] })).destructionsWitnessed).toEqual({
      ok: true,
      checked: 1,
      findings: [],
    });
  });

  it('fires for a destruction with no witness, naming the act and who did it', () => {
    const history = destroyed({ witnesses: [] });
    expect(checksOf(history).destructionsWitnessed).toEqual({
      ok: false,
      checked: 1,
      findings: [
        {
          eventId: history.events[1].eventId,
          type: 'StockDestroyed',
          lotId: LOT_A,
          lotNumber: 'MDM-24A-017',
          locationId: VAULT_ID,
          dispensationId: null,
          quantity: 5,
          occurredAt: '2026-03-10T15:00:00.000Z',
          actor: person(PHARMACIST),
          witnesses: [],
          gap: 'NO_WITNESS',
        },
      ],
    });
  });

  it('fires when the actor is their own witness', () => {
    const findings = checksOf(destroyed({ witnesses: [PHARMACIST] })).destructionsWitnessed.findings;
    expect(findings.map((f) => [f.gap, f.actor, f.witnesses])).toEqual([
      ['ONE_PERSON', person(PHARMACIST), [person(PHARMACIST)]],
    ]);
  });

  it('does not check destructions outside the period', () => {
    const history = lotA()
      .lot(LOT_A, stockDestroyed(1), { at: '2026-02-27T15:00:00.000Z' })
      .lot(LOT_A, stockDestroyed(1), { at: '2026-04-01T04:00:00.000Z' });
    expect(checksOf(history).destructionsWitnessed).toEqual({ ok: true, checked: 0, findings: [] });
  });
});

describe('every wastage witnessed', () => {
  const wasted = (witnesses: (typeof PHARMACIST)[]) =>
    lotA()
      .lot(LOT_A, doseDispensed('d-1'), { at: '2026-03-10T14:00:00.000Z' })
      .lot(LOT_A, doseAdministered('d-1', 3), { at: '2026-03-10T14:30:00.000Z', by: INVESTIGATOR })
      .lot(LOT_A, doseWasted('d-1', 1), { at: '2026-03-10T15:00:00.000Z', by: INVESTIGATOR, witnesses });

  it('does not fire when the pharmacist witnesses the investigator’s wastage', () => {
    expect(checksOf(wasted([PHARMACIST])).wastageWitnessed).toEqual({ ok: true, checked: 1, findings: [] });
  });

  it('fires for wastage with no witness, naming the dose', () => {
    const history = wasted([]);
    expect(checksOf(history).wastageWitnessed).toEqual({
      ok: false,
      checked: 1,
      findings: [
        {
          eventId: history.events[3].eventId,
          type: 'DoseWasted',
          lotId: LOT_A,
          lotNumber: 'MDM-24A-017',
          locationId: null,
          dispensationId: 'd-1',
          quantity: 1,
          occurredAt: '2026-03-10T15:00:00.000Z',
          actor: person(INVESTIGATOR),
          witnesses: [],
          gap: 'NO_WITNESS',
        },
      ],
    });
  });
});

describe('every schedule I/II receipt with its order', () => {
  const received = (order: { form: 'DEA_222' | 'CSOS'; number: string } | null, product: Product = MDMA_CAPSULES) =>
    new RecordedHistory().lot(LOT_A, lotReceived({ order, product }), { at: '2026-03-02T15:00:00.000Z' });

  it('does not fire for a schedule I receipt on a DEA Form 222', () => {
    expect(checksOf(received({ form: 'DEA_222', number: '261000417' })).receiptsWithOrder).toEqual({
      ok: true,
      checked: 1,
      findings: [],
    });
  });

  it('fires for a schedule I receipt with no order, naming the supplier', () => {
    const history = received(null);
    expect(checksOf(history).receiptsWithOrder).toEqual({
      ok: false,
      checked: 1,
      findings: [
        {
          eventId: history.events[0].eventId,
          lotId: LOT_A,
          lotNumber: 'MDM-24A-017',
          schedule: 'I',
          quantity: 100,
          occurredAt: '2026-03-02T15:00:00.000Z',
          supplier: { name: 'Meridian Pharma Supply', deaNumber: 'PM7654329' },
          order: null,
        },
      ],
    });
  });

  it('fires for an order with a blank number', () => {
    const findings = checksOf(received({ form: 'CSOS', number: '  ' })).receiptsWithOrder.findings;
    expect(findings.map((f) => f.order)).toEqual([{ form: 'CSOS', number: '  ' }]);
  });

  it('does not check a schedule III receipt, nor a receipt before the period', () => {
    const scheduleIII = received(null, {
      ...MDMA_CAPSULES,
      substanceName: 'Ketamine HCl',
      deaDrugCode: '7285',
      schedule: 'III',
    });
    const february = new RecordedHistory().lot(LOT_A, lotReceived({ order: null }), { at: '2026-02-27T15:00:00.000Z' });
    expect([checksOf(scheduleIII).receiptsWithOrder, checksOf(february).receiptsWithOrder]).toEqual([
      { ok: true, checked: 0, findings: [] },
      { ok: true, checked: 0, findings: [] },
    ]);
  });
});

describe('every lot holding stock at the end counted in the period', () => {
  it('fires for stock not counted, per lot and location', () => {
    const history = lotA()
      .lot(LOT_A, stockTransferred({ quantity: 10 }), { at: '2026-03-03T14:00:00.000Z', witnesses: [INVESTIGATOR] })
      .lot(LOT_A, countRecorded('c-1', [[VAULT_ID, 90, 90]]), { at: '2026-03-31T21:00:00.000Z' });
    expect(checksOf(history).stockCounted).toEqual({
      ok: false,
      checked: 2,
      findings: [
        {
          lotId: LOT_A,
          lotNumber: 'MDM-24A-017',
          locationId: CLINIC_ROOM_ID,
          locationName: 'Dosing room 2 lockbox',
          units: 10,
        },
      ],
    });
  });

  it('does not fire when every location holding stock was counted', () => {
    const history = lotA()
      .lot(LOT_A, stockTransferred({ quantity: 10 }), { at: '2026-03-03T14:00:00.000Z', witnesses: [INVESTIGATOR] })
      .lot(
        LOT_A,
        countRecorded('c-1', [
          [VAULT_ID, 90, 90],
          [CLINIC_ROOM_ID, 10, 10],
        ]),
        { at: '2026-03-31T21:00:00.000Z' },
      );
    expect(checksOf(history).stockCounted).toEqual({ ok: true, checked: 2, findings: [] });
  });

  it('does not take a count from before the period', () => {
    const history = lotA().lot(LOT_A, countRecorded('c-0', [[VAULT_ID, 100, 100]]), { at: '2026-02-28T21:00:00.000Z' });
    expect(checksOf(history).stockCounted.findings.map((f) => [f.locationId, f.units])).toEqual([[VAULT_ID, 100]]);
  });

  it('does not check a lot used up by the end of the period', () => {
    const history = lotA()
      .lot(LOT_B, lotReceived({ lotId: LOT_B, lotNumber: 'MDM-24B-003', quantity: 5 }), {
        at: '2026-03-02T15:00:00.000Z',
      })
      .lot(LOT_B, stockDestroyed(5), { at: '2026-03-03T15:00:00.000Z', witnesses: [COMPLIANCE_OFFICER] })
      .lot(LOT_A, countRecorded('c-1', [[VAULT_ID, 100, 100]]), { at: '2026-03-31T21:00:00.000Z' });
    expect(checksOf(history).stockCounted).toEqual({ ok: true, checked: 1, findings: [] });
  });
});
