import { fold } from '../shared/decider';
import { spec } from '../testing/decider-spec';
import {
  CABINET_ID,
  CLINIC_ROOM_ID,
  COMPLIANCE_OFFICER,
  correctionRecorded,
  correctRecord,
  DISPENSATION_ID,
  doseAdministered,
  doseDispensed,
  INVESTIGATOR,
  lotReceived,
  OTHER_VAULT_ID,
  PHARMACIST,
  physicalCountRecorded,
  receivedLot,
  signer,
  stockTransferred,
  UNKNOWN_LOCATION_ID,
  VAULT_ID,
  witness,
} from '../testing/fixtures';
import { lotDecider } from './lot.decider';
import type { LotEvent } from './lot.events';
import { unitsAt } from './lot.state';
import { toLotView } from './lot.view';

const lot = spec(lotDecider);

const identityGap = (events: LotEvent[]): number => {
  const view = toLotView(receivedLot(fold(lotDecider, events)), events.length - 1);
  const { received, destroyed, lost, dispensed, returned, corrected } = view.totals;
  return received - destroyed - lost - (dispensed - returned) + corrected - view.totalOnHand;
};

describe('when a 4-capsule dispense from the vault was posted, though only 3 left it: corrections', () => {
  const history = [lotReceived(), doseDispensed()];

  it('scenario 24: never edits the posted dispense: a compensating event names it, says why, and puts the capsule back on the book', () => {
    const after = receivedLot(lot.given(history).when(correctRecord()).then([correctionRecorded()]));
    // The dispense reads as it was posted; the correction stands beside it.
    expect(after.dispensations[DISPENSATION_ID]).toMatchObject({ dispensed: 4 });
    expect([after.totals.dispensed, after.totals.corrected, unitsAt(after, VAULT_ID)]).toEqual([4, 1, 97]);
    expect(identityGap([...history, correctionRecorded()])).toBe(0);
  });

  it('scenario 24: refuses a correction with no second person to approve it (WITNESS_INVALID)', () => {
    lot
      .given(history)
      .when(correctRecord({}, { witnesses: [] }))
      .thenThrows('WITNESS_INVALID', 'Exactly one witness is required.');
  });

  it('scenario 24: refuses a correction approved by the officer who makes it (WITNESS_INVALID)', () => {
    lot
      .given(history)
      .when(correctRecord({}, { witnesses: [witness(COMPLIANCE_OFFICER)] }))
      .thenThrows('WITNESS_INVALID', 'different person');
  });

  it('scenario 24: refuses a correction without a reason (VALIDATION_FAILED)', () => {
    const error = lot
      .given(history)
      .when(correctRecord({ reason: '   ' }))
      .thenThrows('VALIDATION_FAILED');
    expect(error.errors?.map((e) => e.field)).toEqual(['reason']);
  });

  it.each([
    ['the pharmacist who posted it', PHARMACIST, INVESTIGATOR],
    ['the investigator', INVESTIGATOR, PHARMACIST],
  ])('refuses a correction by %s: only a compliance officer corrects (FORBIDDEN)', (_who, actor, approver) => {
    lot
      .given(history)
      .when(correctRecord({}, { actor: signer(actor), witnesses: [witness(approver)] }))
      .thenThrows('FORBIDDEN');
  });

  it('answers NOT_FOUND when the event named is not in this lot’s history', () => {
    lot
      .given(history)
      .when(correctRecord({ target: null }))
      .thenThrows('NOT_FOUND', 'Event to correct not found.');
  });

  it.each([
    ['a correction', 'CorrectionRecorded', 'correct the original event again'],
    ['a count', 'PhysicalCountRecorded', 'only recorded movements and close-outs are'],
  ])('refuses to correct %s (VALIDATION_FAILED)', (_what, type, message) => {
    const error = lot
      .given(history)
      .when(correctRecord({ target: { eventId: '0190c0de-0000-7000-8000-000000000003', type } }))
      .thenThrows('VALIDATION_FAILED', message);
    expect(error.errors?.map((e) => e.field)).toEqual(['correctsEventId']);
  });

  it('refuses a correction that names no quantity (VALIDATION_FAILED)', () => {
    const error = lot
      .given(history)
      .when(correctRecord({ adjustments: [] }))
      .thenThrows('VALIDATION_FAILED');
    expect(error.errors?.map((e) => e.field)).toEqual(['adjustments']);
  });

  it.each([0, 1.5, -0.5, Number.NaN])('refuses %s units: a whole number other than 0 (VALIDATION_FAILED)', (units) => {
    const error = lot
      .given(history)
      .when(correctRecord({ adjustments: [{ locationId: VAULT_ID, units }] }))
      .thenThrows('VALIDATION_FAILED');
    expect(error.errors?.map((e) => e.field)).toEqual(['adjustments[0].units']);
  });

  it('refuses a location named twice (VALIDATION_FAILED)', () => {
    const twice = [
      { locationId: VAULT_ID, units: 1 },
      { locationId: VAULT_ID, units: 1 },
    ];
    const error = lot
      .given(history)
      .when(correctRecord({ adjustments: twice }))
      .thenThrows('VALIDATION_FAILED');
    expect(error.errors?.map((e) => e.field)).toEqual(['adjustments[1]']);
  });

  it.each([
    ['an unknown location', UNKNOWN_LOCATION_ID, 1],
    ['another registrant’s vault', OTHER_VAULT_ID, -1],
  ])('answers NOT_FOUND for %s', (_what, locationId, units) => {
    lot
      .given(history)
      .when(correctRecord({ adjustments: [{ locationId, units }] }))
      .thenThrows('NOT_FOUND', 'Location not found.');
  });

  it('puts no stock on the book where schedule I may not be kept (LOCATION_NOT_APPROVED)', () => {
    lot
      .given(history)
      .when(correctRecord({ adjustments: [{ locationId: CABINET_ID, units: 1 }] }))
      .thenThrows('LOCATION_NOT_APPROVED');
  });

  it.each([
    ['97 from the vault, which holds 96', VAULT_ID, -97, 'Only 96 units'],
    ['1 from the clinic room, which holds none', CLINIC_ROOM_ID, -1, 'Only 0 units'],
  ])('never takes a location below zero: refuses to take %s (INSUFFICIENT_STOCK)', (_what, locationId, units, why) => {
    lot
      .given(history)
      .when(correctRecord({ adjustments: [{ locationId, units }] }))
      .thenThrows('INSUFFICIENT_STOCK', why);
  });
});

describe('when a transfer was posted to the wrong location', () => {
  const history = [lotReceived(), stockTransferred({ quantity: 10 })];

  it('reverses it location by location: the lot’s total and its corrected net stay as they were', () => {
    const target = { eventId: '0190c0de-0000-7000-8000-000000000002', type: 'StockTransferred' };
    const adjustments = [
      { locationId: CLINIC_ROOM_ID, units: -10 },
      { locationId: VAULT_ID, units: 10 },
    ];
    const reason = 'Posted to the dosing room; the stock never left the vault.';
    const after = receivedLot(
      lot
        .given(history)
        .when(correctRecord({ target, adjustments, reason }))
        .then([
          correctionRecorded({ correctsEventId: target.eventId, correctsType: target.type, adjustments, reason }),
        ]),
    );
    expect(toLotView(after, 2)).toMatchObject({
      onHand: [{ locationId: VAULT_ID, units: 100 }],
      totalOnHand: 100,
      totals: { corrected: 0 },
    });
  });
});

describe('scenario 37: the count finds one more capsule in the vault than the book, explained by an unposted return', () => {
  // All 4 capsules were posted as administered; one was in fact handed back to the vault.
  const administration = { eventId: '0190c0de-0000-7000-8000-000000000003', type: 'DoseAdministered' };
  const count = physicalCountRecorded({ lines: [{ locationId: VAULT_ID, units: 97, bookUnits: 96 }] });
  const history = [lotReceived(), doseDispensed(), doseAdministered(), count];
  const correction = {
    target: administration,
    reason: 'One capsule was handed back to the vault, not taken; the return was never posted.',
    adjustments: [{ locationId: VAULT_ID, units: 1 }],
  };

  it('is corrected with a reason and an approver, and the book then matches the count', () => {
    const { target, ...data } = correction;
    const after = receivedLot(
      lot
        .given(history)
        .when(correctRecord(correction))
        .then([correctionRecorded({ ...data, correctsEventId: target.eventId, correctsType: target.type })]),
    );
    expect(unitsAt(after, VAULT_ID)).toBe(count.data.lines[0].units);
    // The count keeps the book it was taken against: the variance it found stays on record.
    expect(count.data.lines[0].bookUnits).toBe(96);
  });
});

describe('when the recorded history holds an odd correction (evolve never throws)', () => {
  it('applies it as it stands, each adjustment in turn, even below zero', () => {
    const odd = correctionRecorded({
      adjustments: [
        { locationId: VAULT_ID, units: -2 },
        { locationId: VAULT_ID, units: -2 },
      ],
    });
    const after = receivedLot(fold(lotDecider, [lotReceived({ quantity: 3 }), odd]));
    expect([unitsAt(after, VAULT_ID), after.totals.corrected]).toEqual([-1, -4]);
  });
});
