import type { BusinessTime, CountKind } from '../registrant/registrant.events';
import { spec } from '../testing/decider-spec';
import {
  CABINET_ID,
  CLINIC_ROOM_ID,
  COMPLIANCE_OFFICER,
  COUNT_ID,
  INVESTIGATOR,
  lotReceived,
  OTHER_VAULT_ID,
  physicalCountRecorded,
  receivedLot,
  recordCountLines,
  signer,
  stockTransferred,
  VAULT_ID,
  witness,
} from '../testing/fixtures';
import { lotDecider } from './lot.decider';
import { toLotView } from './lot.view';

const lot = spec(lotDecider);

describe('when the books hold 96 capsules in the vault and 4 in the clinic room', () => {
  const history = [lotReceived(), stockTransferred({ quantity: 4 })];

  it('stores each counted line with the book quantity beside it (blind count)', () => {
    const lines = [
      { locationId: VAULT_ID, units: 96 },
      { locationId: CLINIC_ROOM_ID, units: 4 },
    ];
    lot
      .given(history)
      .when(recordCountLines({ lines }))
      .then([
        physicalCountRecorded({
          lines: [
            { locationId: VAULT_ID, units: 96, bookUnits: 96 },
            { locationId: CLINIC_ROOM_ID, units: 4, bookUnits: 4 },
          ],
        }),
      ]);
  });

  it('records a count 2 short of the books as counted, leaving the variance to reconciliation', () => {
    const state = lot
      .given(history)
      .when(recordCountLines({ lines: [{ locationId: VAULT_ID, units: 94 }] }))
      .then([physicalCountRecorded({ lines: [{ locationId: VAULT_ID, units: 94, bookUnits: 96 }] })]);
    expect(toLotView(receivedLot(state), 2).totalOnHand).toBe(100);
  });

  it('records a zero count at a location that holds none of the lot', () => {
    lot
      .given(history)
      .when(
        recordCountLines({ kind: 'AD_HOC', businessTime: 'OPENING', lines: [{ locationId: CABINET_ID, units: 0 }] }),
      )
      .then([
        physicalCountRecorded({
          kind: 'AD_HOC',
          businessTime: 'OPENING',
          lines: [{ locationId: CABINET_ID, units: 0, bookUnits: 0 }],
        }),
      ]);
  });

  it('lets the compliance officer count, witnessed by the investigator', () => {
    lot
      .given(history)
      .when(recordCountLines({}, { actor: signer(COMPLIANCE_OFFICER), witnesses: [witness(INVESTIGATOR)] }))
      .then([
        physicalCountRecorded({ countId: COUNT_ID, lines: [{ locationId: VAULT_ID, units: 100, bookUnits: 96 }] }),
      ]);
  });

  it('scenario 6: refuses an estimated count such as "approx. 7" for an opened schedule I bottle (VALIDATION_FAILED)', () => {
    const estimated = [{ locationId: CLINIC_ROOM_ID, units: 'approx. 7' as unknown as number }];
    const error = lot
      .given(history)
      .when(recordCountLines({ lines: estimated }))
      .thenThrows('VALIDATION_FAILED', 'exact count');
    expect(error.errors?.map((e) => e.field)).toEqual(['lines[0].units']);
  });

  it('scenario 7: refuses 6.5 capsules; a partial capsule goes through wastage (VALIDATION_FAILED)', () => {
    const error = lot
      .given(history)
      .when(
        recordCountLines({
          lines: [
            { locationId: VAULT_ID, units: 96 },
            { locationId: CLINIC_ROOM_ID, units: 6.5 },
          ],
        }),
      )
      .thenThrows('VALIDATION_FAILED', 'exact count');
    expect(error.errors?.map((e) => e.field)).toEqual(['lines[1].units']);
  });

  it('refuses a negative count (VALIDATION_FAILED)', () => {
    lot
      .given(history)
      .when(recordCountLines({ lines: [{ locationId: VAULT_ID, units: -1 }] }))
      .thenThrows('VALIDATION_FAILED');
  });

  it('scenario 32: refuses a count that does not say whether it was taken at opening or close of business (VALIDATION_FAILED)', () => {
    lot
      .given(history)
      .when(recordCountLines({ businessTime: undefined as unknown as BusinessTime }))
      .thenThrows('VALIDATION_FAILED', 'OPENING or CLOSE');
    lot
      .given(history)
      .when(recordCountLines({ businessTime: 'NOON' as BusinessTime }))
      .thenThrows('VALIDATION_FAILED', 'OPENING or CLOSE');
  });

  it('refuses an unknown kind of inventory (VALIDATION_FAILED)', () => {
    lot
      .given(history)
      .when(recordCountLines({ kind: 'GUESS' as CountKind }))
      .thenThrows('VALIDATION_FAILED', 'kind');
  });

  it('refuses the same location counted twice for the lot (VALIDATION_FAILED)', () => {
    lot
      .given(history)
      .when(
        recordCountLines({
          lines: [
            { locationId: VAULT_ID, units: 96 },
            { locationId: VAULT_ID, units: 1 },
          ],
        }),
      )
      .thenThrows('VALIDATION_FAILED', 'once');
  });

  it('answers NOT_FOUND for a line at another registrant’s vault', () => {
    lot
      .given(history)
      .when(recordCountLines({ lines: [{ locationId: OTHER_VAULT_ID, units: 0 }] }))
      .thenThrows('NOT_FOUND');
  });

  it('refuses a count verified by the counter alone (WITNESS_INVALID)', () => {
    lot
      .given(history)
      .when(recordCountLines({}, { witnesses: [] }))
      .thenThrows('WITNESS_INVALID');
  });
});
