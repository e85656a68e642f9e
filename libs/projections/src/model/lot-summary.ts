import { totalsOf, type LotReceived, type LotTotals } from '@lib/ledger';
import type { LotSummary } from './documents';

export function receivedLot(
  data: LotReceived['data'],
  units: number,
  receivedAt: string,
  position: string,
): LotSummary {
  return {
    lotId: data.lotId,
    registrantId: data.registrantId,
    lotNumber: data.lotNumber,
    expiresOn: data.expiresOn,
    product: data.product,
    receivedAt,
    onHand: units > 0 ? { [data.locationId]: units } : {},
    totalOnHand: units,
    openDispensations: 0,
    inCustody: 0,
    totals: totalsOf(units),
    position,
  };
}

export const unitsAt = (lot: LotSummary, locationId: string): number => lot.onHand[locationId] ?? 0;

/** What one event does to a lot; every figure is a difference. */
export interface LotChange {
  stock?: [locationId: string, units: number][];
  total?: readonly [field: keyof LotTotals, units: number];
  openDispensations?: number;
  inCustody?: number;
}

export function changeLot(lot: LotSummary, change: LotChange, position: string): LotSummary {
  let onHand = { ...lot.onHand };
  let totalOnHand = lot.totalOnHand;
  let emptied = false;
  for (const [locationId, delta] of change.stock ?? []) {
    const units = (onHand[locationId] ?? 0) + delta;
    onHand[locationId] = units;
    totalOnHand += delta;
    emptied ||= units === 0;
  }
  // Rebuilt rather than edited with `delete`, which would slow down every later use of the object.
  if (emptied) onHand = Object.fromEntries(Object.entries(onHand).filter(([, units]) => units !== 0));
  const totals = { ...lot.totals };
  if (change.total) totals[change.total[0]] += change.total[1];
  return {
    ...lot,
    onHand,
    totalOnHand,
    openDispensations: lot.openDispensations + (change.openDispensations ?? 0),
    inCustody: lot.inCustody + (change.inCustody ?? 0),
    totals,
    position,
  };
}
