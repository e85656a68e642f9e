import { spec } from '../testing/decider-spec';
import {
  ADMIN,
  CABINET_ID,
  CLINIC_ROOM_ID,
  COMPLIANCE_OFFICER,
  FORMER_PHARMACIST,
  INVESTIGATOR,
  lotReceived,
  OTHER_VAULT_ID,
  OUTSIDER,
  PHARMACIST,
  receivedLot,
  REGULATOR,
  stockTransferred,
  transferStock,
  UNKNOWN_LOCATION_ID,
  unknownWitness,
  VAULT_ID,
  witness,
  witnessWithWrongPassword,
} from '../testing/fixtures';
import { lotDecider } from './lot.decider';

const lot = spec(lotDecider);

describe('when the lot holds 100 capsules in the vault', () => {
  const history = [lotReceived()];

  it('moves 10 capsules to the clinic room, the investigator taking custody as witness', () => {
    const state = lot
      .given(history)
      .when(transferStock({ quantity: 10, reason: 'Session 1, MAPP-0042' }))
      .then([stockTransferred({ quantity: 10, reason: 'Session 1, MAPP-0042' })]);
    expect(receivedLot(state).onHand).toEqual({ [VAULT_ID]: 90, [CLINIC_ROOM_ID]: 10 });
    expect(receivedLot(state).totals.received).toBe(100);
  });

  it('moves every capsule it holds', () => {
    lot
      .given(history)
      .when(transferStock({ quantity: 100 }))
      .then([stockTransferred({ quantity: 100 })]);
  });

  it('never takes the vault below zero: refuses 101 capsules (INSUFFICIENT_STOCK)', () => {
    lot
      .given(history)
      .when(transferStock({ quantity: 101 }))
      .thenThrows('INSUFFICIENT_STOCK', 'Only 100 units');
  });

  it('refuses to move stock out of the clinic room, which holds none of this lot (INSUFFICIENT_STOCK)', () => {
    lot
      .given(history)
      .when(transferStock({ fromLocationId: CLINIC_ROOM_ID, toLocationId: VAULT_ID, quantity: 1 }))
      .thenThrows('INSUFFICIENT_STOCK', 'Only 0 units');
  });

  it('scenario 14: refuses a transfer into the cabinet, which is not approved for schedule I (LOCATION_NOT_APPROVED)', () => {
    lot
      .given(history)
      .when(transferStock({ toLocationId: CABINET_ID }))
      .thenThrows('LOCATION_NOT_APPROVED', 'Ward cabinet');
  });

  it('scenario 16: refuses to "transfer" into a location of another registration (NOT_FOUND)', () => {
    lot
      .given(history)
      .when(transferStock({ toLocationId: OTHER_VAULT_ID }))
      .thenThrows('NOT_FOUND', 'Location not found.');
  });

  it('answers NOT_FOUND for a source location that does not exist', () => {
    lot
      .given(history)
      .when(transferStock({ fromLocationId: UNKNOWN_LOCATION_ID }))
      .thenThrows('NOT_FOUND', 'Location not found.');
  });

  it('refuses a transfer from a location to itself (VALIDATION_FAILED)', () => {
    lot
      .given(history)
      .when(transferStock({ toLocationId: VAULT_ID }))
      .thenThrows('VALIDATION_FAILED', 'another location');
  });

  it.each([0, 2.5, -10])('refuses a quantity of %p (VALIDATION_FAILED)', (quantity) => {
    lot.given(history).when(transferStock({ quantity })).thenThrows('VALIDATION_FAILED', 'whole number');
  });

  it('scenario 15: refuses a transfer whose receiving witness is the releasing pharmacist (WITNESS_INVALID)', () => {
    lot
      .given(history)
      .when(transferStock({}, { witnesses: [witness(PHARMACIST)] }))
      .thenThrows('WITNESS_INVALID', 'different person');
  });

  it('accepts a compliance officer as the person receiving custody', () => {
    lot
      .given(history)
      .when(transferStock({}, { witnesses: [witness(COMPLIANCE_OFFICER)] }))
      .then([stockTransferred()]);
  });

  it.each([
    ['with no receiving witness at all', []],
    ['witnessed under an unknown username', [unknownWitness('ghost.user')]],
    ['whose witness gave a wrong password', [witnessWithWrongPassword(INVESTIGATOR)]],
    ['witnessed by a deactivated pharmacist', [witness(FORMER_PHARMACIST)]],
    ['witnessed by a pharmacist of another registrant', [witness(OUTSIDER)]],
    ['witnessed by the regulator, who holds no custody role', [witness(REGULATOR)]],
    ['witnessed by the administrator, who holds no custody role', [witness(ADMIN)]],
    ['with two witnesses where one is required', [witness(INVESTIGATOR), witness(COMPLIANCE_OFFICER)]],
  ])('refuses a transfer %s (WITNESS_INVALID)', (_who, witnesses) => {
    lot.given(history).when(transferStock({}, { witnesses })).thenThrows('WITNESS_INVALID');
  });
});

describe('when the clinic room holds 4 capsules of the lot', () => {
  const history = [lotReceived(), stockTransferred({ quantity: 4 })];

  it('moves the 4 capsules back to the vault', () => {
    const back = { fromLocationId: CLINIC_ROOM_ID, toLocationId: VAULT_ID, quantity: 4, reason: 'Session cancelled' };
    const state = lot
      .given(history)
      .when(transferStock(back))
      .then([stockTransferred(back)]);
    expect(receivedLot(state).onHand).toEqual({ [VAULT_ID]: 100, [CLINIC_ROOM_ID]: 0 });
  });

  it('refuses to move 5 out of the clinic room (INSUFFICIENT_STOCK)', () => {
    lot
      .given(history)
      .when(transferStock({ fromLocationId: CLINIC_ROOM_ID, toLocationId: VAULT_ID, quantity: 5 }))
      .thenThrows('INSUFFICIENT_STOCK', 'Only 4 units');
  });
});
