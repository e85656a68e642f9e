import type { Recorded } from '@lib/ledger';
import {
  administered,
  CLINIC,
  corrected,
  destroyed,
  dispensedDose,
  History,
  LOT_ID,
  lost,
  received,
  REGISTRANT_ID,
  returnedDose,
  transferred,
  VAULT,
  wasted,
} from '../testing/lot-history';
import { documentKeys, type LotSummary, type ReadModelDocument } from './documents';
import { evolve, evolveBatch, touchedKeys } from './evolve';

/** A lot stream touching every document kind and every event type the read models follow. */
const busyLot = () =>
  new History()
    .add(`registrant-${REGISTRANT_ID}`, { type: 'StorageLocationAdded', data: { locationId: VAULT } })
    .lot(received(100))
    .lot(transferred(30))
    .lot(dispensedDose('d1', 4))
    .lot(dispensedDose('d2', 2, { doseType: 'SUPPLEMENTAL' }))
    .lot(administered('d1', 4))
    .lot(returnedDose('d2', 1))
    .lot(wasted('d2', 1))
    .lot(destroyed(5))
    .lot(lost(1, CLINIC))
    .lot({ type: 'PhysicalCountRecorded', data: { countId: 'c1', kind: 'AD_HOC', businessTime: 'CLOSE', lines: [] } })
    .lot(corrected('StockDestroyed', [{ locationId: VAULT, units: 2 }]));

const serialised = (documents: Map<string, ReadModelDocument>) =>
  JSON.stringify([...documents].sort(([a], [b]) => a.localeCompare(b)));

describe('evolving the read models', () => {
  const events = busyLot().events;
  const all = evolveBatch(new Map(), events);

  it('gives the same documents however the events are split into batches', () => {
    for (const size of [1, 2, 3, 5, 8]) {
      let documents = new Map<string, ReadModelDocument>();
      for (let start = 0; start < events.length; start += size) {
        const changed = evolveBatch(documents, events.slice(start, start + size));
        documents = new Map([...documents, ...changed]);
      }
      expect(serialised(documents)).toBe(serialised(all));
    }
  });

  it('applies an event once: one at or below a document’s position changes nothing', () => {
    expect(evolveBatch(all, events).size).toBe(0);
    const halfway = evolveBatch(new Map(), events.slice(0, 5));
    const replayed = evolveBatch(halfway, events);
    expect(serialised(new Map([...halfway, ...replayed]))).toBe(serialised(all));
  });

  it('names, for each event, exactly the documents it may write', () => {
    let documents = new Map<string, ReadModelDocument>();
    for (const event of events) {
      const changed = evolve(documents, event);
      expect([...changed.keys()].every((key) => touchedKeys(event).includes(key))).toBe(true);
      documents = new Map([...documents, ...changed]);
    }
    expect(touchedKeys(events[0])).toEqual([]);
    expect(touchedKeys(events[4])).toEqual([
      documentKeys.lot(LOT_ID),
      documentKeys.dispensation('d2'),
      documentKeys.participant(REGISTRANT_ID, 'P-001'),
    ]);
  });

  it('never throws on a recorded fact: clamps over-draws, skips what it does not hold, ignores the malformed', () => {
    const history = new History()
      .lot(administered('d-unknown', 1))
      .lot(received(10, { locationId: CLINIC }))
      .lot(received(99, { locationId: CLINIC }))
      .lot(dispensedDose('d1', 50))
      .lot(administered('d1', 20))
      .lot(transferred(5, VAULT, CLINIC))
      .lot(transferred(5, CLINIC, CLINIC))
      .lot(destroyed(-3, CLINIC))
      .lot(lost(1.5, CLINIC))
      .lot(corrected('DoseDispensed', [{ locationId: CLINIC, units: -3 }]))
      .lot(corrected('DoseDispensed', [{ locationId: VAULT, units: 2.5 }]))
      .add(`lot-${LOT_ID}`, { type: 'CorrectionRecorded', data: { adjustments: 'none' } })
      .add(`lot-${LOT_ID}`, { type: 'CorrectionRecorded', data: { adjustments: [null, { units: 1 }] } })
      .add(`lot-${LOT_ID}`, { type: 'DoseWasted', data: null })
      .add(`lot-${LOT_ID}`, { type: 'constructor', data: {} })
      .add('lot-', { type: 'DoseReturned', data: undefined })
      .lot(dispensedDose('d2', 1), { registrantId: 'someone-else' });
    let documents = new Map<string, ReadModelDocument>();
    expect(() => {
      for (const event of history.events) documents = new Map([...documents, ...evolve(documents, event)]);
    }).not.toThrow();
    expect(documents.get(documentKeys.lot(LOT_ID))).toMatchObject<Partial<LotSummary>>({
      onHand: {},
      totalOnHand: 0,
      openDispensations: 0,
      inCustody: 0,
      totals: {
        received: 10,
        dispensed: 10,
        administered: 10,
        returned: 0,
        wasted: 0,
        destroyed: 0,
        lost: 0,
        corrected: 0,
      },
    });
    expect(documents.get(documentKeys.dispensation('d1'))).toMatchObject({ dispensed: 10, administered: 10 });
    expect(documents.has(documentKeys.dispensation('d-unknown'))).toBe(false);
    expect(documents.has(documentKeys.dispensation('d2'))).toBe(false);
  });

  it('follows only lot streams', () => {
    const elsewhere: Recorded = { ...events[1], streamId: `registrant-${REGISTRANT_ID}` };
    expect(touchedKeys(elsewhere)).toEqual([]);
    expect(evolve(new Map(), elsewhere).size).toBe(0);
  });
});
