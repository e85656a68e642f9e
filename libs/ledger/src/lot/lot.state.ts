import type { DoseType, LotEvent, LotReceived } from './lot.events';

export interface Dispensation {
  dispensationId: string;
  participantId: string;
  protocolId: string;
  session: number;
  doseType: DoseType;
  locationId: string;
  dispensed: number;
  administered: number;
  returned: number;
  wasted: number;
}

export interface LotTotals {
  received: number;
  dispensed: number;
  administered: number;
  returned: number;
  wasted: number;
  destroyed: number;
  lost: number;
  /** Net units corrections put on (+) or took off (−) the book. */
  corrected: number;
}

export type Lot = Omit<LotReceived['data'], 'quantity' | 'locationId'> & {
  /** Units on hand per storage location, in the order locations were first stocked. */
  onHand: Record<string, number>;
  dispensations: Record<string, Dispensation>;
  totals: LotTotals;
};

export type LotState = { status: 'none' } | ({ status: 'received' } & Lot);

/** A lot's totals on receipt: what was received, and nothing else yet. */
export const totalsOf = (received: number): LotTotals => ({
  received,
  dispensed: 0,
  administered: 0,
  returned: 0,
  wasted: 0,
  destroyed: 0,
  lost: 0,
  corrected: 0,
});

export const initialLotState = (): LotState => ({ status: 'none' });

export const outstanding = (d: Dispensation): number => d.dispensed - d.administered - d.returned - d.wasted;

export const unitsAt = (lot: Lot, locationId: string): number => lot.onHand[locationId] ?? 0;

/** Each change applied in turn, so one location named twice moves twice. */
const move = (lot: Lot, changes: [locationId: string, delta: number][]): Record<string, number> => {
  const onHand = { ...lot.onHand };
  for (const [locationId, delta] of changes) onHand[locationId] = (onHand[locationId] ?? 0) + delta;
  return onHand;
};

const closeOut = (
  lot: Lot,
  dispensationId: string,
  field: 'administered' | 'returned' | 'wasted',
  quantity: number,
) => {
  const dispensation = lot.dispensations[dispensationId];
  if (!dispensation) return lot.dispensations;
  return { ...lot.dispensations, [dispensationId]: { ...dispensation, [field]: dispensation[field] + quantity } };
};

/** Folds recorded facts. It never throws: a recorded fact is applied as it stands. */
export function evolveLot(state: LotState, event: LotEvent): LotState {
  if (event.type === 'LotReceived') {
    const { quantity, locationId, ...lot } = event.data;
    return {
      status: 'received',
      ...lot,
      onHand: { [locationId]: quantity },
      dispensations: {},
      totals: totalsOf(quantity),
    };
  }
  if (state.status !== 'received') return state;
  const totals = state.totals;
  switch (event.type) {
    case 'StockTransferred': {
      const { fromLocationId, toLocationId, quantity } = event.data;
      return {
        ...state,
        onHand: move(state, [
          [fromLocationId, -quantity],
          [toLocationId, quantity],
        ]),
      };
    }
    case 'DoseDispensed': {
      const { dispensationId, locationId, quantity, participantId, protocolId, session, doseType } = event.data;
      const dispensation: Dispensation = {
        dispensationId,
        participantId,
        protocolId,
        session,
        doseType,
        locationId,
        dispensed: quantity,
        administered: 0,
        returned: 0,
        wasted: 0,
      };
      return {
        ...state,
        onHand: move(state, [[locationId, -quantity]]),
        dispensations: { ...state.dispensations, [dispensationId]: dispensation },
        totals: { ...totals, dispensed: totals.dispensed + quantity },
      };
    }
    case 'DoseAdministered':
      return {
        ...state,
        dispensations: closeOut(state, event.data.dispensationId, 'administered', event.data.quantity),
        totals: { ...totals, administered: totals.administered + event.data.quantity },
      };
    case 'DoseReturned':
      return {
        ...state,
        onHand: move(state, [[event.data.toLocationId, event.data.quantity]]),
        dispensations: closeOut(state, event.data.dispensationId, 'returned', event.data.quantity),
        totals: { ...totals, returned: totals.returned + event.data.quantity },
      };
    case 'DoseWasted':
      return {
        ...state,
        dispensations: closeOut(state, event.data.dispensationId, 'wasted', event.data.quantity),
        totals: { ...totals, wasted: totals.wasted + event.data.quantity },
      };
    case 'StockDestroyed':
      return {
        ...state,
        onHand: move(state, [[event.data.locationId, -event.data.quantity]]),
        totals: { ...totals, destroyed: totals.destroyed + event.data.quantity },
      };
    case 'LossReported':
      return {
        ...state,
        onHand: move(state, [[event.data.locationId, -event.data.quantity]]),
        totals: { ...totals, lost: totals.lost + event.data.quantity },
      };
    case 'PhysicalCountRecorded':
      return state;
    case 'CorrectionRecorded': {
      const { adjustments } = event.data;
      return {
        ...state,
        onHand: move(
          state,
          adjustments.map((a) => [a.locationId, a.units]),
        ),
        totals: { ...totals, corrected: totals.corrected + adjustments.reduce((sum, a) => sum + a.units, 0) },
      };
    }
    default:
      // A type this version does not know (recorded by a later one): the state stands.
      return state;
  }
}
