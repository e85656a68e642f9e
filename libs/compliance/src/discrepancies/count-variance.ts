import { ORDER_FORM_SCHEDULES, type Finding, type Registrant } from '@lib/ledger';
import type { LotHistory } from '../shared/lot-histories';
import { locationName } from '../shared/registrant-header';
import { reportingDeadlines, resolutionDeadline } from './deadlines';
import { restsOn, units } from './finding-parts';

/**
 * Every line of a physical count whose units differ from the book at that revision (Schedule I
 * threshold: 0 units, domain.md section 7). A shortage of Schedule I or II stock is treated as a
 * possible loss: HIGH, with the DEA notice and Form 106 clocks running from the count. Any other
 * variance (an overage, or a shortage of Schedule III-V stock) is MEDIUM, to be resolved only.
 */
export function countVariances(history: LotHistory, registrant: Registrant): Finding[] {
  const { lot } = history;
  const reportable = ORDER_FORM_SCHEDULES.includes(lot.product.schedule);
  const findings: Finding[] = [];
  for (const event of history.events) {
    if (event.type !== 'PhysicalCountRecorded') continue;
    const { countId, kind } = event.data;
    const discoveredAt = event.metadata.occurredAt;
    for (const line of event.data.lines) {
      const variance = line.units - line.bookUnits;
      if (variance === 0) continue;
      const lossLike = variance < 0 && reportable;
      const where = locationName(registrant, line.locationId) ?? line.locationId;
      findings.push({
        rule: 'COUNT_VARIANCE',
        subject: `${countId}/${lot.lotId}/${line.locationId}`,
        registrantId: registrant.registrantId,
        lotId: lot.lotId,
        locationId: line.locationId,
        severity: lossLike ? 'HIGH' : 'MEDIUM',
        summary:
          `Count of lot ${lot.lotNumber} in ${where}: ${units(Math.abs(variance))} ${variance < 0 ? 'short' : 'over'}` +
          ` (counted ${line.units}, book ${line.bookUnits}).`,
        figures: {
          countId,
          countKind: kind,
          lotNumber: lot.lotNumber,
          counted: line.units,
          book: line.bookUnits,
          variance,
        },
        discoveredAt,
        deadlines: [
          resolutionDeadline(discoveredAt, registrant.timeZone),
          ...(lossLike ? reportingDeadlines(discoveredAt, registrant.timeZone) : []),
        ],
        regulation: lossLike ? '21 CFR 1301.76(b)' : '21 CFR 1304.21(a)',
        ...restsOn([event]),
      });
    }
  }
  return findings;
}
