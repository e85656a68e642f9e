import { spec } from '../testing/decider-spec';
import {
  ADMIN,
  CLINIC_ROOM_ID,
  COMPLIANCE_OFFICER,
  destroyStock,
  INVESTIGATOR,
  lossReported,
  lotReceived,
  OTHER_VAULT_ID,
  PHARMACIST,
  receivedLot,
  REGULATOR,
  reportLoss,
  signer,
  stockDestroyed,
  stockTransferred,
  unknownWitness,
  VAULT_ID,
  witness,
} from '../testing/fixtures';
import { lotDecider } from './lot.decider';
import { toLotView } from './lot.view';

const lot = spec(lotDecider);

describe('when the lot holds 100 capsules in the vault: destruction (DEA Form 41)', () => {
  const history = [lotReceived()];

  it('destroys 5 capsules, the pharmacist and the compliance officer being the two employees', () => {
    const state = lot
      .given(history)
      .when(destroyStock({ quantity: 5 }))
      .then([stockDestroyed({ quantity: 5 })]);
    expect(toLotView(receivedLot(state), 1)).toMatchObject({
      totalOnHand: 95,
      totals: { received: 100, destroyed: 5, wasted: 0, lost: 0 },
    });
  });

  it('lets the compliance officer destroy, witnessed by the investigator', () => {
    lot
      .given(history)
      .when(destroyStock({}, { actor: signer(COMPLIANCE_OFFICER), witnesses: [witness(INVESTIGATOR)] }))
      .then([stockDestroyed()]);
  });

  it('scenario 1: refuses a destruction whose sole witness is the person performing it (WITNESS_INVALID)', () => {
    lot
      .given(history)
      .when(destroyStock({}, { actor: signer(PHARMACIST), witnesses: [witness(PHARMACIST)] }))
      .thenThrows('WITNESS_INVALID', 'different person');
  });

  it.each([
    ['the regulator, who holds no custody role', witness(REGULATOR)],
    ['the administrator, who holds no custody role', witness(ADMIN)],
    ['a username that is no authorized user', unknownWitness('night.guard')],
  ])('scenario 2: refuses a destruction witnessed by %s (WITNESS_INVALID)', (_who, credential) => {
    lot
      .given(history)
      .when(destroyStock({}, { witnesses: [credential] }))
      .thenThrows('WITNESS_INVALID');
  });

  it('never takes the vault below zero: refuses to destroy 101 (INSUFFICIENT_STOCK)', () => {
    lot
      .given(history)
      .when(destroyStock({ quantity: 101 }))
      .thenThrows('INSUFFICIENT_STOCK', 'Only 100 units');
  });

  it('refuses to destroy in the clinic room, which holds none (INSUFFICIENT_STOCK)', () => {
    lot
      .given(history)
      .when(destroyStock({ locationId: CLINIC_ROOM_ID, quantity: 1 }))
      .thenThrows('INSUFFICIENT_STOCK');
  });

  it('answers NOT_FOUND for another registrant’s vault', () => {
    lot
      .given(history)
      .when(destroyStock({ locationId: OTHER_VAULT_ID }))
      .thenThrows('NOT_FOUND', 'Location not found.');
  });

  it('refuses 2.5 capsules (VALIDATION_FAILED)', () => {
    lot
      .given(history)
      .when(destroyStock({ quantity: 2.5 }))
      .thenThrows('VALIDATION_FAILED');
  });
});

describe('when the lot holds 96 in the vault and 4 in the clinic room: theft or loss (DEA Form 106)', () => {
  const history = [lotReceived(), stockTransferred({ quantity: 4 })];

  it('records 2 capsules lost to breakage in the vault, without a witness', () => {
    const state = lot
      .given(history)
      .when(reportLoss({ quantity: 2 }))
      .then([lossReported({ quantity: 2 })]);
    const view = toLotView(receivedLot(state), 2);
    expect([view.totals.lost, view.totalOnHand, view.onHand]).toEqual([
      2,
      98,
      [
        { locationId: VAULT_ID, units: 94 },
        { locationId: CLINIC_ROOM_ID, units: 4 },
      ],
    ]);
  });

  it('records the theft of the 4 capsules in the clinic room', () => {
    const theft = {
      locationId: CLINIC_ROOM_ID,
      quantity: 4,
      kind: 'THEFT',
      description: 'Lockbox forced overnight.',
    } as const;
    lot
      .given(history)
      .when(reportLoss(theft))
      .then([lossReported(theft)]);
  });

  it('never takes a location below zero: refuses a loss of 5 from the clinic room (INSUFFICIENT_STOCK)', () => {
    lot
      .given(history)
      .when(reportLoss({ locationId: CLINIC_ROOM_ID, quantity: 5 }))
      .thenThrows('INSUFFICIENT_STOCK', 'Only 4 units');
  });

  it('refuses a discovery dated in the future (OCCURRED_IN_FUTURE)', () => {
    lot
      .given(history)
      .when(reportLoss({ discoveredAt: '2026-03-02T19:30:00.000Z' }))
      .thenThrows('OCCURRED_IN_FUTURE', 'discoveredAt lies in the future.');
  });

  it('refuses a discovery before the loss itself (VALIDATION_FAILED)', () => {
    lot
      .given(history)
      .when(reportLoss({ discoveredAt: '2026-03-02T18:00:00.000Z' }))
      .thenThrows('VALIDATION_FAILED', 'discoveredAt');
  });

  it('refuses a discoveredAt that is not a date and time, rather than recording it (VALIDATION_FAILED)', () => {
    const error = lot
      .given(history)
      .when(reportLoss({ discoveredAt: 'this morning' }))
      .thenThrows('VALIDATION_FAILED');
    expect(error.errors?.map((e) => e.field)).toEqual(['discoveredAt']);
  });

  it('answers NOT_FOUND for a loss in another registrant’s vault', () => {
    lot
      .given(history)
      .when(reportLoss({ locationId: OTHER_VAULT_ID }))
      .thenThrows('NOT_FOUND', 'Location not found.');
  });

  it('refuses the investigator, who may not report a loss (FORBIDDEN)', () => {
    lot
      .given(history)
      .when(reportLoss({}, { actor: signer(INVESTIGATOR) }))
      .thenThrows('FORBIDDEN');
  });
});
