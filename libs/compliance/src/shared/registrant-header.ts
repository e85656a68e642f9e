import { SCHEDULES, type Address, type Registrant, type RegistrantActivity, type Schedule } from '@lib/ledger';

/** Who the record is for (21 CFR 1304.11(a); DEA-recommended inventory header). */
export interface RegistrantHeader {
  registrantId: string;
  name: string;
  deaNumber: string;
  address: Address;
  schedules: Schedule[];
  activity: RegistrantActivity;
  timeZone: string;
}

export const registrantHeader = (registrant: Registrant): RegistrantHeader => ({
  registrantId: registrant.registrantId,
  name: registrant.name,
  deaNumber: registrant.deaNumber,
  address: { ...registrant.address },
  schedules: SCHEDULES.filter((s) => registrant.schedules.includes(s)),
  activity: registrant.activity,
  timeZone: registrant.timeZone,
});

export const locationName = (registrant: Registrant, locationId: string): string | null =>
  registrant.locations.find((l) => l.locationId === locationId)?.name ?? null;

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface OrderedLine {
  schedule?: Schedule;
  lotNumber: string;
  lotId: string;
  locationId: string;
}

/**
 * The order report lines are printed in: by schedule, lot number and lot id, then location in
 * the order the registrant added them (unknown locations last, by id). Never locale-dependent.
 */
export function lineOrder(registrant: Registrant) {
  const rank = (locationId: string) => {
    const index = registrant.locations.findIndex((l) => l.locationId === locationId);
    return index === -1 ? registrant.locations.length : index;
  };
  return (a: OrderedLine, b: OrderedLine): number =>
    SCHEDULES.indexOf(a.schedule ?? 'I') - SCHEDULES.indexOf(b.schedule ?? 'I') ||
    compareText(a.lotNumber, b.lotNumber) ||
    compareText(a.lotId, b.lotId) ||
    rank(a.locationId) - rank(b.locationId) ||
    compareText(a.locationId, b.locationId);
}

export { compareText };
