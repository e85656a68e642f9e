import type { BusinessTime, CountKind, DoseType, Order, Schedule } from '@lib/ledger';
import type { RegistrantHeader } from './shared/registrant-header';
import type { PersonRef, WitnessGap } from './shared/two-people';

/** The latest physical count of a lot at a location within the period. */
export interface CountFigures {
  countId: string;
  kind: CountKind;
  businessTime: BusinessTime;
  countedAt: string;
  recordedAt: string;
  units: number;
  /** The book quantity stored with the count: the book as recorded when the count was entered. */
  bookUnits: number;
  /** units − bookUnits. */
  variance: number;
  /**
   * The book at the count's physical time as the ledger stands now, entries recorded after the
   * count but dated before it included: where it differs from `bookUnits`, a late entry explains
   * (part of) the variance.
   */
  restatedBookUnits: number;
  restatedVariance: number;
}

/** One lot at one storage location over [from, to) (domain.md section 7). */
export interface ReconciliationLine {
  schedule: Schedule;
  lotId: string;
  lotNumber: string;
  substanceName: string;
  deaDrugCode: string;
  strengthMg: number;
  expiresOn: string;
  locationId: string;
  locationName: string | null;
  /** The book at `from`. */
  opening: number;
  receipts: number;
  transfersIn: number;
  transfersOut: number;
  dispensed: number;
  returned: number;
  destroyed: number;
  lost: number;
  /** Net units approved corrections put on (+) or took off (−) this location's book. */
  corrections: number;
  /**
   * opening + receipts + transfersIn − transfersOut − dispensed + returned − destroyed − lost
   * ± corrections: the book at `to`.
   */
  expectedClosing: number;
  count: CountFigures | null;
}

export interface LotMovements {
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

/** A lot as a whole (GCP accountability, domain.md 3 and 9.6): storage and dispensation side. */
export interface LotAccountability {
  schedule: Schedule;
  lotId: string;
  lotNumber: string;
  substanceName: string;
  deaDrugCode: string;
  strengthMg: number;
  expiresOn: string;
  /** Within the period; opening and closing are units in storage at `from` and `to`. */
  period: LotMovements & { opening: number; closing: number };
  /** Since receipt, up to `to`; on hand is in storage, outstanding is dispensed and not yet closed out. */
  toDate: LotMovements & { onHand: number; outstanding: number };
  /** received − destroyed − lost − (dispensed − returned) + corrected = on hand, up to `to`. */
  identityHolds: boolean;
}

/** A cross-check: `ok` when nothing needs the officer's attention, with what was checked and found. */
export interface Check<Finding> {
  ok: boolean;
  checked: number;
  findings: Finding[];
}

export interface DispensationFinding {
  /** OPEN: units still outstanding at `to`. OVER_CLOSED: more closed out than dispensed by `to`. */
  status: 'OPEN' | 'OVER_CLOSED';
  dispensationId: string;
  lotId: string;
  lotNumber: string;
  participantId: string;
  protocolId: string;
  session: number;
  doseType: DoseType;
  dispensedAt: string;
  dispensed: number;
  administered: number;
  returned: number;
  wasted: number;
  outstanding: number;
}

export interface WitnessFinding {
  eventId: string;
  type: 'StockDestroyed' | 'DoseWasted';
  lotId: string;
  lotNumber: string;
  /** Where stock was destroyed; null for wastage. */
  locationId: string | null;
  /** The dose wasted from; null for destruction. */
  dispensationId: string | null;
  quantity: number;
  occurredAt: string;
  actor: PersonRef | null;
  witnesses: PersonRef[];
  gap: WitnessGap;
}

export interface ReceiptFinding {
  eventId: string;
  lotId: string;
  lotNumber: string;
  schedule: Schedule;
  quantity: number;
  occurredAt: string;
  supplier: { name: string; deaNumber: string };
  order: Order | null;
}

export interface UncountedFinding {
  lotId: string;
  lotNumber: string;
  locationId: string;
  locationName: string | null;
  units: number;
}

/** The cross-checks an officer runs alongside the arithmetic (domain.md section 7). */
export interface ReconciliationChecks {
  /** Every dispensation active in the period: dispensed = administered + returned + wasted, or open. */
  dispensations: Check<DispensationFinding>;
  /** Every destruction in the period carried two distinct people (Form 41, 1317.95(d)). */
  destructionsWitnessed: Check<WitnessFinding>;
  /** Every wastage in the period carried a witness other than the actor. */
  wastageWitnessed: Check<WitnessFinding>;
  /** Every schedule I/II receipt in the period names its DEA Form 222 or CSOS order (Part 1305). */
  receiptsWithOrder: Check<ReceiptFinding>;
  /** Every lot and location holding stock at `to` was counted in the period. */
  stockCounted: Check<UncountedFinding>;
}

export interface ReconciliationTotals {
  opening: number;
  receipts: number;
  transfersIn: number;
  transfersOut: number;
  dispensed: number;
  returned: number;
  destroyed: number;
  lost: number;
  corrections: number;
  expectedClosing: number;
  administered: number;
  wasted: number;
  /** Dispensed and not closed out at `to`. */
  outstanding: number;
  countedLines: number;
  countedUnits: number;
  countedBookUnits: number;
  /** Sum of the counted lines' variances. */
  variance: number;
  linesWithVariance: number;
}

/** The reconciliation of one registrant over [from, to) by physical time, as plain JSON. */
export interface Reconciliation {
  registrant: RegistrantHeader;
  period: {
    /** As requested: dates (YYYY-MM-DD) unchanged, instants normalised to UTC. */
    from: string;
    to: string;
    /** The bounds as instants (UTC): acts with from ≤ occurredAt < to are in the period. */
    startsAt: string;
    endsAt: string;
  };
  lines: ReconciliationLine[];
  lots: LotAccountability[];
  checks: ReconciliationChecks;
  totals: ReconciliationTotals;
}
