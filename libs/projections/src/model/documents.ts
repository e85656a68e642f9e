import type { DoseType, LotTotals, Product } from '@lib/ledger';

/**
 * The read models, as JSON documents. Each records the global position (a decimal string: JSON
 * has no bigint) of the last event applied to it; an event at or below it is not applied again.
 */
interface Positioned {
  position: string;
}

/** `lot:<lotId>`: a lot as the inventory screens list it. */
export interface LotSummary extends Positioned {
  lotId: string;
  registrantId: string;
  lotNumber: string;
  expiresOn: string;
  product: Product;
  /** When the lot physically arrived (the receipt's `occurredAt`). */
  receivedAt: string;
  /** Units per storage location; a location whose stock reaches 0 is left out. */
  onHand: Record<string, number>;
  totalOnHand: number;
  /** Dispensations with units still outstanding, and those units (in participants' custody). */
  openDispensations: number;
  inCustody: number;
  totals: LotTotals;
}

/** `registrant:<registrantId>:lots`: the registrant's lots, in the order they were received. */
export interface LotIndex extends Positioned {
  registrantId: string;
  lotIds: string[];
}

export type EntryType = 'DISPENSED' | 'ADMINISTERED' | 'RETURNED' | 'WASTED';

/** One line of a participant's accountability log: what happened, how many units, when, by whom. */
export interface DispensationEntry {
  type: EntryType;
  units: number;
  occurredAt: string;
  /** The printed name of the person who recorded it, and the role they acted in. */
  by: string | null;
  role: string | null;
}

/** `dispensation:<dispensationId>`: one dispensation and everything that closed it out. */
export interface DispensationRecord extends Positioned {
  dispensationId: string;
  registrantId: string;
  lotId: string;
  lotNumber: string;
  participantId: string;
  protocolId: string;
  session: number;
  doseType: DoseType;
  strengthUg: number;
  /** Where the units were dispensed from. */
  locationId: string;
  dispensed: number;
  administered: number;
  returned: number;
  wasted: number;
  outstanding: number;
  entries: DispensationEntry[];
}

/** `participant:<registrantId>:<participantId>`: a participant's dispensations, oldest first. */
export interface ParticipantIndex extends Positioned {
  registrantId: string;
  participantId: string;
  dispensationIds: string[];
}

export type ReadModelDocument = LotSummary | LotIndex | DispensationRecord | ParticipantIndex;

/** The documents of a projection, by key. */
export type Documents = ReadonlyMap<string, ReadModelDocument>;

/** Document keys, relative to the store's own prefix. */
export const documentKeys = {
  lot: (lotId: string) => `lot:${lotId}`,
  registrantLots: (registrantId: string) => `registrant:${registrantId}:lots`,
  dispensation: (dispensationId: string) => `dispensation:${dispensationId}`,
  participant: (registrantId: string, participantId: string) => `participant:${registrantId}:${participantId}`,
};
