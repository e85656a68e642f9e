import type { DomainEvent, DoseType, LotEvent, Product, Recorded, RecordedMetadata } from '@lib/ledger';

/** Recorded events for projection specs: fixed ids, fixed clock, positions counting up from 1. */

export const REGISTRANT_ID = 'b6a1c2d3-0000-4000-8000-000000000001';
export const OTHER_REGISTRANT_ID = 'b6a1c2d3-0000-4000-8000-000000000002';
export const VAULT = 'vault';
export const CLINIC = 'clinic-room';
export const LOT_ID = 'c7d8e9f0-0000-4000-8000-000000000001';
export const OTHER_LOT_ID = 'c7d8e9f0-0000-4000-8000-000000000002';

export const MDMA: Product = {
  substanceName: 'MDMA HCl',
  deaDrugCode: '7405',
  schedule: 'I',
  form: 'CAPSULE',
  strengthUg: 20_000,
  unitsPerContainer: 10,
};

export const PHARMACIST = { userId: 'u-pharmacist', printedName: 'Pat Okafor', role: 'PHARMACIST' };
export const INVESTIGATOR = { userId: 'u-investigator', printedName: 'Dr. Ines Marsh', role: 'INVESTIGATOR' };

const START = Date.parse('2026-03-02T14:00:00.000Z');

/** Events in the order a store would have recorded them, each a minute after the last. */
export class History {
  readonly events: Recorded[] = [];

  add(streamId: string, event: DomainEvent, metadata: Partial<RecordedMetadata> = {}): this {
    const position = BigInt(this.events.length + 1);
    const occurredAt = new Date(START + this.events.length * 60_000).toISOString();
    this.events.push({
      ...event,
      streamId,
      revision: this.events.filter((e) => e.streamId === streamId).length,
      position,
      eventId: `event-${position}`,
      metadata: {
        occurredAt,
        recordedAt: occurredAt,
        registrantId: REGISTRANT_ID,
        actor: PHARMACIST,
        signatures: [],
        late: false,
        ...metadata,
      },
    });
    return this;
  }

  lot(event: LotEvent, metadata: Partial<RecordedMetadata> = {}, lotId = LOT_ID): this {
    return this.add(`lot-${lotId}`, event, metadata);
  }
}

export const received = (
  quantity: number,
  { lotId = LOT_ID, registrantId = REGISTRANT_ID, locationId = VAULT } = {},
): LotEvent => ({
  type: 'LotReceived',
  data: {
    lotId,
    registrantId,
    lotNumber: `MDM-${lotId.slice(-3)}`,
    expiresOn: '2027-06-30',
    product: MDMA,
    quantity,
    locationId,
    supplier: { name: 'Meridian Pharma Supply', deaNumber: 'PM7654329', address: null },
    order: { form: 'DEA_222', number: '261000417' },
    invoiceDate: null,
  },
});

export const transferred = (quantity: number, fromLocationId = VAULT, toLocationId = CLINIC): LotEvent => ({
  type: 'StockTransferred',
  data: { fromLocationId, toLocationId, quantity, reason: null },
});

export const dispensedDose = (
  dispensationId: string,
  quantity: number,
  { participantId = 'P-001', locationId = CLINIC, session = 1, doseType = 'INITIAL' as DoseType } = {},
): LotEvent => ({
  type: 'DoseDispensed',
  data: { dispensationId, locationId, quantity, participantId, protocolId: 'MAPP-2', session, doseType },
});

export const administered = (dispensationId: string, quantity: number): LotEvent => ({
  type: 'DoseAdministered',
  data: { dispensationId, quantity },
});

export const returnedDose = (dispensationId: string, quantity: number, toLocationId = VAULT): LotEvent => ({
  type: 'DoseReturned',
  data: { dispensationId, quantity, toLocationId, integrity: 'SEALED' },
});

export const wasted = (dispensationId: string, quantity: number): LotEvent => ({
  type: 'DoseWasted',
  data: { dispensationId, quantity, reason: 'VOMITED', method: 'Flushed with a witness' },
});

export const destroyed = (quantity: number, locationId = VAULT): LotEvent => ({
  type: 'StockDestroyed',
  data: { locationId, quantity, method: 'Chemical digestion' },
});

export const lost = (quantity: number, locationId = VAULT): LotEvent => ({
  type: 'LossReported',
  data: { locationId, quantity, kind: 'LOSS', discoveredAt: '2026-03-02T18:00:00.000Z', description: 'Missing' },
});

export const corrected = (correctsType: string, adjustments: { locationId: string; units: number }[]): LotEvent => ({
  type: 'CorrectionRecorded',
  data: {
    correctionId: `correction-of-${correctsType}`,
    correctsEventId: 'event-1',
    correctsType,
    reason: 'Entered wrong',
    adjustments,
  },
});
