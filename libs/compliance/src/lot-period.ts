import type { LotEvent, Recorded } from '@lib/ledger';
import type { CountFigures } from './reconciliation.types';
import { copyBook, emptyBook, outstandingOf, post, type LotBook } from './shared/lot-book';
import type { LotHistory } from './shared/lot-histories';
import { dispensationAct, locationMovements, MOVEMENTS, type Movement } from './shared/movements';

export type MovementFigures = Record<Movement, number>;

/** One lot walked through a period [from, to) in physical order. */
export interface LotPeriod {
  history: LotHistory;
  /** The book at `from`: every act before it, whenever recorded. */
  opening: LotBook;
  /** The book at `to`. */
  closing: LotBook;
  /** Per storage location, the movements within the period. */
  movements: Map<string, MovementFigures>;
  /** Per storage location, the latest count within the period. */
  counts: Map<string, CountFigures>;
  /** The lot's acts within the period, in physical order. */
  events: Recorded<LotEvent>[];
  /** Dispensations open at `from` or acted on within the period. */
  activeDispensations: Set<string>;
}

const noMovements = (): MovementFigures => Object.fromEntries(MOVEMENTS.map((m) => [m, 0])) as MovementFigures;

export function lotPeriod(history: LotHistory, fromMs: number, toMs: number): LotPeriod {
  const book = emptyBook();
  let opening: LotBook | null = null;
  const movements = new Map<string, MovementFigures>();
  const counts = new Map<string, CountFigures>();
  const events: Recorded<LotEvent>[] = [];
  const touched = new Set<string>();
  for (const [i, event] of history.events.entries()) {
    const at = history.times[i];
    if (at >= toMs) break;
    if (at >= fromMs) {
      opening ??= copyBook(book);
      events.push(event);
      for (const { locationId, movement, units } of locationMovements(event)) {
        const figures = movements.get(locationId) ?? noMovements();
        figures[movement] += units;
        movements.set(locationId, figures);
      }
      const act = dispensationAct(event);
      if (act) touched.add(act.dispensationId);
      if (event.type === 'PhysicalCountRecorded') {
        for (const line of event.data.lines) {
          const restatedBookUnits = book.onHand.get(line.locationId) ?? 0;
          counts.set(line.locationId, {
            countId: event.data.countId,
            kind: event.data.kind,
            businessTime: event.data.businessTime,
            countedAt: event.metadata.occurredAt,
            recordedAt: event.metadata.recordedAt,
            units: line.units,
            bookUnits: line.bookUnits,
            variance: line.units - line.bookUnits,
            restatedBookUnits,
            restatedVariance: line.units - restatedBookUnits,
          });
        }
      }
    }
    post(book, event);
  }
  opening ??= copyBook(book);
  const openAtFrom = [...opening.dispensations].filter(([, tally]) => outstandingOf(tally) !== 0).map(([id]) => id);
  return {
    history,
    opening,
    closing: book,
    movements,
    counts,
    events,
    activeDispensations: new Set([...openAtFrom, ...touched]),
  };
}
