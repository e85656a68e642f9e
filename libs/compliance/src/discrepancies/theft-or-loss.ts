import type { Finding, LossKind, Registrant } from '@lib/ledger';
import type { LotHistory } from '../shared/lot-histories';
import { locationName } from '../shared/registrant-header';
import { reportingDeadlines } from './deadlines';
import { restsOn, units } from './finding-parts';

const KIND_TEXT: Record<LossKind, string> = {
  THEFT: 'Theft',
  LOSS: 'Loss',
  BREAKAGE_UNRECOVERABLE: 'Unrecoverable breakage',
  OTHER: 'Loss (other)',
};

/**
 * Every theft or loss reported: the DEA written notice and Form 106 clocks run from its discovery.
 * A theft of any quantity is always reportable and CRITICAL (scenario 36); any other loss is HIGH
 * (Schedule I threshold: 0 units).
 */
export function theftsAndLosses(history: LotHistory, registrant: Registrant): Finding[] {
  const { lot } = history;
  const findings: Finding[] = [];
  for (const event of history.events) {
    if (event.type !== 'LossReported') continue;
    const { locationId, quantity, kind, discoveredAt, description } = event.data;
    const where = locationName(registrant, locationId) ?? locationId;
    findings.push({
      rule: 'THEFT_OR_LOSS',
      subject: event.eventId,
      registrantId: registrant.registrantId,
      lotId: lot.lotId,
      locationId,
      severity: kind === 'THEFT' ? 'CRITICAL' : 'HIGH',
      summary: `${KIND_TEXT[kind]} of ${units(quantity)} of lot ${lot.lotNumber} from ${where}: ${description}`,
      figures: { lotNumber: lot.lotNumber, kind, quantity },
      discoveredAt,
      deadlines: reportingDeadlines(discoveredAt, registrant.timeZone),
      regulation: '21 CFR 1301.76(b)',
      ...restsOn([event]),
    });
  }
  return findings;
}
