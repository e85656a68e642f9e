import fc from 'fast-check';
import { inventoryAsOf } from '@lib/compliance';
import {
  evolveLot,
  initialLotState,
  fold,
  outstanding,
  registered,
  registrantDecider,
  type LotEvent,
  type Recorded,
  type RegistrantEvent,
} from '@lib/ledger';
import { evolveBatch, type LotSummary } from '@lib/projections';
import { generateHistory, setupEvents } from './support/ledger-history';

/**
 * Issue 4's agreement proof: over random valid histories (receipts, transfers, dispensations,
 * administrations, returns, wastage, destructions, losses, counts and corrections, every one
 * decided by the ledger's deciders), the projected current inventory equals the inventory computed
 * from the events, every lot satisfies received − destroyed − lost − (dispensed − returned) +
 * corrected = on hand, and no balance is ever negative.
 */
const AFTER_EVERYTHING = '2100-01-01T00:00:00.000Z';

function recorded(seed: number, lots: number, events: number): Recorded[] {
  return generateHistory({ seed, lots, events }).events.map(({ streamId, revision, event }, index) => ({
    ...(event as unknown as Recorded),
    streamId,
    revision,
    position: BigInt(1000 + 64 * index),
  }));
}

const byCategory = (events: Recorded[], category: string) =>
  events.filter((event) => event.streamId.startsWith(`${category}-`));

/** Stock per lot and location, and units in custody per lot, as the projection holds them. */
function projected(events: Recorded[]) {
  const documents = evolveBatch(new Map(), events);
  const lots = [...documents.entries()].filter(([key]) => key.startsWith('lot:')).map(([, lot]) => lot as LotSummary);
  return {
    stock: Object.fromEntries(
      lots.flatMap((lot) => Object.entries(lot.onHand).map(([location, units]) => [`${lot.lotId}@${location}`, units])),
    ),
    custody: Object.fromEntries(lots.filter((lot) => lot.inCustody > 0).map((lot) => [lot.lotId, lot.inCustody])),
    lots,
  };
}

/** The same, computed from the events by the compliance library (inventory after every act). */
function computed(events: Recorded[]) {
  const registrantEvents = byCategory(events, 'registrant') as unknown as RegistrantEvent[];
  const registrant = registered(fold(registrantDecider, registrantEvents));
  const report = inventoryAsOf(events, registrant, AFTER_EVERYTHING, 'CLOSE');
  const stock: Record<string, number> = {};
  const custody: Record<string, number> = {};
  for (const section of report.sections) {
    for (const line of [...section.lines, ...section.heldForDisposal]) {
      const key = `${line.lotId}@${line.locationId}`;
      stock[key] = (stock[key] ?? 0) + line.units;
    }
    for (const dose of section.outsideStorage) custody[dose.lotId] = (custody[dose.lotId] ?? 0) + dose.outstanding;
  }
  return { stock, custody };
}

describe('the projected inventory and the inventory computed from the events', () => {
  it('agree, balance and never go negative over 200 random valid histories', () => {
    let kinds = new Set<string>();
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: setupEvents(1) + 20, max: setupEvents(1) + 250 }),
        (seed, lots, count) => {
          const events = recorded(seed, lots, count);
          kinds = new Set([...kinds, ...events.map((event) => event.type)]);

          const fromProjection = projected(events);
          const fromEvents = computed(events);
          expect(fromProjection.stock).toEqual(fromEvents.stock);
          expect(fromProjection.custody).toEqual(fromEvents.custody);

          const unbalanced = fromProjection.lots.filter(({ totals: t, totalOnHand }) => {
            return t.received - t.destroyed - t.lost - (t.dispensed - t.returned) + t.corrected !== totalOnHand;
          });
          expect(unbalanced).toEqual([]);

          const streams = new Map<string, Recorded[]>();
          for (const event of byCategory(events, 'lot')) {
            streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event]);
          }
          let lowest = 0;
          for (const history of streams.values()) {
            let state = initialLotState();
            for (const event of history) {
              state = evolveLot(state, event as unknown as LotEvent);
              if (state.status !== 'received') continue;
              const balances = [...Object.values(state.onHand), ...Object.values(state.dispensations).map(outstanding)];
              lowest = Math.min(lowest, ...balances);
            }
          }
          expect(lowest).toBe(0);
        },
      ),
      { numRuns: 200, seed: 20261126 },
    );
    // The histories exercised every kind of act the property is about.
    for (const type of [
      'LotReceived',
      'StockTransferred',
      'DoseDispensed',
      'DoseAdministered',
      'DoseReturned',
      'DoseWasted',
      'StockDestroyed',
      'LossReported',
      'PhysicalCountRecorded',
      'CorrectionRecorded',
    ]) {
      expect(kinds).toContain(type);
    }
  });
});
