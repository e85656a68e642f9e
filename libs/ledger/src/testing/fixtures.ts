/**
 * Test data built from events, not rows: the registrant, its locations and its people are what
 * folding their recorded facts yields. Fixed ids, fixed clock; nothing here is random.
 */
import type {
  AdministerDose,
  CorrectRecord,
  DestroyStock,
  DispenseDose,
  LotCommand,
  ReceiveLot,
  RecordCountLines,
  ReportLoss,
  ReturnDose,
  TransferStock,
  WasteDose,
} from '../lot/lot.commands';
import type { Lot, LotState } from '../lot/lot.state';
import type {
  CorrectionRecorded,
  DoseAdministered,
  DoseDispensed,
  DoseReturned,
  DoseWasted,
  LossReported,
  LotReceived,
  Order,
  PhysicalCountRecorded,
  Product,
  StockDestroyed,
  StockTransferred,
  Supplier,
} from '../lot/lot.events';
import {
  registered,
  registrantDecider,
  type AddStorageLocation,
  type RecordInventory,
  type RegisterRegistrant,
} from '../registrant/registrant.decider';
import type {
  RegistrantEvent,
  RegistrantRegistered,
  StorageLocation,
  StorageLocationAdded,
} from '../registrant/registrant.events';
import type { Registrant } from '../registrant/registrant.state';
import type { SignedContext } from '../shared/custody-act';
import { fold } from '../shared/decider';
import type { Person, Role, Signer, WitnessCredential } from '../shared/people';
import { registeredUser, userDecider, type DeactivateUser, type RegisterUser } from '../user/user.decider';
import type { UserEvent, UserRegistered } from '../user/user.events';

// ---------------------------------------------------------------------------------------------
// Ids and clock
// ---------------------------------------------------------------------------------------------

export const REGISTRANT_ID = '5b0e7c1a-3d2f-4a6b-9c8d-1e2f3a4b5c01';
export const OTHER_REGISTRANT_ID = '5b0e7c1a-3d2f-4a6b-9c8d-1e2f3a4b5c02';
export const VAULT_ID = '8d4f2a10-6c3e-4b7a-a1d2-3e4f5a6b7c01';
export const CLINIC_ROOM_ID = '8d4f2a10-6c3e-4b7a-a1d2-3e4f5a6b7c02';
export const CABINET_ID = '8d4f2a10-6c3e-4b7a-a1d2-3e4f5a6b7c03';
export const OTHER_VAULT_ID = '8d4f2a10-6c3e-4b7a-a1d2-3e4f5a6b7c04';
export const UNKNOWN_LOCATION_ID = '8d4f2a10-6c3e-4b7a-a1d2-3e4f5a6b7cff';
export const LOT_ID = '2c9e6b3d-7a1f-4e8c-b5d4-6f7a8b9c0d01';
export const DISPENSATION_ID = '9a7b5c3d-1e2f-4a0b-8c6d-4e5f6a7b8c01';
export const SUPPLEMENTAL_DISPENSATION_ID = '9a7b5c3d-1e2f-4a0b-8c6d-4e5f6a7b8c02';
export const UNKNOWN_DISPENSATION_ID = '9a7b5c3d-1e2f-4a0b-8c6d-4e5f6a7b8cff';
export const COUNT_ID = '4e3d2c1b-0a9f-4e8d-9c7b-6a5f4e3d2c01';
export const CORRECTION_ID = '6f5e4d3c-2b1a-4c9d-8e7f-6a5b4c3d2e01';
/** The id the store gave the default dispense (`doseDispensed()`), as a correction names it. */
export const DISPENSE_EVENT_ID = '0190c0de-0000-7000-8000-000000000002';

/** Server time of every decision: 14:00 in New York on Monday 2 March 2026. */
export const NOW = '2026-03-02T19:00:00.000Z';
/** The default physical act: a quarter of an hour before `NOW`. */
export const OCCURRED_AT = '2026-03-02T18:45:00.000Z';

// ---------------------------------------------------------------------------------------------
// The registrant and its storage locations
// ---------------------------------------------------------------------------------------------

export const VAULT: StorageLocation = {
  locationId: VAULT_ID,
  name: 'Pharmacy vault',
  kind: 'VAULT',
  approvedSchedules: ['I'],
};
export const CLINIC_ROOM: StorageLocation = {
  locationId: CLINIC_ROOM_ID,
  name: 'Dosing room 2 lockbox',
  kind: 'CLINIC_ROOM',
  approvedSchedules: ['I'],
};
/** Registered, but approved for no schedule I stock. */
export const CABINET: StorageLocation = {
  locationId: CABINET_ID,
  name: 'Ward cabinet',
  kind: 'CABINET',
  approvedSchedules: [],
};
export const OTHER_VAULT: StorageLocation = {
  locationId: OTHER_VAULT_ID,
  name: 'Northside vault',
  kind: 'VAULT',
  approvedSchedules: ['I'],
};

export const registrantRegistered = (data: Partial<RegistrantRegistered['data']> = {}): RegistrantRegistered => ({
  type: 'RegistrantRegistered',
  data: {
    registrantId: REGISTRANT_ID,
    name: 'Riverside Psychiatric Research Unit',
    deaNumber: 'RS1234563',
    activity: 'RESEARCHER',
    schedules: ['I'],
    address: { street: '200 Harbor Street', city: 'Baltimore', state: 'MD', postalCode: '21202' },
    registrationExpiresOn: '2027-06-30',
    timeZone: 'America/New_York',
    ...data,
  },
});

export const storageLocationAdded = (location: StorageLocation): StorageLocationAdded => ({
  type: 'StorageLocationAdded',
  data: location,
});

/** The registrant's history: registered for schedule I, with a vault, a clinic room and a cabinet. */
export const registrantHistory = (data: Partial<RegistrantRegistered['data']> = {}): RegistrantEvent[] => [
  registrantRegistered(data),
  storageLocationAdded(VAULT),
  storageLocationAdded(CLINIC_ROOM),
  storageLocationAdded(CABINET),
];

/** The registrant as the server holds it when a lot command is decided. */
export const aRegistrant = (data: Partial<RegistrantRegistered['data']> = {}): Registrant =>
  registered(fold(registrantDecider, registrantHistory(data)));

export const REGISTRANT = aRegistrant();

export const OTHER_REGISTRANT: Registrant = registered(
  fold(registrantDecider, [
    registrantRegistered({
      registrantId: OTHER_REGISTRANT_ID,
      name: 'Northside Clinical Trials',
      deaNumber: 'RB1357929',
      address: { street: '9 Lake Road', city: 'Chicago', state: 'IL', postalCode: '60601' },
      timeZone: 'America/Chicago',
    }),
    storageLocationAdded(OTHER_VAULT),
  ]),
);

// ---------------------------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------------------------

/** A user as a test refers to them: the person, plus the username a witness would type. */
export type Member = Person & { username: string };

export const userRegistered = (data: UserRegistered['data']): UserRegistered => ({ type: 'UserRegistered', data });

const member = (events: UserEvent[]): Member => {
  const { userId, username, printedName, roles, registrantIds, active } = registeredUser(fold(userDecider, events));
  return { userId, username, printedName, roles, registrantIds, active };
};

const person = (userId: string, username: string, printedName: string, roles: Role[], registrantIds: string[]) =>
  userRegistered({ userId, username, printedName, roles, registrantIds });

const passwordSet = { type: 'PasswordSet', data: { passwordHash: '$argon2id$v=19$fixture' } } as const;

export const PHARMACIST = member([
  person('e1a2b3c4-0001-4a00-8000-000000000001', 'pat.okafor', 'Pat Okafor', ['PHARMACIST'], [REGISTRANT_ID]),
  passwordSet,
]);
export const INVESTIGATOR = member([
  person('e1a2b3c4-0002-4a00-8000-000000000002', 'ines.marsh', 'Dr. Ines Marsh', ['INVESTIGATOR'], [REGISTRANT_ID]),
  passwordSet,
]);
export const COMPLIANCE_OFFICER = member([
  person('e1a2b3c4-0003-4a00-8000-000000000003', 'carl.benton', 'Carl Benton', ['COMPLIANCE_OFFICER'], [REGISTRANT_ID]),
  passwordSet,
]);
export const REGULATOR = member([
  person('e1a2b3c4-0004-4a00-8000-000000000004', 'rita.vance', 'Rita Vance', ['REGULATOR'], [REGISTRANT_ID]),
  passwordSet,
]);
export const ADMIN = member([
  person('e1a2b3c4-0005-4a00-8000-000000000005', 'admin', 'Site Administrator', ['ADMIN'], []),
  passwordSet,
]);
/** A pharmacist of this registrant whose account has been deactivated. */
export const FORMER_PHARMACIST = member([
  person('e1a2b3c4-0006-4a00-8000-000000000006', 'dan.reyes', 'Dan Reyes', ['PHARMACIST'], [REGISTRANT_ID]),
  passwordSet,
  { type: 'UserDeactivated', data: { userId: 'e1a2b3c4-0006-4a00-8000-000000000006' } },
]);
/** An active pharmacist of the other registrant only. */
export const OUTSIDER = member([
  person('e1a2b3c4-0007-4a00-8000-000000000007', 'olga.north', 'Olga North', ['PHARMACIST'], [OTHER_REGISTRANT_ID]),
  passwordSet,
]);

const asPerson = ({ username: _username, ...p }: Member): Person => p;

/** The acting user; `passwordVerified: false` when they typed the wrong signature password. */
export const signer = (who: Member, passwordVerified = true): Signer => ({ ...asPerson(who), passwordVerified });

/** A second person who signed with their own, correct password. */
export const witness = (who: Member): WitnessCredential => ({
  username: who.username,
  person: asPerson(who),
  passwordVerified: true,
});
export const witnessWithWrongPassword = (who: Member): WitnessCredential => ({
  ...witness(who),
  passwordVerified: false,
});
/** A username that names nobody. */
export const unknownWitness = (username = 'no.such.user'): WitnessCredential => ({
  username,
  person: null,
  passwordVerified: false,
});

/** A signed act: by default the pharmacist, no witness, a quarter of an hour before `NOW`. */
export const signed = (overrides: Partial<SignedContext> = {}): SignedContext => ({
  now: NOW,
  occurredAt: OCCURRED_AT,
  actor: signer(PHARMACIST),
  witnesses: [],
  ...overrides,
});

// ---------------------------------------------------------------------------------------------
// Lot events
// ---------------------------------------------------------------------------------------------

export const MDMA_CAPSULES: Product = {
  substanceName: 'MDMA HCl',
  deaDrugCode: '7405',
  schedule: 'I',
  form: 'CAPSULE',
  strengthUg: 20_000,
  unitsPerContainer: 10,
};
export const SUPPLIER: Supplier = {
  name: 'Meridian Pharma Supply',
  deaNumber: 'PM7654329',
  address: '1 Depot Way, Newark, NJ 07102',
};
export const ORDER: Order = { form: 'DEA_222', number: '261000417' };

/** 100 capsules of MDMA HCl 20 mg, lot MDM-24A-017, received into the vault on a DEA Form 222. */
export const lotReceived = (data: Partial<LotReceived['data']> = {}): LotReceived => ({
  type: 'LotReceived',
  data: {
    lotId: LOT_ID,
    registrantId: REGISTRANT_ID,
    lotNumber: 'MDM-24A-017',
    expiresOn: '2026-06-30',
    product: MDMA_CAPSULES,
    quantity: 100,
    locationId: VAULT_ID,
    supplier: SUPPLIER,
    order: ORDER,
    invoiceDate: null,
    ...data,
  },
});

export const stockTransferred = (data: Partial<StockTransferred['data']> = {}): StockTransferred => ({
  type: 'StockTransferred',
  data: { fromLocationId: VAULT_ID, toLocationId: CLINIC_ROOM_ID, quantity: 10, reason: null, ...data },
});

/** Session 1 initial dose: 4 capsules (80 mg) from the vault. */
export const doseDispensed = (data: Partial<DoseDispensed['data']> = {}): DoseDispensed => ({
  type: 'DoseDispensed',
  data: {
    dispensationId: DISPENSATION_ID,
    locationId: VAULT_ID,
    quantity: 4,
    participantId: 'MAPP-0042',
    protocolId: 'MAPP2',
    session: 1,
    doseType: 'INITIAL',
    ...data,
  },
});

export const doseAdministered = (data: Partial<DoseAdministered['data']> = {}): DoseAdministered => ({
  type: 'DoseAdministered',
  data: { dispensationId: DISPENSATION_ID, quantity: 4, ...data },
});

export const doseReturned = (data: Partial<DoseReturned['data']> = {}): DoseReturned => ({
  type: 'DoseReturned',
  data: { dispensationId: DISPENSATION_ID, quantity: 2, toLocationId: VAULT_ID, integrity: 'SEALED', ...data },
});

export const doseWasted = (data: Partial<DoseWasted['data']> = {}): DoseWasted => ({
  type: 'DoseWasted',
  data: {
    dispensationId: DISPENSATION_ID,
    quantity: 1,
    reason: 'VOMITED',
    method: 'Sealed in biohazard bag, to incineration',
    ...data,
  },
});

export const stockDestroyed = (data: Partial<StockDestroyed['data']> = {}): StockDestroyed => ({
  type: 'StockDestroyed',
  data: { locationId: VAULT_ID, quantity: 5, method: 'Chemical digestion to a non-retrievable state', ...data },
});

export const lossReported = (data: Partial<LossReported['data']> = {}): LossReported => ({
  type: 'LossReported',
  data: {
    locationId: VAULT_ID,
    quantity: 2,
    kind: 'BREAKAGE_UNRECOVERABLE',
    discoveredAt: '2026-03-02T18:50:00.000Z',
    description: 'Bottle dropped; two capsules crushed into the drain.',
    ...data,
  },
});

export const physicalCountRecorded = (data: Partial<PhysicalCountRecorded['data']> = {}): PhysicalCountRecorded => ({
  type: 'PhysicalCountRecorded',
  data: {
    countId: COUNT_ID,
    kind: 'PERIODIC',
    businessTime: 'CLOSE',
    lines: [{ locationId: VAULT_ID, units: 100, bookUnits: 100 }],
    ...data,
  },
});

/** The default dispense was 3 capsules, not 4: the fourth never left the vault, so 1 goes back on its book. */
export const correctionRecorded = (data: Partial<CorrectionRecorded['data']> = {}): CorrectionRecorded => ({
  type: 'CorrectionRecorded',
  data: {
    correctionId: CORRECTION_ID,
    correctsEventId: DISPENSE_EVENT_ID,
    correctsType: 'DoseDispensed',
    reason: 'Dose prepared as 3 capsules, entered as 4; the fourth is still in the vault.',
    adjustments: [{ locationId: VAULT_ID, units: 1 }],
    ...data,
  },
});

/** The lot a state holds; fails the test when nothing was received. */
export function receivedLot(state: LotState): Lot {
  if (state.status !== 'received') throw new Error('Expected a received lot.');
  return state;
}

// ---------------------------------------------------------------------------------------------
// Lot commands: each signed by the person who usually performs the act, with the witness it needs
// ---------------------------------------------------------------------------------------------

export type CommandOptions = Partial<SignedContext> & { registrant?: Registrant };

const lotCommand = <Command extends LotCommand>(
  type: Command['type'],
  data: Command['data'],
  defaults: Partial<SignedContext>,
  { registrant = REGISTRANT, ...context }: CommandOptions,
): Command => ({ type, data, context: signed({ ...defaults, ...context }), registrant }) as Command;

export const receiveLot = (data: Partial<ReceiveLot['data']> = {}, options: CommandOptions = {}): ReceiveLot => {
  const { registrantId: _registrantId, ...received } = lotReceived().data;
  return lotCommand<ReceiveLot>('ReceiveLot', { ...received, ...data }, {}, options);
};

/** The pharmacist moves 10 capsules from the vault to the clinic room; the investigator takes custody. */
export const transferStock = (data: Partial<TransferStock['data']> = {}, options: CommandOptions = {}): TransferStock =>
  lotCommand<TransferStock>(
    'TransferStock',
    stockTransferred(data).data,
    { witnesses: [witness(INVESTIGATOR)] },
    options,
  );

export const dispenseDose = (data: Partial<DispenseDose['data']> = {}, options: CommandOptions = {}): DispenseDose =>
  lotCommand<DispenseDose>('DispenseDose', doseDispensed(data).data, {}, options);

export const administerDose = (
  data: Partial<AdministerDose['data']> = {},
  options: CommandOptions = {},
): AdministerDose =>
  lotCommand<AdministerDose>('AdministerDose', doseAdministered(data).data, { actor: signer(INVESTIGATOR) }, options);

export const returnDose = (data: Partial<ReturnDose['data']> = {}, options: CommandOptions = {}): ReturnDose =>
  lotCommand<ReturnDose>(
    'ReturnDose',
    doseReturned(data).data,
    { actor: signer(INVESTIGATOR), witnesses: [witness(PHARMACIST)] },
    options,
  );

export const wasteDose = (data: Partial<WasteDose['data']> = {}, options: CommandOptions = {}): WasteDose =>
  lotCommand<WasteDose>(
    'WasteDose',
    doseWasted(data).data,
    { actor: signer(INVESTIGATOR), witnesses: [witness(PHARMACIST)] },
    options,
  );

export const destroyStock = (data: Partial<DestroyStock['data']> = {}, options: CommandOptions = {}): DestroyStock =>
  lotCommand<DestroyStock>(
    'DestroyStock',
    stockDestroyed(data).data,
    { witnesses: [witness(COMPLIANCE_OFFICER)] },
    options,
  );

export const reportLoss = (data: Partial<ReportLoss['data']> = {}, options: CommandOptions = {}): ReportLoss =>
  lotCommand<ReportLoss>('ReportLoss', lossReported(data).data, { actor: signer(COMPLIANCE_OFFICER) }, options);

export const recordCountLines = (
  data: Partial<RecordCountLines['data']> = {},
  options: CommandOptions = {},
): RecordCountLines =>
  lotCommand<RecordCountLines>(
    'RecordCountLines',
    {
      countId: COUNT_ID,
      kind: 'PERIODIC',
      businessTime: 'CLOSE',
      lines: [{ locationId: VAULT_ID, units: 100 }],
      ...data,
    },
    { witnesses: [witness(COMPLIANCE_OFFICER)] },
    options,
  );

/** The compliance officer corrects the default dispense (`correctionRecorded()`); the pharmacist approves. */
export const correctRecord = (
  data: Partial<CorrectRecord['data']> = {},
  options: CommandOptions = {},
): CorrectRecord => {
  const { correctsEventId, correctsType, ...correction } = correctionRecorded().data;
  return lotCommand<CorrectRecord>(
    'CorrectRecord',
    { ...correction, target: { eventId: correctsEventId, type: correctsType }, ...data },
    { actor: signer(COMPLIANCE_OFFICER), witnesses: [witness(PHARMACIST)] },
    options,
  );
};

/**
 * One valid instance of every lot command, for rules that hold across all of them. All but the
 * receipt apply to a lot holding the initial dose's dispensation (`DISPENSATION_ID`), so the
 * dispense here is that session's supplemental dose.
 */
export const everyLotCommand = (options: CommandOptions = {}): LotCommand[] => [
  receiveLot({}, options),
  transferStock({}, options),
  dispenseDose({ dispensationId: SUPPLEMENTAL_DISPENSATION_ID, quantity: 2, doseType: 'SUPPLEMENTAL' }, options),
  administerDose({}, options),
  returnDose({}, options),
  wasteDose({}, options),
  destroyStock({}, options),
  reportLoss({}, options),
  recordCountLines({}, options),
  correctRecord({}, options),
];

// ---------------------------------------------------------------------------------------------
// Registrant and user commands
// ---------------------------------------------------------------------------------------------

export const registerRegistrant = (
  data: Partial<RegisterRegistrant['data']> = {},
  actor: Person = ADMIN,
): RegisterRegistrant => ({ type: 'RegisterRegistrant', data: registrantRegistered(data).data, actor });

export const addStorageLocation = (data: Partial<StorageLocation> = {}, actor: Person = ADMIN): AddStorageLocation => ({
  type: 'AddStorageLocation',
  data: {
    locationId: '8d4f2a10-6c3e-4b7a-a1d2-3e4f5a6b7c05',
    name: 'Research safe',
    kind: 'SAFE',
    approvedSchedules: ['I'],
    ...data,
  },
  actor,
});

/** A closing periodic inventory by the pharmacist, verified by the compliance officer. */
export const recordInventory = (
  data: Partial<RecordInventory['data']> = {},
  context: Partial<SignedContext> = {},
): RecordInventory => ({
  type: 'RecordInventory',
  data: {
    countId: COUNT_ID,
    kind: 'PERIODIC',
    businessTime: 'CLOSE',
    lines: [{ lotId: LOT_ID, locationId: VAULT_ID, units: 100 }],
    ...data,
  },
  context: signed({ witnesses: [witness(COMPLIANCE_OFFICER)], ...context }),
});

export const NEW_USER_ID = 'e1a2b3c4-0008-4a00-8000-000000000008';

export const registerUser = (
  data: Partial<RegisterUser['data']> = {},
  { actor = ADMIN as Person, knownRegistrantIds = [REGISTRANT_ID, OTHER_REGISTRANT_ID] } = {},
): RegisterUser => ({
  type: 'RegisterUser',
  data: {
    userId: NEW_USER_ID,
    username: 'noor.haddad',
    printedName: 'Noor Haddad',
    roles: ['PHARMACIST'],
    registrantIds: [REGISTRANT_ID],
    passwordHash: '$argon2id$v=19$new-user',
    ...data,
  },
  actor,
  knownRegistrantIds,
});

export const deactivateUser = (actor: Person = ADMIN): DeactivateUser => ({ type: 'DeactivateUser', actor });
