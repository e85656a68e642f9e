import type { BusinessTime, DoseType, DosageForm, Schedule } from '@lib/ledger';
import type { RegistrantHeader } from './shared/registrant-header';

/** A lot's stock at one storage location (domain.md 9.1, section A). */
export interface InventoryLine {
  lotId: string;
  lotNumber: string;
  substanceName: string;
  deaDrugCode: string;
  form: DosageForm;
  strengthMg: number;
  unitsPerContainer: number | null;
  expiresOn: string;
  locationId: string;
  /** Null only when the location is not among the registrant's locations. */
  locationName: string | null;
  units: number;
  mg: number;
}

/** Stock that is still on hand but not usable (1304.11(e)(1)(iv); domain.md 9.1, section B). */
export interface HeldForDisposalLine extends InventoryLine {
  reason: 'EXPIRED';
}

/** Units dispensed and not yet administered, returned or wasted at `asOf`: on hand, outside storage. */
export interface OutsideStorageLine {
  dispensationId: string;
  participantId: string;
  protocolId: string;
  session: number;
  doseType: DoseType;
  lotId: string;
  lotNumber: string;
  substanceName: string;
  deaDrugCode: string;
  strengthMg: number;
  dispensedFromLocationId: string;
  dispensedAt: string;
  dispensed: number;
  administered: number;
  returned: number;
  wasted: number;
  outstanding: number;
  mg: number;
}

/** Everything on hand of one substance within a schedule: units and their exact milligrams. */
export interface SubstanceTotal {
  deaDrugCode: string;
  substanceName: string;
  units: number;
  mg: number;
}

export interface InventoryTotals {
  /** In storage and usable. */
  storedUnits: number;
  /** In storage, past expiry. */
  heldForDisposalUnits: number;
  /** Dispensed, still outstanding. */
  outsideStorageUnits: number;
  /** All three: everything under the registrant's control (1304.11(a)). */
  onHandUnits: number;
}

/** One schedule's inventory, kept apart from every other schedule (21 CFR 1304.04). */
export interface ScheduleSection {
  schedule: Schedule;
  lines: InventoryLine[];
  heldForDisposal: HeldForDisposalLine[];
  outsideStorage: OutsideStorageLine[];
  totals: InventoryTotals & { bySubstance: SubstanceTotal[] };
}

/** The inventory as it stood at `asOf` (21 CFR 1304.11; domain.md 9.1), computed from events. */
export interface InventoryReport {
  registrant: RegistrantHeader;
  /** As requested: a date (YYYY-MM-DD), or an instant normalised to UTC. */
  asOf: string;
  /** The inventory's date on the registrant's wall clock. */
  asOfDate: string;
  /** Every act with `occurredAt` strictly before this instant (UTC) is in the inventory. */
  cutOff: string;
  businessTime: BusinessTime;
  /** One per schedule the registrant is registered for (and any other holding stock), I first. */
  sections: ScheduleSection[];
  totals: InventoryTotals;
  /** Nothing on hand at all, in storage or outside it (1304.11(b)). */
  zeroInventory: boolean;
}
