import { spec } from '../testing/decider-spec';
import {
  administerDose,
  CABINET_ID,
  CLINIC_ROOM_ID,
  COMPLIANCE_OFFICER,
  DISPENSATION_ID,
  doseAdministered,
  doseDispensed,
  doseReturned,
  doseWasted,
  INVESTIGATOR,
  lotReceived,
  OTHER_VAULT_ID,
  PHARMACIST,
  receivedLot,
  returnDose,
  signer,
  SUPPLEMENTAL_DISPENSATION_ID,
  UNKNOWN_DISPENSATION_ID,
  VAULT_ID,
  wasteDose,
  witness,
} from '../testing/fixtures';
import type { LotCommand } from './lot.commands';
import { lotDecider } from './lot.decider';
import { toLotView } from './lot.view';

const lot = spec(lotDecider);

const identityGap = (view: ReturnType<typeof toLotView>): number => {
  const { received, destroyed, lost, dispensed, returned } = view.totals;
  return received - destroyed - lost - (dispensed - returned) - view.totalOnHand;
};

describe('when 4 capsules were dispensed and none administered yet', () => {
  const history = [lotReceived(), doseDispensed({ quantity: 4 })];

  it('records the investigator administering all 4, which closes the dispensation', () => {
    const state = lot
      .given(history)
      .when(administerDose({ quantity: 4 }))
      .then([doseAdministered({ quantity: 4 })]);
    const view = toLotView(receivedLot(state), 2);
    expect([view.openDispensations, view.totals.administered, view.totalOnHand]).toEqual([[], 4, 96]);
  });

  it('refuses to administer 5 of the 4 dispensed (EXCEEDS_OUTSTANDING)', () => {
    lot
      .given(history)
      .when(administerDose({ quantity: 5 }))
      .thenThrows('EXCEEDS_OUTSTANDING', 'Only 4 units');
  });

  it('answers NOT_FOUND for a dispensation this lot never recorded', () => {
    lot
      .given(history)
      .when(administerDose({ dispensationId: UNKNOWN_DISPENSATION_ID }))
      .thenThrows('NOT_FOUND', 'Dispensation not found.');
    lot
      .given(history)
      .when(returnDose({ dispensationId: UNKNOWN_DISPENSATION_ID }))
      .thenThrows('NOT_FOUND', 'Dispensation not found.');
    lot
      .given(history)
      .when(wasteDose({ dispensationId: UNKNOWN_DISPENSATION_ID }))
      .thenThrows('NOT_FOUND', 'Dispensation not found.');
  });

  it('returns 2 sealed capsules to the vault, witnessed by the pharmacist, and they are on hand again', () => {
    const state = lot
      .given(history)
      .when(returnDose({ quantity: 2 }))
      .then([doseReturned({ quantity: 2 })]);
    expect(receivedLot(state).onHand).toEqual({ [VAULT_ID]: 98 });
  });

  it('lets the pharmacist record a return witnessed by the investigator', () => {
    lot
      .given(history)
      .when(
        returnDose({ toLocationId: CLINIC_ROOM_ID }, { actor: signer(PHARMACIST), witnesses: [witness(INVESTIGATOR)] }),
      )
      .then([doseReturned({ toLocationId: CLINIC_ROOM_ID })]);
  });

  it('refuses a return to the cabinet, which is not approved for schedule I (LOCATION_NOT_APPROVED)', () => {
    lot
      .given(history)
      .when(returnDose({ toLocationId: CABINET_ID }))
      .thenThrows('LOCATION_NOT_APPROVED', 'Ward cabinet');
  });

  it('answers NOT_FOUND for a return into another registrant’s vault', () => {
    lot
      .given(history)
      .when(returnDose({ toLocationId: OTHER_VAULT_ID }))
      .thenThrows('NOT_FOUND', 'Location not found.');
  });

  it('refuses a return witnessed by the returning investigator herself (WITNESS_INVALID)', () => {
    lot
      .given(history)
      .when(returnDose({}, { witnesses: [witness(INVESTIGATOR)] }))
      .thenThrows('WITNESS_INVALID');
  });

  it('refuses to return 5 of the 4 dispensed (EXCEEDS_OUTSTANDING)', () => {
    lot
      .given(history)
      .when(returnDose({ quantity: 5 }))
      .thenThrows('EXCEEDS_OUTSTANDING');
  });

  it('scenario 22: records a vomited capsule as wastage with a witness, not as a destruction', () => {
    const state = lot
      .given(history)
      .when(wasteDose({ quantity: 1, reason: 'VOMITED' }))
      .then([doseWasted({ quantity: 1, reason: 'VOMITED' })]);
    const view = toLotView(receivedLot(state), 2);
    expect(view.totals).toEqual({
      received: 100,
      dispensed: 4,
      administered: 0,
      returned: 0,
      wasted: 1,
      destroyed: 0,
      lost: 0,
      corrected: 0,
    });
    expect([view.totalOnHand, view.openDispensations[0].outstanding, identityGap(view)]).toEqual([96, 3, 0]);
  });

  it('scenario 3: refuses wastage recorded without a witness (WITNESS_INVALID)', () => {
    lot
      .given(history)
      .when(wasteDose({}, { witnesses: [] }))
      .thenThrows('WITNESS_INVALID');
  });

  it('lets a compliance officer witness a wastage', () => {
    lot
      .given(history)
      .when(wasteDose({}, { witnesses: [witness(COMPLIANCE_OFFICER)] }))
      .then([doseWasted()]);
  });

  it('refuses to waste half a capsule: a partial unit is not a quantity (VALIDATION_FAILED)', () => {
    lot
      .given(history)
      .when(wasteDose({ quantity: 0.5, reason: 'PARTIAL_DOSE' }))
      .thenThrows('VALIDATION_FAILED');
  });
});

describe('when 3 of the 4 dispensed capsules were administered', () => {
  const history = [lotReceived(), doseDispensed({ quantity: 4 }), doseAdministered({ quantity: 3 })];

  it.each<[string, LotCommand]>([
    ['administer', administerDose({ quantity: 2 })],
    ['return', returnDose({ quantity: 2 })],
    ['waste', wasteDose({ quantity: 2 })],
  ])('refuses to %s 2 when 1 is outstanding (EXCEEDS_OUTSTANDING)', (_act, command) => {
    lot
      .given(history)
      .when(command)
      .thenThrows('EXCEEDS_OUTSTANDING', 'Only 1 units of this dispensation are outstanding.');
  });

  it('counts administration, returns and wastage together: after 1 wasted nothing more may be returned', () => {
    lot
      .given(history, doseWasted({ quantity: 1 }))
      .when(returnDose({ quantity: 1 }))
      .thenThrows('DISPENSATION_CLOSED');
  });
});

describe('when the dispensation has been fully administered', () => {
  const history = [lotReceived(), doseDispensed({ quantity: 4 }), doseAdministered({ quantity: 4 })];

  it.each<[string, LotCommand]>([
    ['administration', administerDose({ quantity: 1 })],
    ['return', returnDose({ quantity: 1 })],
    ['wastage', wasteDose({ quantity: 1 })],
  ])('refuses any further %s (DISPENSATION_CLOSED)', (_act, command) => {
    lot.given(history).when(command).thenThrows('DISPENSATION_CLOSED', 'Nothing is outstanding on this dispensation.');
  });
});

describe('when session 1’s supplemental dose of 2 capsules was dispensed after the initial 4 were administered', () => {
  const history = [
    lotReceived(),
    doseDispensed({ quantity: 4 }),
    doseAdministered({ quantity: 4 }),
    doseDispensed({ dispensationId: SUPPLEMENTAL_DISPENSATION_ID, quantity: 2, doseType: 'SUPPLEMENTAL' }),
  ];

  it('scenario 21: returns the withheld supplemental dose SEALED to the vault, and the totals identity still holds', () => {
    const returned = {
      dispensationId: SUPPLEMENTAL_DISPENSATION_ID,
      quantity: 2,
      toLocationId: VAULT_ID,
      integrity: 'SEALED',
    } as const;
    const state = lot
      .given(history)
      .when(returnDose(returned))
      .then([doseReturned(returned)]);
    const view = toLotView(receivedLot(state), 4);
    expect(view).toMatchObject({
      onHand: [{ locationId: VAULT_ID, units: 96 }],
      totalOnHand: 96,
      openDispensations: [],
      totals: {
        received: 100,
        dispensed: 6,
        administered: 4,
        returned: 2,
        wasted: 0,
        destroyed: 0,
        lost: 0,
        corrected: 0,
      },
    });
    expect(identityGap(view)).toBe(0);
  });

  it('keeps the initial dose closed while the supplemental one is open', () => {
    lot
      .given(history)
      .when(administerDose({ dispensationId: DISPENSATION_ID, quantity: 1 }))
      .thenThrows('DISPENSATION_CLOSED');
  });
});
