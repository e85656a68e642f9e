import type { Finding, Recorded, Registrant } from '@lib/ledger';
import { lotHistories, type LotHistory } from '../shared/lot-histories';
import { countVariances } from './count-variance';
import type { DiscrepancyPolicy } from './discrepancy-policy';
import { expiredStock } from './expired-stock';
import { arisenBy } from './finding-parts';
import { openDispensations } from './open-dispensation';
import { theftsAndLosses } from './theft-or-loss';

/** Every rule that concerns one lot, over its history, as arisen by `now`. */
export const findingsOfLot = (
  history: LotHistory,
  registrant: Registrant,
  now: string,
  policy: DiscrepancyPolicy,
): Finding[] =>
  [
    ...countVariances(history, registrant),
    ...theftsAndLosses(history, registrant),
    ...openDispensations(history, registrant, now, policy),
    ...expiredStock(history, registrant, now),
  ].filter(arisenBy(now));

/**
 * The discrepancies of one lot's stream at `now`: count variances, thefts and losses, open
 * dispensations and expired stock. A lot received for another registrant has none here.
 */
export const lotFindings = (
  lotEvents: readonly Recorded[],
  registrant: Registrant,
  now: string,
  policy: DiscrepancyPolicy,
): Finding[] =>
  lotHistories(lotEvents, registrant.registrantId).flatMap((history) =>
    findingsOfLot(history, registrant, now, policy),
  );
