import type { Address, BusinessTime, CountKind } from '../registrant/registrant.events';
import type { DomainEvent } from '../shared/decider';
import type { Schedule } from '../shared/schedules';

export const DOSAGE_FORMS = ['CAPSULE', 'TABLET', 'POWDER', 'SOLUTION', 'OTHER'] as const;
export type DosageForm = (typeof DOSAGE_FORMS)[number];
export const ORDER_FORMS = ['DEA_222', 'CSOS'] as const;
export type OrderForm = (typeof ORDER_FORMS)[number];
export const DOSE_TYPES = ['INITIAL', 'SUPPLEMENTAL'] as const;
export type DoseType = (typeof DOSE_TYPES)[number];
export const RETURN_INTEGRITY = ['SEALED', 'OPENED'] as const;
export type ReturnIntegrity = (typeof RETURN_INTEGRITY)[number];
export const WASTAGE_REASONS = ['VOMITED', 'DROPPED', 'PARTIAL_DOSE', 'CONTAMINATED', 'OTHER'] as const;
export type WastageReason = (typeof WASTAGE_REASONS)[number];
export const LOSS_KINDS = ['THEFT', 'LOSS', 'BREAKAGE_UNRECOVERABLE', 'OTHER'] as const;
export type LossKind = (typeof LOSS_KINDS)[number];

export interface Product {
  substanceName: string;
  /** Four-digit DEA controlled substance code (e.g. 7405). */
  deaDrugCode: string;
  schedule: Schedule;
  form: DosageForm;
  /** Strength per dosage unit in integer micrograms, so it is stored exactly. */
  strengthUg: number;
  unitsPerContainer: number | null;
}

export interface Supplier {
  name: string;
  deaNumber: string;
  /** As the supplier's documents give it: one line of text, or structured like a registrant's. */
  address: string | Address | null;
}

export interface Order {
  form: OrderForm;
  number: string;
}

export type LotReceived = DomainEvent<
  'LotReceived',
  {
    lotId: string;
    registrantId: string;
    lotNumber: string;
    expiresOn: string;
    product: Product;
    quantity: number;
    locationId: string;
    supplier: Supplier;
    order: Order | null;
    /** Kept apart from `occurredAt`, which is the physical receipt (21 CFR 1304.21(d)). */
    invoiceDate: string | null;
  }
>;

export type StockTransferred = DomainEvent<
  'StockTransferred',
  { fromLocationId: string; toLocationId: string; quantity: number; reason: string | null }
>;

export type DoseDispensed = DomainEvent<
  'DoseDispensed',
  {
    dispensationId: string;
    locationId: string;
    quantity: number;
    participantId: string;
    protocolId: string;
    session: number;
    doseType: DoseType;
  }
>;

export type DoseAdministered = DomainEvent<'DoseAdministered', { dispensationId: string; quantity: number }>;

export type DoseReturned = DomainEvent<
  'DoseReturned',
  { dispensationId: string; quantity: number; toLocationId: string; integrity: ReturnIntegrity }
>;

export type DoseWasted = DomainEvent<
  'DoseWasted',
  { dispensationId: string; quantity: number; reason: WastageReason; method: string }
>;

/** On-site destruction to a non-retrievable state, the DEA Form 41 record. */
export type StockDestroyed = DomainEvent<'StockDestroyed', { locationId: string; quantity: number; method: string }>;

/** Theft or loss, the facts behind a DEA Form 106. */
export type LossReported = DomainEvent<
  'LossReported',
  { locationId: string; quantity: number; kind: LossKind; discoveredAt: string; description: string }
>;

/** This lot's lines of a physical inventory, with the book quantity at that revision (blind count). */
export type PhysicalCountRecorded = DomainEvent<
  'PhysicalCountRecorded',
  {
    countId: string;
    kind: CountKind;
    businessTime: BusinessTime;
    lines: { locationId: string; units: number; bookUnits: number }[];
  }
>;

/** A quantity a correction reverses (negative) or adds (positive) at one storage location. */
export interface CorrectionAdjustment {
  locationId: string;
  units: number;
}

/**
 * A documentation error fixed without editing the record (21 CFR 11.10(e)): a compensating entry
 * naming the event it corrects, why, and the quantities it takes off or puts on the book. The
 * original stays in the history as it was recorded.
 */
export type CorrectionRecorded = DomainEvent<
  'CorrectionRecorded',
  {
    correctionId: string;
    correctsEventId: string;
    correctsType: string;
    reason: string;
    adjustments: CorrectionAdjustment[];
  }
>;

export type LotEvent =
  | LotReceived
  | StockTransferred
  | DoseDispensed
  | DoseAdministered
  | DoseReturned
  | DoseWasted
  | StockDestroyed
  | LossReported
  | PhysicalCountRecorded
  | CorrectionRecorded;
