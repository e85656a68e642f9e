import { totalsOf, type LotEvent, type LotTotals } from '@lib/ledger';
import { dispensationAct, locationMovements, MOVEMENT_SIGN } from './movements';

export type DispensationTally = Record<'dispensed' | 'administered' | 'returned' | 'wasted', number>;

/** A lot's book at some moment: units per storage location, each dispensation, running totals. */
export interface LotBook {
  onHand: Map<string, number>;
  dispensations: Map<string, DispensationTally>;
  totals: LotTotals;
}

export const emptyBook = (): LotBook => ({
  onHand: new Map(),
  dispensations: new Map(),
  totals: totalsOf(0),
});

export const copyBook = (book: LotBook): LotBook => ({
  onHand: new Map(book.onHand),
  dispensations: new Map([...book.dispensations].map(([id, tally]) => [id, { ...tally }])),
  totals: { ...book.totals },
});

/** Units dispensed and not yet administered, returned or wasted: in someone's hands, outside storage. */
export const outstandingOf = (tally: DispensationTally): number =>
  tally.dispensed - tally.administered - tally.returned - tally.wasted;

export const unitsIn = (book: LotBook): number => [...book.onHand.values()].reduce((sum, units) => sum + units, 0);

const TOTAL_OF: Partial<Record<string, keyof LotTotals>> = {
  receipts: 'received',
  destroyed: 'destroyed',
  lost: 'lost',
  corrections: 'corrected',
};

/**
 * Posts one recorded fact to the book, as it stands: no check refuses it, so a history whose
 * physical times disagree with its recording order shows up in the figures instead of vanishing.
 */
export function post(book: LotBook, event: LotEvent): void {
  for (const { locationId, movement, units } of locationMovements(event)) {
    book.onHand.set(locationId, (book.onHand.get(locationId) ?? 0) + MOVEMENT_SIGN[movement] * units);
    const total = TOTAL_OF[movement];
    if (total) book.totals[total] += units;
  }
  const act = dispensationAct(event);
  if (act) {
    const tally = book.dispensations.get(act.dispensationId) ?? {
      dispensed: 0,
      administered: 0,
      returned: 0,
      wasted: 0,
    };
    tally[act.field] += act.units;
    book.dispensations.set(act.dispensationId, tally);
    book.totals[act.field] += act.units;
  }
}
