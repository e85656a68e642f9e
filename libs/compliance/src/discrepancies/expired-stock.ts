import {
  evolveLot,
  findLocation,
  initialLotState,
  type Finding,
  type LocationKind,
  type LotEvent,
  type LotState,
  type Recorded,
  type Registrant,
} from '@lib/ledger';
import type { LotHistory } from '../shared/lot-histories';
import { resolutionDeadline } from './deadlines';
import { restsOn, units } from './finding-parts';
import { addDays, localMidnight } from '../shared/local-time';

/** Where expired stock belongs until it is destroyed. */
const SET_APART: readonly LocationKind[] = ['QUARANTINE', 'DISPOSAL'];

/**
 * Stock of the lot on hand in a location that is not set apart (quarantine or disposal) after
 * its expiry date on the registrant's wall clock, by `now`: one finding per location, discovered
 * at the first moment it was so, whatever was moved later (so the same events always give the
 * same findings). It rests on the receipt (which states the expiry) and on the act that put the
 * stock there, if that came after the receipt.
 */
export function expiredStock(history: LotHistory, registrant: Registrant, now: string): Finding[] {
  const { lot, receipt } = history;
  const expiredFrom = localMidnight(addDays(lot.expiresOn, 1), registrant.timeZone);
  const expiredMs = Date.parse(expiredFrom);
  const nowMs = Date.parse(now);
  if (expiredMs > nowMs) return [];
  const stockedBy = new Map<string, Recorded<LotEvent>>();
  const found = new Map<string, Finding>();
  let state: LotState = initialLotState();
  const check = (at: number) => {
    if (state.status !== 'received') return;
    for (const [locationId, onHand] of Object.entries(state.onHand)) {
      const location = findLocation(registrant, locationId);
      if (onHand <= 0 || found.has(locationId) || (location && SET_APART.includes(location.kind))) continue;
      const discoveredAt = new Date(at).toISOString();
      found.set(locationId, {
        rule: 'EXPIRED_STOCK',
        subject: `${lot.lotId}/${locationId}`,
        registrantId: registrant.registrantId,
        lotId: lot.lotId,
        locationId,
        severity: 'LOW',
        summary: `Lot ${lot.lotNumber} expired on ${lot.expiresOn}; ${units(onHand)} on hand in ${location?.name ?? locationId}.`,
        figures: {
          lotNumber: lot.lotNumber,
          expiresOn: lot.expiresOn,
          units: onHand,
          locationKind: location?.kind ?? null,
        },
        discoveredAt,
        deadlines: [resolutionDeadline(discoveredAt, registrant.timeZone)],
        regulation: 'ICH E6 4.6; 21 CFR 1304.11(e)(3)',
        ...restsOn([receipt, stockedBy.get(locationId) ?? receipt]),
      });
    }
  };
  let checkedAtExpiry = false;
  history.events.forEach((event, i) => {
    const at = history.times[i];
    if (at > nowMs) return;
    if (at >= expiredMs && !checkedAtExpiry) {
      check(expiredMs);
      checkedAtExpiry = true;
    }
    const before = state.status === 'received' ? state.onHand : {};
    state = evolveLot(state, event);
    if (state.status !== 'received') return;
    for (const [locationId, onHand] of Object.entries(state.onHand)) {
      if (onHand > 0 && (before[locationId] ?? 0) <= 0) stockedBy.set(locationId, event);
    }
    if (checkedAtExpiry) check(at);
  });
  if (!checkedAtExpiry) check(expiredMs);
  return [...found.values()];
}
