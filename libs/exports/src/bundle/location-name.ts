import type { Registrant } from '@lib/ledger';

/** A storage location by its name, or its id when the registrant does not list it. */
export const locationNameOf = (registrant: Registrant, locationId: string): string =>
  registrant.locations.find((l) => l.locationId === locationId)?.name ?? locationId;
