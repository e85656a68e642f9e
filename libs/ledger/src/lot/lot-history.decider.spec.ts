import { fold } from '../shared/decider';
import {
  CLINIC_ROOM_ID,
  correctionRecorded,
  doseAdministered,
  doseDispensed,
  doseReturned,
  doseWasted,
  lossReported,
  LOT_ID,
  lotReceived,
  physicalCountRecorded,
  receivedLot,
  REGISTRANT_ID,
  stockDestroyed,
  stockTransferred,
  SUPPLEMENTAL_DISPENSATION_ID,
  VAULT_ID,
} from '../testing/fixtures';
import { lotDecider } from './lot.decider';
import type { LotEvent } from './lot.events';
import { evolveLot, initialLotState } from './lot.state';
import { toLotView } from './lot.view';

describe('when a lot has a full custody history', () => {
  const history: LotEvent[] = [
    lotReceived({ quantity: 100 }),
    stockTransferred({ quantity: 20 }),
    doseDispensed({ locationId: CLINIC_ROOM_ID, quantity: 4 }),
    doseAdministered({ quantity: 3 }),
    doseReturned({ quantity: 1, toLocationId: VAULT_ID }),
    doseDispensed({
      dispensationId: SUPPLEMENTAL_DISPENSATION_ID,
      locationId: CLINIC_ROOM_ID,
      quantity: 2,
      doseType: 'SUPPLEMENTAL',
    }),
    doseWasted({ dispensationId: SUPPLEMENTAL_DISPENSATION_ID, quantity: 1 }),
    stockDestroyed({ quantity: 5 }),
    lossReported({ quantity: 2 }),
    physicalCountRecorded(),
    correctionRecorded({ adjustments: [{ locationId: CLINIC_ROOM_ID, units: -1 }] }),
  ];

  it('shows it as the contract’s LotView', () => {
    expect(toLotView(receivedLot(fold(lotDecider, history)), 10)).toEqual({
      lotId: LOT_ID,
      registrantId: REGISTRANT_ID,
      lotNumber: 'MDM-24A-017',
      expiresOn: '2026-06-30',
      product: {
        substanceName: 'MDMA HCl',
        deaDrugCode: '7405',
        schedule: 'I',
        form: 'CAPSULE',
        strengthMg: 20,
        unitsPerContainer: 10,
      },
      supplier: { name: 'Meridian Pharma Supply', deaNumber: 'PM7654329', address: '1 Depot Way, Newark, NJ 07102' },
      order: { form: 'DEA_222', number: '261000417' },
      invoiceDate: null,
      revision: 10,
      onHand: [
        { locationId: VAULT_ID, units: 74 },
        { locationId: CLINIC_ROOM_ID, units: 13 },
      ],
      totalOnHand: 87,
      openDispensations: [
        {
          dispensationId: SUPPLEMENTAL_DISPENSATION_ID,
          participantId: 'MAPP-0042',
          protocolId: 'MAPP2',
          session: 1,
          doseType: 'SUPPLEMENTAL',
          dispensed: 2,
          administered: 0,
          returned: 0,
          wasted: 1,
          outstanding: 1,
        },
      ],
      totals: {
        received: 100,
        dispensed: 6,
        administered: 3,
        returned: 1,
        wasted: 1,
        destroyed: 5,
        lost: 2,
        corrected: -1,
      },
    });
  });

  it('keeps received − destroyed − lost − (dispensed − returned) + corrected = totalOnHand after every event', () => {
    const gaps = history.map((_, i) => {
      const view = toLotView(receivedLot(fold(lotDecider, history.slice(0, i + 1))), i);
      const { received, destroyed, lost, dispensed, returned, corrected } = view.totals;
      return received - destroyed - lost - (dispensed - returned) + corrected - view.totalOnHand;
    });
    expect(gaps).toEqual(Array(history.length).fill(0));
  });

  it('keeps dispensed − returned − wasted − outstanding = administered', () => {
    const { totals, openDispensations } = toLotView(receivedLot(fold(lotDecider, history)), 10);
    const outstanding = openDispensations.reduce((sum, d) => sum + d.outstanding, 0);
    expect(totals.dispensed - totals.returned - totals.wasted - outstanding).toBe(totals.administered);
  });
});

describe('when the recorded history holds odd facts (evolve never throws)', () => {
  it('ignores facts recorded before the lot was received', () => {
    expect(fold(lotDecider, [doseDispensed(), stockDestroyed()])).toEqual(initialLotState());
  });

  it('applies an administration of an unknown dispensation to the totals only', () => {
    const lotState = receivedLot(
      fold(lotDecider, [lotReceived(), doseAdministered({ dispensationId: 'not-dispensed-here' })]),
    );
    expect([lotState.totals.administered, lotState.dispensations]).toEqual([4, {}]);
  });

  it('shows a recorded overdraw as a negative balance, and the totals identity still holds', () => {
    const view = toLotView(
      receivedLot(fold(lotDecider, [lotReceived({ quantity: 3 }), doseDispensed({ quantity: 4 })])),
      1,
    );
    expect([view.onHand, view.totalOnHand]).toEqual([[{ locationId: VAULT_ID, units: -1 }], -1]);
  });

  it('leaves the state as it is for an event type this version does not know', () => {
    const before = fold(lotDecider, [lotReceived()]);
    const future = { type: 'LotRecalled', data: { recallId: 'x' } } as unknown as LotEvent;
    expect(evolveLot(before, future)).toEqual(before);
    expect(fold(lotDecider, [lotReceived(), future, doseDispensed()])).toEqual(
      fold(lotDecider, [lotReceived(), doseDispensed()]),
    );
  });
});
