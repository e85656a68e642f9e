import type { Finding, Recorded, Registrant } from '@lib/ledger';
import { lotHistories } from '../shared/lot-histories';
import { continuingPatterns } from './continuing-pattern';
import type { DiscrepancyPolicy } from './discrepancy-policy';
import { arisenBy } from './finding-parts';
import { inventoryCadence } from './inventory-cadence';
import { findingsOfLot } from './lot-findings';

/**
 * Every discrepancy of a registrant at `now`, from all its registrant-stream and lot-stream
 * events: each lot's findings (lots in the order received), then the inventory cycle, then the
 * continuing patterns its count variances make.
 */
export function registrantFindings(
  events: readonly Recorded[],
  registrant: Registrant,
  now: string,
  policy: DiscrepancyPolicy,
): Finding[] {
  const ofLots = lotHistories(events, registrant.registrantId).flatMap((history) =>
    findingsOfLot(history, registrant, now, policy),
  );
  return [...ofLots, ...inventoryCadence(events, registrant, now), ...continuingPatterns(ofLots, registrant)].filter(
    arisenBy(now),
  );
}
