import { isCalendarDate, isTimeZone } from '../shared/calendar';
import { assertCustodyAct, type SignedContext } from '../shared/custody-act';
import { isValidDeaNumber } from '../shared/dea-number';
import type { Decider } from '../shared/decider';
import { invalid, LedgerError } from '../shared/ledger-error';
import { actingRole, type Person } from '../shared/people';
import { SCHEDULES } from '../shared/schedules';
import {
  BUSINESS_TIMES,
  COUNT_KINDS,
  type InventoryTaken,
  type RegistrantEvent,
  type RegistrantRegistered,
  type StorageLocation,
} from './registrant.events';
import {
  evolveRegistrant,
  findLocation,
  initialRegistrantState,
  type Registrant,
  type RegistrantState,
} from './registrant.state';

export type RegisterRegistrant = { type: 'RegisterRegistrant'; data: RegistrantRegistered['data']; actor: Person };
export type AddStorageLocation = { type: 'AddStorageLocation'; data: StorageLocation; actor: Person };
export type RecordInventory = {
  type: 'RecordInventory';
  data: Omit<InventoryTaken['data'], 'zeroInventory'>;
  context: SignedContext;
};
export type RegistrantCommand = RegisterRegistrant | AddStorageLocation | RecordInventory;

/** Roles that may take a physical inventory. */
export const INVENTORY_ROLES = ['PHARMACIST', 'COMPLIANCE_OFFICER'] as const;

export function registered(state: RegistrantState): Registrant {
  if (state.status !== 'registered') throw new LedgerError('NOT_FOUND', 'Registrant not found.');
  return state;
}

function register(command: RegisterRegistrant, state: RegistrantState): RegistrantEvent[] {
  actingRole(command.actor, ['ADMIN']);
  const data = command.data;
  if (!isValidDeaNumber(data.deaNumber)) throw invalid('deaNumber', 'deaNumber fails the DEA check digit.');
  if (data.schedules.length === 0 || new Set(data.schedules).size !== data.schedules.length) {
    throw invalid('schedules', 'schedules must list each schedule once.');
  }
  if (!data.schedules.every((s) => SCHEDULES.includes(s))) throw invalid('schedules', 'Unknown schedule.');
  if (!isCalendarDate(data.registrationExpiresOn)) {
    throw invalid('registrationExpiresOn', 'registrationExpiresOn must be a date (YYYY-MM-DD).');
  }
  if (!isTimeZone(data.timeZone)) throw invalid('timeZone', 'timeZone must be an IANA time zone.');
  if (state.status !== 'unregistered') {
    throw new LedgerError('DUPLICATE', `DEA number ${data.deaNumber} is already registered.`);
  }
  return [{ type: 'RegistrantRegistered', data }];
}

function addLocation(command: AddStorageLocation, state: RegistrantState): RegistrantEvent[] {
  actingRole(command.actor, ['ADMIN']);
  const registrant = registered(state);
  const location = command.data;
  if (registrant.locations.some((l) => l.name === location.name)) {
    throw new LedgerError('DUPLICATE', `A location named "${location.name}" already exists.`);
  }
  const unregistered = location.approvedSchedules.filter((s) => !registrant.schedules.includes(s));
  if (unregistered.length > 0) {
    throw new LedgerError(
      'SCHEDULE_NOT_REGISTERED',
      `The registrant is not registered for schedule ${unregistered.join(', ')}.`,
    );
  }
  return [{ type: 'StorageLocationAdded', data: location }];
}

function recordInventory(command: RecordInventory, state: RegistrantState): RegistrantEvent[] {
  const registrant = registered(state);
  assertCustodyAct(command.context, { roles: INVENTORY_ROLES, witnesses: 1 }, registrant);
  const { countId, kind, businessTime, lines } = command.data;
  if (!COUNT_KINDS.includes(kind)) throw invalid('kind', 'Unknown inventory kind.');
  if (!BUSINESS_TIMES.includes(businessTime)) {
    throw invalid('businessTime', 'An inventory must say whether it was taken at OPENING or CLOSE of business.');
  }
  if (lines.length === 0 && kind !== 'INITIAL') {
    throw invalid('lines', 'Only an INITIAL inventory may be a zero inventory with no lines.');
  }
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    if (!Number.isSafeInteger(line.units) || line.units < 0) {
      throw invalid(`lines[${i}].units`, 'units must be an exact count: a whole number of dosage units, 0 or more.');
    }
    if (!findLocation(registrant, line.locationId)) throw new LedgerError('NOT_FOUND', 'Location not found.');
    const key = `${line.lotId}|${line.locationId}`;
    if (seen.has(key)) throw invalid(`lines[${i}]`, 'A lot and location may appear once per inventory.');
    seen.add(key);
  });
  return [{ type: 'InventoryTaken', data: { countId, kind, businessTime, lines, zeroInventory: lines.length === 0 } }];
}

export function decideRegistrant(command: RegistrantCommand, state: RegistrantState): RegistrantEvent[] {
  switch (command.type) {
    case 'RegisterRegistrant':
      return register(command, state);
    case 'AddStorageLocation':
      return addLocation(command, state);
    case 'RecordInventory':
      return recordInventory(command, state);
  }
}

export const registrantDecider: Decider<RegistrantCommand, RegistrantEvent, RegistrantState> = {
  initialState: initialRegistrantState,
  evolve: evolveRegistrant,
  decide: decideRegistrant,
};
