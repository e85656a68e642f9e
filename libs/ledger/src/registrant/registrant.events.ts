import type { DomainEvent } from '../shared/decider';
import type { Schedule } from '../shared/schedules';

export const REGISTRANT_ACTIVITIES = ['RESEARCHER', 'HOSPITAL_PHARMACY', 'RETAIL_PHARMACY', 'DISTRIBUTOR'] as const;
export type RegistrantActivity = (typeof REGISTRANT_ACTIVITIES)[number];

/** QUARANTINE and DISPOSAL hold stock set apart: expired, damaged or awaiting destruction. */
export const LOCATION_KINDS = ['VAULT', 'SAFE', 'CABINET', 'CLINIC_ROOM', 'QUARANTINE', 'DISPOSAL'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

export const COUNT_KINDS = ['INITIAL', 'BIENNIAL', 'PERIODIC', 'AD_HOC', 'CLOSE_OUT'] as const;
export type CountKind = (typeof COUNT_KINDS)[number];

export const BUSINESS_TIMES = ['OPENING', 'CLOSE'] as const;
export type BusinessTime = (typeof BUSINESS_TIMES)[number];

export interface Address {
  street: string;
  city: string;
  state: string;
  postalCode: string;
}

export interface StorageLocation {
  locationId: string;
  name: string;
  kind: LocationKind;
  approvedSchedules: Schedule[];
}

export type RegistrantRegistered = DomainEvent<
  'RegistrantRegistered',
  {
    registrantId: string;
    name: string;
    deaNumber: string;
    activity: RegistrantActivity;
    schedules: Schedule[];
    address: Address;
    registrationExpiresOn: string;
    timeZone: string;
  }
>;

export type StorageLocationAdded = DomainEvent<'StorageLocationAdded', StorageLocation>;

/** A physical inventory (21 CFR 1304.11) as a whole; each lot's lines are also on the lot. */
export type InventoryTaken = DomainEvent<
  'InventoryTaken',
  {
    countId: string;
    kind: CountKind;
    businessTime: BusinessTime;
    lines: { lotId: string; locationId: string; units: number }[];
    zeroInventory: boolean;
  }
>;

export type RegistrantEvent = RegistrantRegistered | StorageLocationAdded | InventoryTaken;
