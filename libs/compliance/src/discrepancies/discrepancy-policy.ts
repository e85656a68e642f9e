/** The site's settings for the discrepancy rules. */
export interface DiscrepancyPolicy {
  /** Dispensed units still outstanding this many hours after dispensing are a discrepancy. */
  openDispensationHours: number;
}

export const DEFAULT_DISCREPANCY_POLICY: DiscrepancyPolicy = { openDispensationHours: 12 };
