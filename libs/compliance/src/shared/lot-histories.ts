import type { DoseDispensed, LotEvent, LotReceived, Recorded } from '@lib/ledger';
import { timedInPhysicalOrder } from './physical-order';

const LOT_EVENT_TYPES: Record<LotEvent['type'], true> = {
  LotReceived: true,
  StockTransferred: true,
  DoseDispensed: true,
  DoseAdministered: true,
  DoseReturned: true,
  DoseWasted: true,
  StockDestroyed: true,
  LossReported: true,
  PhysicalCountRecorded: true,
  CorrectionRecorded: true,
};

export const isLotEvent = (event: Recorded): event is Recorded<LotEvent> =>
  Object.prototype.hasOwnProperty.call(LOT_EVENT_TYPES, event.type);

const isReceipt = (event: Recorded): event is Recorded<LotReceived> => event.type === 'LotReceived';

/** Who a dose was dispensed to, and when: fixed when dispensed, whatever is recorded later. */
export type DispensationInfo = DoseDispensed['data'] & { dispensedAt: string };

/** One lot of the registrant: what was received, and every act on it in physical order. */
export interface LotHistory {
  streamId: string;
  lot: LotReceived['data'];
  receipt: Recorded<LotReceived>;
  events: Recorded<LotEvent>[];
  /** Each event's `occurredAt` in milliseconds, parallel to `events`. */
  times: number[];
  dispensations: Map<string, DispensationInfo>;
}

/**
 * The lots a registrant received, in the order recorded, each with its events in physical order.
 * A lot belongs to the registrant it was received for (`LotReceived.registrantId`); another
 * registrant's lots, the registrant and user streams, and unknown event types are left out.
 */
export function lotHistories(events: Iterable<Recorded>, registrantId: string): LotHistory[] {
  const all = [...events];
  const receipts = new Map<string, Recorded<LotReceived>>();
  for (const event of all) {
    if (!isReceipt(event) || event.data.registrantId !== registrantId) continue;
    const first = receipts.get(event.streamId);
    if (!first || event.position < first.position) receipts.set(event.streamId, event);
  }
  const byStream = new Map<string, Recorded<LotEvent>[]>();
  for (const event of all) {
    if (!receipts.has(event.streamId) || !isLotEvent(event)) continue;
    if (isReceipt(event) && event !== receipts.get(event.streamId)) continue;
    const list = byStream.get(event.streamId) ?? [];
    list.push(event);
    byStream.set(event.streamId, list);
  }
  const byReceipt = [...receipts].sort(([, a], [, b]) => (a.position < b.position ? -1 : 1));
  return byReceipt.map(([streamId, receipt]) => {
    const timed = timedInPhysicalOrder(byStream.get(streamId) ?? []);
    const lotEvents = timed.map(({ event }) => event);
    const dispensations = new Map<string, DispensationInfo>();
    for (const event of lotEvents) {
      if (event.type === 'DoseDispensed' && !dispensations.has(event.data.dispensationId)) {
        dispensations.set(event.data.dispensationId, { ...event.data, dispensedAt: event.metadata.occurredAt });
      }
    }
    return { streamId, lot: receipt.data, receipt, events: lotEvents, times: timed.map(({ at }) => at), dispensations };
  });
}
