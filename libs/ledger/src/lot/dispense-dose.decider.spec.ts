import { spec } from '../testing/decider-spec';
import {
  CLINIC_ROOM_ID,
  DISPENSATION_ID,
  dispenseDose,
  doseDispensed,
  lotReceived,
  OTHER_VAULT_ID,
  receivedLot,
  stockDestroyed,
  destroyStock,
  stockTransferred,
  SUPPLEMENTAL_DISPENSATION_ID,
  transferStock,
  UNKNOWN_LOCATION_ID,
  VAULT_ID,
} from '../testing/fixtures';
import { lotDecider } from './lot.decider';
import { toLotView } from './lot.view';

const lot = spec(lotDecider);

describe('when the lot holds 100 capsules in the vault', () => {
  const history = [lotReceived()];

  it('dispenses session 1’s initial dose of 4 capsules (80 mg) to a coded participant', () => {
    const state = lot.given(history).when(dispenseDose()).then([doseDispensed()]);
    expect(toLotView(receivedLot(state), 1)).toMatchObject({
      onHand: [{ locationId: VAULT_ID, units: 96 }],
      totalOnHand: 96,
      openDispensations: [
        {
          dispensationId: DISPENSATION_ID,
          participantId: 'MAPP-0042',
          protocolId: 'MAPP2',
          session: 1,
          doseType: 'INITIAL',
          dispensed: 4,
          administered: 0,
          returned: 0,
          wasted: 0,
          outstanding: 4,
        },
      ],
    });
  });

  it('needs no witness', () => {
    lot
      .given(history)
      .when(dispenseDose({}, { witnesses: [] }))
      .then([doseDispensed()]);
  });

  it('scenario 7 (quantities): refuses 6.5 capsules; Schedule I quantities are whole dosage units (VALIDATION_FAILED)', () => {
    lot
      .given(history)
      .when(dispenseDose({ quantity: 6.5 }))
      .thenThrows('VALIDATION_FAILED', 'whole number');
  });

  it.each([0, -4])('refuses a quantity of %p (VALIDATION_FAILED)', (quantity) => {
    lot.given(history).when(dispenseDose({ quantity })).thenThrows('VALIDATION_FAILED', 'quantity');
  });

  it.each(['Jane Doe', '', 'x'.repeat(65), 'MAPP/0042'])(
    'refuses %p as a participant study code (VALIDATION_FAILED)',
    (participantId) => {
      lot.given(history).when(dispenseDose({ participantId })).thenThrows('VALIDATION_FAILED', 'participantId');
    },
  );

  it.each([0, 21, 1.5])('refuses session %p: sessions run from 1 to 20 (VALIDATION_FAILED)', (session) => {
    lot.given(history).when(dispenseDose({ session })).thenThrows('VALIDATION_FAILED', 'session');
  });

  it('answers NOT_FOUND for another registrant’s vault or an unknown location', () => {
    lot
      .given(history)
      .when(dispenseDose({ locationId: OTHER_VAULT_ID }))
      .thenThrows('NOT_FOUND', 'Location not found.');
    lot
      .given(history)
      .when(dispenseDose({ locationId: UNKNOWN_LOCATION_ID }))
      .thenThrows('NOT_FOUND', 'Location not found.');
  });
});

describe('when the lot holds 4 capsules in the clinic room (and 96 in the vault)', () => {
  const history = [lotReceived(), stockTransferred({ quantity: 4 })];

  it('scenario 4: refuses to dispense 6 capsules from the clinic room, which holds 4 (INSUFFICIENT_STOCK)', () => {
    lot
      .given(history)
      .when(dispenseDose({ locationId: CLINIC_ROOM_ID, quantity: 6 }))
      .thenThrows('INSUFFICIENT_STOCK', 'Only 4 units of this lot are on hand at that location.');
  });

  it('dispenses the 4 capsules the clinic room holds', () => {
    const state = lot
      .given(history)
      .when(dispenseDose({ locationId: CLINIC_ROOM_ID, quantity: 4 }))
      .then([doseDispensed({ locationId: CLINIC_ROOM_ID, quantity: 4 })]);
    expect(receivedLot(state).onHand).toEqual({ [VAULT_ID]: 96, [CLINIC_ROOM_ID]: 0 });
  });

  it('scenario 5: of two dispenses racing for the last 4 units, the one decided second (on the state holding the first) is refused', () => {
    const first = dispenseDose({ locationId: CLINIC_ROOM_ID, quantity: 3 });
    const second = dispenseDose({
      dispensationId: SUPPLEMENTAL_DISPENSATION_ID,
      locationId: CLINIC_ROOM_ID,
      quantity: 3,
    });
    const winner = doseDispensed({ locationId: CLINIC_ROOM_ID, quantity: 3 });
    // Both writers read the same state, on which each alone would be accepted ...
    lot.given(history).when(first).then([winner]);
    lot
      .given(history)
      .when(second)
      .then([doseDispensed({ dispensationId: SUPPLEMENTAL_DISPENSATION_ID, locationId: CLINIC_ROOM_ID, quantity: 3 })]);
    // ... the store lets the first append win, and the second, re-decided on the state that includes it, is refused.
    lot.given(history, winner).when(second).thenThrows('INSUFFICIENT_STOCK', 'Only 1 units');
  });

  it('refuses to reuse a dispensation id (DUPLICATE)', () => {
    lot
      .given(history, doseDispensed({ locationId: CLINIC_ROOM_ID, quantity: 1 }))
      .when(dispenseDose({ locationId: CLINIC_ROOM_ID, quantity: 1 }))
      .thenThrows('DUPLICATE');
  });
});

describe('when the lot expired on 1 March 2026', () => {
  const history = [lotReceived({ expiresOn: '2026-03-01' })];

  it('scenario 23: refuses to dispense from the expired lot (LOT_EXPIRED)', () => {
    lot.given(history).when(dispenseDose()).thenThrows('LOT_EXPIRED', 'Lot MDM-24A-017 expired on 2026-03-01.');
  });

  it('scenario 23: refuses it even when the vault holds plenty, before looking at stock', () => {
    lot
      .given(history)
      .when(dispenseDose({ quantity: 500 }))
      .thenThrows('LOT_EXPIRED');
  });

  it('still lets the expired stock be moved and destroyed', () => {
    lot.given(history).when(transferStock()).then([stockTransferred()]);
    lot.given(history).when(destroyStock()).then([stockDestroyed()]);
  });
});

describe('when the lot expires on 2 March 2026, the day of the dispense', () => {
  const history = [lotReceived({ expiresOn: '2026-03-02' })];

  it('dispenses on the expiry date itself', () => {
    lot.given(history).when(dispenseDose()).then([doseDispensed()]);
  });

  it('reads the expiry on the registrant’s wall clock: 22:30 on 2 March in New York is still in date, 00:30 on 3 March is not', () => {
    const now = '2026-03-03T12:00:00.000Z';
    lot
      .given(history)
      .when(dispenseDose({}, { now, occurredAt: '2026-03-03T03:30:00.000Z' }))
      .then([doseDispensed()]);
    lot
      .given(history)
      .when(dispenseDose({}, { now, occurredAt: '2026-03-03T05:30:00.000Z' }))
      .thenThrows('LOT_EXPIRED');
  });
});
