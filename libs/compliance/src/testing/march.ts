import {
  CLINIC_ROOM_ID,
  COMPLIANCE_OFFICER,
  countRecorded,
  doseAdministered,
  doseDispensed,
  doseReturned,
  doseWasted,
  INVESTIGATOR,
  LOT_A,
  LOT_B,
  lossReported,
  lotReceived,
  PHARMACIST,
  stockDestroyed,
  stockTransferred,
  VAULT_ID,
} from './fixtures';
import { RecordedHistory } from './recorded-history';

export const D0 = '9a7b5c3d-1e2f-4a0b-8c6d-4e5f6a7b8c00';
export const D1 = '9a7b5c3d-1e2f-4a0b-8c6d-4e5f6a7b8c01';
export const D2 = '9a7b5c3d-1e2f-4a0b-8c6d-4e5f6a7b8c02';
export const D3 = '9a7b5c3d-1e2f-4a0b-8c6d-4e5f6a7b8c03';
export const D4 = '9a7b5c3d-1e2f-4a0b-8c6d-4e5f6a7b8c04';
export const MARCH_COUNT = '4e3d2c1b-0a9f-4e8d-9c7b-6a5f4e3d2c31';

/** March 2026 in New York: from midnight EST on the 1st to midnight EDT on 1 April. */
export const MARCH = { from: '2026-03-01', to: '2026-04-01' };

/**
 * February: lot A (100 capsules of MDMA 20 mg) into the vault, one 4-capsule dose given.
 * March: lot B (50) received; 10 of A moved to the dosing room; session 2 for MAPP-0042 from the
 * dosing room (6 given; a 3-capsule supplemental, 1 vomited, 2 returned); 5 of A destroyed and
 * 2 lost from the vault; 4 of B given to MAPP-0043; the closing count finds one capsule missing
 * in the dosing room. April: 2 more of A dispensed.
 */
export function aNormalMonth(): RecordedHistory {
  return new RecordedHistory()
    .lot(LOT_A, lotReceived(), { at: '2026-02-10T15:00:00.000Z' })
    .lot(LOT_A, doseDispensed(D0, { participantId: 'MAPP-0041' }), { at: '2026-02-20T15:00:00.000Z' })
    .lot(LOT_A, doseAdministered(D0, 4), { at: '2026-02-20T15:30:00.000Z', by: INVESTIGATOR })
    .lot(LOT_B, lotReceived({ lotId: LOT_B, lotNumber: 'MDM-24B-003', quantity: 50, expiresOn: '2027-01-31' }), {
      at: '2026-03-02T19:00:00.000Z',
    })
    .lot(LOT_A, stockTransferred({ quantity: 10 }), { at: '2026-03-03T14:00:00.000Z', witnesses: [INVESTIGATOR] })
    .lot(LOT_A, doseDispensed(D1, { locationId: CLINIC_ROOM_ID, quantity: 6, session: 2 }), {
      at: '2026-03-04T14:00:00.000Z',
    })
    .lot(LOT_A, doseAdministered(D1, 6), { at: '2026-03-04T14:30:00.000Z', by: INVESTIGATOR })
    .lot(LOT_A, doseDispensed(D2, { locationId: CLINIC_ROOM_ID, quantity: 3, session: 2, doseType: 'SUPPLEMENTAL' }), {
      at: '2026-03-04T16:00:00.000Z',
    })
    .lot(LOT_A, doseWasted(D2, 1), { at: '2026-03-04T16:30:00.000Z', by: INVESTIGATOR, witnesses: [PHARMACIST] })
    .lot(LOT_A, doseReturned(D2, 2, CLINIC_ROOM_ID), {
      at: '2026-03-04T17:00:00.000Z',
      by: INVESTIGATOR,
      witnesses: [PHARMACIST],
    })
    .lot(LOT_A, stockDestroyed(5), { at: '2026-03-10T15:00:00.000Z', witnesses: [COMPLIANCE_OFFICER] })
    .lot(LOT_A, lossReported(2, '2026-03-12T15:00:00.000Z'), { at: '2026-03-12T15:00:00.000Z', by: COMPLIANCE_OFFICER })
    .lot(LOT_B, doseDispensed(D3, { participantId: 'MAPP-0043' }), { at: '2026-03-20T14:00:00.000Z' })
    .lot(LOT_B, doseAdministered(D3, 4), { at: '2026-03-20T14:30:00.000Z', by: INVESTIGATOR })
    .lot(
      LOT_A,
      countRecorded(MARCH_COUNT, [
        [VAULT_ID, 79, 79],
        [CLINIC_ROOM_ID, 2, 3],
      ]),
      { at: '2026-03-31T21:00:00.000Z', witnesses: [COMPLIANCE_OFFICER] },
    )
    .lot(LOT_B, countRecorded(MARCH_COUNT, [[VAULT_ID, 46, 46]]), {
      at: '2026-03-31T21:00:00.000Z',
      witnesses: [COMPLIANCE_OFFICER],
    })
    .lot(LOT_A, doseDispensed(D4, { quantity: 2, session: 3 }), { at: '2026-04-02T14:00:00.000Z' });
}
