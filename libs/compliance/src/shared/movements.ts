import type { LotEvent } from '@lib/ledger';

/** What moves stock into or out of a storage location, as the reconciliation's columns. */
export const MOVEMENTS = [
  'receipts',
  'transfersIn',
  'transfersOut',
  'dispensed',
  'returned',
  'destroyed',
  'lost',
  'corrections',
] as const;
export type Movement = (typeof MOVEMENTS)[number];

/** How each movement changes the location's book quantity (corrections carry their own sign: net ±). */
export const MOVEMENT_SIGN: Record<Movement, 1 | -1> = {
  receipts: 1,
  transfersIn: 1,
  transfersOut: -1,
  dispensed: -1,
  returned: 1,
  destroyed: -1,
  lost: -1,
  corrections: 1,
};

export interface LocationMovement {
  locationId: string;
  movement: Movement;
  units: number;
}

/** The storage-location side of a lot event (administration and wastage move nothing in storage). */
export function locationMovements(event: LotEvent): LocationMovement[] {
  switch (event.type) {
    case 'LotReceived':
      return [{ locationId: event.data.locationId, movement: 'receipts', units: event.data.quantity }];
    case 'StockTransferred':
      return [
        { locationId: event.data.fromLocationId, movement: 'transfersOut', units: event.data.quantity },
        { locationId: event.data.toLocationId, movement: 'transfersIn', units: event.data.quantity },
      ];
    case 'DoseDispensed':
      return [{ locationId: event.data.locationId, movement: 'dispensed', units: event.data.quantity }];
    case 'DoseReturned':
      return [{ locationId: event.data.toLocationId, movement: 'returned', units: event.data.quantity }];
    case 'StockDestroyed':
      return [{ locationId: event.data.locationId, movement: 'destroyed', units: event.data.quantity }];
    case 'LossReported':
      return [{ locationId: event.data.locationId, movement: 'lost', units: event.data.quantity }];
    case 'CorrectionRecorded':
      return event.data.adjustments.map(({ locationId, units }) => ({ locationId, movement: 'corrections', units }));
    default:
      return [];
  }
}

export type DispensationField = 'dispensed' | 'administered' | 'returned' | 'wasted';

export interface DispensationAct {
  dispensationId: string;
  field: DispensationField;
  units: number;
}

/** The dispensation side of a lot event: a dose dispensed, or part of one closed out. */
export function dispensationAct(event: LotEvent): DispensationAct | null {
  switch (event.type) {
    case 'DoseDispensed':
      return { dispensationId: event.data.dispensationId, field: 'dispensed', units: event.data.quantity };
    case 'DoseAdministered':
      return { dispensationId: event.data.dispensationId, field: 'administered', units: event.data.quantity };
    case 'DoseReturned':
      return { dispensationId: event.data.dispensationId, field: 'returned', units: event.data.quantity };
    case 'DoseWasted':
      return { dispensationId: event.data.dispensationId, field: 'wasted', units: event.data.quantity };
    default:
      return null;
  }
}
