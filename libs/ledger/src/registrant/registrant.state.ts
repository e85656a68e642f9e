import type { RegistrantEvent, RegistrantRegistered, StorageLocation } from './registrant.events';

export type Registrant = RegistrantRegistered['data'] & { locations: StorageLocation[] };

export type RegistrantState = { status: 'unregistered' } | ({ status: 'registered' } & Registrant);

export const initialRegistrantState = (): RegistrantState => ({ status: 'unregistered' });

export function evolveRegistrant(state: RegistrantState, event: RegistrantEvent): RegistrantState {
  switch (event.type) {
    case 'RegistrantRegistered':
      return { status: 'registered', ...event.data, locations: [] };
    case 'StorageLocationAdded':
      return state.status === 'registered' ? { ...state, locations: [...state.locations, event.data] } : state;
    case 'InventoryTaken':
      return state;
    default:
      // A type this version does not know (recorded by a later one): the state stands.
      return state;
  }
}

export const findLocation = (registrant: Registrant, locationId: string): StorageLocation | undefined =>
  registrant.locations.find((l) => l.locationId === locationId);
