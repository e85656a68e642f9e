import { inventoryAsOf, reconcile, type InventoryReport, type Reconciliation } from '@lib/compliance';
import type { RecordedEvent } from '@lib/event-store';
import {
  localDate,
  type DoseDispensed,
  type LossReported,
  type LotReceived,
  type Recorded,
  type Registrant,
  type StockDestroyed,
} from '@lib/ledger';
import type { ArcosRecord } from '../formats';
import type { ExportPeriod } from './export-period';

type Signature = { printedName: string; signedAt: string; meaning: string };

/** One dispensation of the period: the dispensing record's and the accountability log's row. */
export interface DispensationRecord {
  dispensationId: string;
  participantId: string;
  protocolId: string;
  session: number;
  doseType: string;
  lotId: string;
  lotNumber: string;
  substanceName: string;
  form: string;
  strengthUg: number;
  dispensedAt: string;
  dispensed: number;
  administered: number;
  returned: number;
  wasted: number;
  dispensedBy: string;
  administeredBy: string[];
  closedOutBy: string[];
  lastActAt: string;
}

/** A destruction or a loss of the period, with what its form needs (not the whole event). */
export interface FormAct<E extends StockDestroyed | LossReported> {
  eventId: string;
  occurredAt: string;
  recordedAt: string;
  data: E['data'];
  lot: LotReceived['data'];
  signatures: Signature[];
}

/** What the counts of the period were signed with, by count: one count covers many lots. */
export interface CountSignatures {
  countId: string;
  signatures: Signature[];
}

export interface LotFigures {
  reconciliation: Reconciliation;
  inventory: InventoryReport;
  dispensations: DispensationRecord[];
  counts: CountSignatures[];
  arcos: { occurredAt: string; record: ArcosRecord }[];
  destructions: FormAct<StockDestroyed>[];
  losses: FormAct<LossReported>[];
  /** Every loss of the lot ever recorded, for Form 106's count of the past 24 months. */
  lossDiscoveries: string[];
}

const signaturesOf = (event: Recorded): Signature[] =>
  (event.metadata.signatures ?? []).map(({ printedName, signedAt, meaning }) => ({
    printedName,
    signedAt,
    meaning,
  }));

const formAct = <E extends StockDestroyed | LossReported>(
  event: Recorded<E>,
  lot: LotReceived['data'],
): FormAct<E> => ({
  eventId: event.eventId,
  occurredAt: event.metadata.occurredAt,
  recordedAt: event.metadata.recordedAt,
  data: event.data,
  lot,
  signatures: signaturesOf(event),
});

const actorName = (event: Recorded) => event.metadata.actor?.printedName ?? '';

/**
 * An order number as the record's 9 columns can hold it. A CSOS order number may be longer (up
 * to 32 characters are accepted at receipt): it is left blank here rather than cut, and stays
 * whole in `transactions.csv`.
 */
const orderFormField = (number: string | undefined): string =>
  number !== undefined && /^[\x21-\x7e]([\x20-\x7e]{0,7}[\x21-\x7e])?$/.test(number) ? number : '';

/** Whole milligrams with unit code 2 when the quantity has them, else dosage units (packages). */
function arcosQuantity(units: number, strengthUg: number): Pick<ArcosRecord, 'quantity' | 'unitCode'> {
  const ug = units * strengthUg;
  return ug % 1000 === 0 ? { quantity: ug / 1000, unitCode: '2' } : { quantity: units, unitCode: '' };
}

/**
 * Everything the bundle derives from one lot, computed from the lot's whole history (held alone,
 * one lot at a time): its part of the reconciliation and of the inventory at the period's end, the
 * dispensations of the period, its ARCOS transactions and its destructions and losses. Acts count
 * at their physical time (`occurredAt`), as in reconciliations.
 */
export function lotFigures(events: RecordedEvent[], registrant: Registrant, period: ExportPeriod): LotFigures {
  const recorded = events as unknown as Recorded[];
  const startMs = Date.parse(period.startsAt);
  const endMs = Date.parse(period.endsAt);
  const occurred = (e: Recorded) => Date.parse(e.metadata.occurredAt);
  const inPeriod = (e: Recorded) => occurred(e) >= startMs && occurred(e) < endMs;
  const lot = (recorded.find((e) => e.type === 'LotReceived') as Recorded<LotReceived> | undefined)?.data;
  const figures: LotFigures = {
    reconciliation: reconcile(recorded, registrant, { from: period.from, to: period.to }),
    inventory: inventoryAsOf(recorded, registrant, period.to, 'OPENING'),
    dispensations: [],
    counts: [],
    arcos: [],
    destructions: [],
    losses: [],
    lossDiscoveries: [],
  };
  if (!lot) return figures;
  const dispensations = new Map<string, DispensationRecord>();
  const arcos = (event: Recorded, code: string, units: number, counterparty: Partial<ArcosRecord> = {}) =>
    figures.arcos.push({
      occurredAt: event.metadata.occurredAt,
      record: {
        reportingRegistrant: registrant.deaNumber,
        transactionCode: code,
        actionIndicator: event.metadata.late ? 'I' : '',
        ndc: '',
        ...arcosQuantity(units, lot.product.strengthUg),
        associateRegistrant: '',
        orderFormNumber: '',
        transactionDate: localDate(event.metadata.occurredAt, registrant.timeZone),
        correctionNumber: '',
        strength: '',
        transactionId: event.position.toString().padStart(10, '0').slice(-10),
        documentId: '',
        ...counterparty,
      },
    });

  for (const event of recorded) {
    if (occurred(event) >= endMs) continue;
    const data = event.data as Record<string, unknown>;
    if (event.type === 'LossReported') figures.lossDiscoveries.push(String(data.discoveredAt));
    const open = typeof data.dispensationId === 'string' ? dispensations.get(data.dispensationId) : undefined;
    if (open && event.type !== 'DoseDispensed') {
      const quantity = Number(data.quantity);
      if (event.type === 'DoseAdministered') {
        open.administered += quantity;
        open.administeredBy.push(actorName(event));
      } else if (event.type === 'DoseReturned' || event.type === 'DoseWasted') {
        open[event.type === 'DoseReturned' ? 'returned' : 'wasted'] += quantity;
        open.closedOutBy.push(actorName(event));
      }
      open.lastActAt = event.metadata.occurredAt;
    }
    if (!inPeriod(event)) continue;
    switch (event.type) {
      case 'LotReceived':
        arcos(event, 'P', lot.quantity, {
          associateRegistrant: lot.supplier.deaNumber,
          orderFormNumber: orderFormField(lot.order?.number),
        });
        break;
      case 'DoseDispensed': {
        const d = (event as Recorded<DoseDispensed>).data;
        dispensations.set(d.dispensationId, {
          dispensationId: d.dispensationId,
          participantId: d.participantId,
          protocolId: d.protocolId,
          session: d.session,
          doseType: d.doseType,
          lotId: lot.lotId,
          lotNumber: lot.lotNumber,
          substanceName: lot.product.substanceName,
          form: lot.product.form,
          strengthUg: lot.product.strengthUg,
          dispensedAt: event.metadata.occurredAt,
          dispensed: d.quantity,
          administered: 0,
          returned: 0,
          wasted: 0,
          dispensedBy: actorName(event),
          administeredBy: [],
          closedOutBy: [],
          lastActAt: event.metadata.occurredAt,
        });
        break;
      }
      case 'StockDestroyed':
        arcos(event, 'Y', Number(data.quantity));
        figures.destructions.push(formAct(event as Recorded<StockDestroyed>, lot));
        break;
      case 'LossReported':
        arcos(event, 'T', Number(data.quantity));
        figures.losses.push(formAct(event as Recorded<LossReported>, lot));
        break;
      case 'PhysicalCountRecorded':
        figures.counts.push({ countId: String(data.countId), signatures: signaturesOf(event) });
        break;
    }
  }
  figures.dispensations = [...dispensations.values()];
  return figures;
}
