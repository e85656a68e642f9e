import type {
  CorrectionRecorded,
  DoseAdministered,
  DoseReturned,
  DoseWasted,
  LossReported,
  LotEvent,
  Recorded,
  StockDestroyed,
} from '@lib/ledger';
import { closedOut, dispensed, type CloseOut } from './dispensation-record';
import {
  documentKeys,
  type DispensationEntry,
  type DispensationRecord,
  type Documents,
  type EntryType,
  type LotIndex,
  type LotSummary,
  type ParticipantIndex,
  type ReadModelDocument,
} from './documents';
import { withDispensation, withLot } from './indexes';
import { changeLot, receivedLot, unitsAt, type LotChange } from './lot-summary';

/**
 * The pure side of the projections: which documents an event touches, and what they become. No
 * I/O. A recorded fact never makes them throw: a quantity that is not a whole positive number
 * counts as 0, a quantity beyond what is there is clamped to it, and an event about a lot or
 * dispensation the read models do not hold is skipped.
 */

type Change = [key: string, document: ReadModelDocument];

interface Handler<E extends LotEvent> {
  keys(event: Recorded<E>, lotId: string): string[];
  evolve(documents: Documents, event: Recorded<E>, lotId: string, position: string): Change[];
}

const LOT_STREAM_PREFIX = 'lot-';

const units = (value: unknown): number =>
  Number.isSafeInteger(value) && (value as number) > 0 ? (value as number) : 0;

const signedUnits = (value: unknown): number => (Number.isSafeInteger(value) ? (value as number) : 0);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

const lotOf = (documents: Documents, lotId: string) => documents.get(documentKeys.lot(lotId)) as LotSummary | undefined;

const entry = (type: EntryType, count: number, event: Recorded): DispensationEntry => ({
  type,
  units: count,
  occurredAt: event.metadata.occurredAt,
  by: event.metadata.actor?.printedName ?? null,
  role: event.metadata.actor?.role ?? null,
});

/** Units leaving a location: what the event says, but never more than is there. */
function stockOut(total: 'destroyed' | 'lost'): Handler<StockDestroyed | LossReported> {
  return {
    keys: (_event, lotId) => [documentKeys.lot(lotId)],
    evolve(documents, { data }, lotId, position) {
      const lot = lotOf(documents, lotId);
      if (!lot) return [];
      const count = Math.min(units(data.quantity), unitsAt(lot, data.locationId));
      const change: LotChange = { stock: [[data.locationId, -count]], total: [total, count] };
      return [[documentKeys.lot(lotId), changeLot(lot, change, position)]];
    },
  };
}

/** Units administered, returned or wasted: never more than the dispensation has outstanding. */
function closeOut(field: CloseOut, type: EntryType): Handler<DoseAdministered | DoseReturned | DoseWasted> {
  return {
    keys: ({ data }, lotId) => [documentKeys.lot(lotId), documentKeys.dispensation(data.dispensationId)],
    evolve(documents, event, lotId, position) {
      const key = documentKeys.dispensation(event.data.dispensationId);
      const lot = lotOf(documents, lotId);
      const record = documents.get(key) as DispensationRecord | undefined;
      if (!lot || !record || record.lotId !== lotId) return [];
      const count = Math.min(units(event.data.quantity), record.outstanding);
      const after = closedOut(record, field, entry(type, count, event), position);
      const returnedTo = event.type === 'DoseReturned' ? event.data.toLocationId : null;
      const change: LotChange = {
        stock: returnedTo === null ? [] : [[returnedTo, count]],
        total: [field, count],
        inCustody: -count,
        openDispensations: record.outstanding > 0 && after.outstanding === 0 ? -1 : 0,
      };
      return [
        [key, after],
        [documentKeys.lot(lotId), changeLot(lot, change, position)],
      ];
    },
  };
}

/** Units a correction puts on (+) or takes off (−) each location, in turn: never more taken off than is there. */
const correction: Handler<CorrectionRecorded> = {
  keys: (_event, lotId) => [documentKeys.lot(lotId)],
  evolve(documents, { data }, lotId, position) {
    const lot = lotOf(documents, lotId);
    if (!lot || !Array.isArray(data.adjustments)) return [];
    const held = { ...lot.onHand };
    const stock: [string, number][] = [];
    for (const adjustment of data.adjustments as unknown[]) {
      if (!isObject(adjustment) || typeof adjustment.locationId !== 'string') continue;
      const { locationId } = adjustment;
      const delta = Math.max(signedUnits(adjustment.units), -(held[locationId] ?? 0));
      held[locationId] = (held[locationId] ?? 0) + delta;
      stock.push([locationId, delta]);
    }
    const net = stock.reduce((sum, [, delta]) => sum + delta, 0);
    return [[documentKeys.lot(lotId), changeLot(lot, { stock, total: ['corrected', net] }, position)]];
  },
};

const HANDLERS: { [T in LotEvent['type']]?: Handler<Extract<LotEvent, { type: T }>> } = {
  LotReceived: {
    keys: ({ data }, lotId) => [documentKeys.lot(lotId), documentKeys.registrantLots(data.registrantId)],
    evolve(documents, event, lotId, position) {
      const { data } = event;
      if (lotOf(documents, lotId) || !isObject(data.product) || data.lotId !== lotId) return [];
      const indexKey = documentKeys.registrantLots(data.registrantId);
      return [
        [documentKeys.lot(lotId), receivedLot(data, units(data.quantity), event.metadata.occurredAt, position)],
        [indexKey, withLot(documents.get(indexKey) as LotIndex | undefined, data.registrantId, lotId, position)],
      ];
    },
  },
  StockTransferred: {
    keys: (_event, lotId) => [documentKeys.lot(lotId)],
    evolve(documents, { data }, lotId, position) {
      const lot = lotOf(documents, lotId);
      if (!lot || data.fromLocationId === data.toLocationId) return [];
      const count = Math.min(units(data.quantity), unitsAt(lot, data.fromLocationId));
      const change: LotChange = {
        stock: [
          [data.fromLocationId, -count],
          [data.toLocationId, count],
        ],
      };
      return [[documentKeys.lot(lotId), changeLot(lot, change, position)]];
    },
  },
  DoseDispensed: {
    keys({ data, metadata }, lotId) {
      const keys = [documentKeys.lot(lotId), documentKeys.dispensation(data.dispensationId)];
      return metadata.registrantId
        ? [...keys, documentKeys.participant(metadata.registrantId, data.participantId)]
        : keys;
    },
    evolve(documents, event, lotId, position) {
      const { data, metadata } = event;
      const key = documentKeys.dispensation(data.dispensationId);
      const lot = lotOf(documents, lotId);
      if (!lot || documents.has(key) || metadata.registrantId !== lot.registrantId) return [];
      const count = Math.min(units(data.quantity), unitsAt(lot, data.locationId));
      const change: LotChange = {
        stock: [[data.locationId, -count]],
        total: ['dispensed', count],
        openDispensations: count > 0 ? 1 : 0,
        inCustody: count,
      };
      const indexKey = documentKeys.participant(lot.registrantId, data.participantId);
      const index = documents.get(indexKey) as ParticipantIndex | undefined;
      return [
        [documentKeys.lot(lotId), changeLot(lot, change, position)],
        [key, dispensed(lot, data, entry('DISPENSED', count, event), position)],
        [indexKey, withDispensation(index, lot.registrantId, data.participantId, data.dispensationId, position)],
      ];
    },
  },
  DoseAdministered: closeOut('administered', 'ADMINISTERED'),
  DoseReturned: closeOut('returned', 'RETURNED'),
  DoseWasted: closeOut('wasted', 'WASTED'),
  StockDestroyed: stockOut('destroyed'),
  LossReported: stockOut('lost'),
  CorrectionRecorded: correction,
};

/** The handler for an event of a lot stream whose type the read models follow; null for any other. */
function handlerOf(event: Recorded): { handler: Handler<LotEvent>; lotId: string } | null {
  if (!event.streamId.startsWith(LOT_STREAM_PREFIX) || !Object.hasOwn(HANDLERS, event.type)) return null;
  if (!isObject(event.data) || !isObject(event.metadata)) return null;
  const handler = HANDLERS[event.type as LotEvent['type']] as Handler<LotEvent>;
  return { handler, lotId: event.streamId.slice(LOT_STREAM_PREFIX.length) };
}

/** Compares two positions written as decimal strings without leading zeros. */
const compare = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

/** The keys of the documents an event reads or writes. */
export function touchedKeys(event: Recorded): string[] {
  const target = handlerOf(event);
  return target ? target.handler.keys(event as Recorded<LotEvent>, target.lotId) : [];
}

/** What `event` changes, leaving out any document that already records its position or a later one. */
function changesOf(documents: Documents, event: Recorded): Change[] {
  const target = handlerOf(event);
  if (!target) return [];
  const position = event.position.toString();
  const changes = target.handler.evolve(documents, event as Recorded<LotEvent>, target.lotId, position);
  return changes.filter(([key]) => compare(documents.get(key)?.position ?? '', position) < 0);
}

/**
 * The documents `event` changes, given the current documents of its touched keys. A document that
 * already records this event's position, or a later one, is left as it is.
 */
export function evolve(documents: Documents, event: Recorded): Map<string, ReadModelDocument> {
  return new Map(changesOf(documents, event));
}

/** Applies `events` in order to the documents loaded for them; answers every document that changed. */
export function evolveBatch(loaded: Documents, events: readonly Recorded[]): Map<string, ReadModelDocument> {
  const documents = new Map(loaded);
  const changed = new Map<string, ReadModelDocument>();
  for (const event of events) {
    for (const [key, document] of changesOf(documents, event)) {
      documents.set(key, document);
      changed.set(key, document);
    }
  }
  return changed;
}
