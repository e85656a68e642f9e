import {
  administered,
  CLINIC,
  corrected,
  destroyed,
  dispensedDose,
  History,
  LOT_ID,
  lost,
  MDMA,
  OTHER_LOT_ID,
  received,
  REGISTRANT_ID,
  returnedDose,
  transferred,
  VAULT,
  wasted,
} from '../testing/lot-history';
import { documentKeys, type LotIndex, type LotSummary } from './documents';
import { evolveBatch } from './evolve';

const project = (history: History) => evolveBatch(new Map(), history.events);
const lotOf = (history: History, lotId = LOT_ID) => project(history).get(documentKeys.lot(lotId)) as LotSummary;

describe('the lot summary', () => {
  it('opens with the receipt and is listed under its registrant in the order lots arrive', () => {
    const history = new History().lot(received(100)).lot(received(40, { lotId: OTHER_LOT_ID }), {}, OTHER_LOT_ID);
    const documents = project(history);
    expect(documents.get(documentKeys.lot(LOT_ID))).toEqual({
      lotId: LOT_ID,
      registrantId: REGISTRANT_ID,
      lotNumber: 'MDM-001',
      expiresOn: '2027-06-30',
      product: MDMA,
      receivedAt: '2026-03-02T14:00:00.000Z',
      onHand: { [VAULT]: 100 },
      totalOnHand: 100,
      openDispensations: 0,
      inCustody: 0,
      totals: {
        received: 100,
        dispensed: 0,
        administered: 0,
        returned: 0,
        wasted: 0,
        destroyed: 0,
        lost: 0,
        corrected: 0,
      },
      position: '1',
    });
    expect(documents.get(documentKeys.registrantLots(REGISTRANT_ID))).toEqual<LotIndex>({
      registrantId: REGISTRANT_ID,
      lotIds: [LOT_ID, OTHER_LOT_ID],
      position: '2',
    });
  });

  it('moves stock between locations, and leaves out a location once it is empty', () => {
    const history = new History().lot(received(100)).lot(transferred(30));
    expect(lotOf(history)).toMatchObject({ onHand: { [VAULT]: 70, [CLINIC]: 30 }, totalOnHand: 100, position: '2' });
    history.lot(transferred(30, CLINIC, VAULT));
    expect(lotOf(history)).toMatchObject({ onHand: { [VAULT]: 100 }, totalOnHand: 100, position: '3' });
  });

  it('takes dispensed units into custody and releases them as each dispensation closes', () => {
    const history = new History()
      .lot(received(100))
      .lot(transferred(30))
      .lot(dispensedDose('d1', 4))
      .lot(dispensedDose('d2', 2, { doseType: 'SUPPLEMENTAL' }));
    expect(lotOf(history)).toMatchObject({
      onHand: { [VAULT]: 70, [CLINIC]: 24 },
      totalOnHand: 94,
      openDispensations: 2,
      inCustody: 6,
    });
    history.lot(administered('d1', 3)).lot(wasted('d1', 1)).lot(returnedDose('d2', 2));
    expect(lotOf(history)).toMatchObject({
      onHand: { [VAULT]: 72, [CLINIC]: 24 },
      totalOnHand: 96,
      openDispensations: 0,
      inCustody: 0,
      totals: {
        received: 100,
        dispensed: 6,
        administered: 3,
        returned: 2,
        wasted: 1,
        destroyed: 0,
        lost: 0,
        corrected: 0,
      },
    });
  });

  it('applies a correction: units put on or taken off each location, the net in totals.corrected', () => {
    const history = new History()
      .lot(received(100))
      .lot(transferred(30))
      .lot(
        corrected('StockTransferred', [
          { locationId: CLINIC, units: -30 },
          { locationId: VAULT, units: 28 },
        ]),
      );
    expect(lotOf(history)).toMatchObject({
      onHand: { [VAULT]: 98 },
      totalOnHand: 98,
      totals: { received: 100, corrected: -2 },
      position: '3',
    });
  });

  it('keeps received − destroyed − lost − (dispensed − returned) + corrected = on hand', () => {
    const history = new History()
      .lot(received(100))
      .lot(transferred(40))
      .lot(dispensedDose('d1', 6))
      .lot(returnedDose('d1', 2, CLINIC))
      .lot(administered('d1', 4))
      .lot(destroyed(5))
      .lot(lost(1, CLINIC))
      .lot(corrected('DoseDispensed', [{ locationId: CLINIC, units: 1 }]));
    const { totals, totalOnHand, onHand } = lotOf(history);
    expect(onHand).toEqual({ [VAULT]: 55, [CLINIC]: 36 });
    expect(
      totals.received - totals.destroyed - totals.lost - (totals.dispensed - totals.returned) + totals.corrected,
    ).toBe(totalOnHand);
    expect(totalOnHand).toBe(91);
  });
});
