/**
 * Test data for the compliance specs, built from the ledger's own event types. (The ledger's
 * fixtures are not reachable from another library: a project is imported through its alias
 * only, and `@lib/ledger` does not export its testing folder.) Fixed ids, fixed times.
 */
import type {
  CorrectionAdjustment,
  CorrectionRecorded,
  DoseAdministered,
  DoseDispensed,
  DoseReturned,
  DoseWasted,
  LossReported,
  LotReceived,
  PhysicalCountRecorded,
  Product,
  Registrant,
  StockDestroyed,
  StockTransferred,
  StorageLocation,
} from '@lib/ledger';

export const REGISTRANT_ID = '5b0e7c1a-3d2f-4a6b-9c8d-1e2f3a4b5c01';
export const OTHER_REGISTRANT_ID = '5b0e7c1a-3d2f-4a6b-9c8d-1e2f3a4b5c02';
export const VAULT_ID = '8d4f2a10-6c3e-4b7a-a1d2-3e4f5a6b7c01';
export const CLINIC_ROOM_ID = '8d4f2a10-6c3e-4b7a-a1d2-3e4f5a6b7c02';
export const OTHER_VAULT_ID = '8d4f2a10-6c3e-4b7a-a1d2-3e4f5a6b7c04';
export const LOT_A = '2c9e6b3d-7a1f-4e8c-b5d4-6f7a8b9c0d01';
export const LOT_B = '2c9e6b3d-7a1f-4e8c-b5d4-6f7a8b9c0d02';
export const LOT_C = '2c9e6b3d-7a1f-4e8c-b5d4-6f7a8b9c0d03';
export const OTHER_LOT = '2c9e6b3d-7a1f-4e8c-b5d4-6f7a8b9c0d09';

export const VAULT: StorageLocation = {
  locationId: VAULT_ID,
  name: 'Pharmacy vault',
  kind: 'VAULT',
  approvedSchedules: ['I', 'II'],
};
export const CLINIC_ROOM: StorageLocation = {
  locationId: CLINIC_ROOM_ID,
  name: 'Dosing room 2 lockbox',
  kind: 'CLINIC_ROOM',
  approvedSchedules: ['I'],
};

/** A schedule I research registrant in New York time, with a vault and a dosing-room lockbox. */
export const REGISTRANT: Registrant = {
  registrantId: REGISTRANT_ID,
  name: 'Riverside Psychiatric Research Unit',
  deaNumber: 'RS1234563',
  activity: 'RESEARCHER',
  schedules: ['I'],
  address: { street: '200 Harbor Street', city: 'Baltimore', state: 'MD', postalCode: '21202' },
  registrationExpiresOn: '2027-06-30',
  timeZone: 'America/New_York',
  locations: [VAULT, CLINIC_ROOM],
};

export const OTHER_REGISTRANT: Registrant = {
  ...REGISTRANT,
  registrantId: OTHER_REGISTRANT_ID,
  name: 'Northside Clinical Trials',
  deaNumber: 'RB1357929',
  locations: [{ ...VAULT, locationId: OTHER_VAULT_ID, name: 'Northside vault' }],
};

/** People as the envelope records them: the acting user, in the role they acted under. */
export interface Person {
  userId: string;
  printedName: string;
  role: string;
}
export const PHARMACIST: Person = {
  userId: 'e1a2b3c4-0001-4a00-8000-000000000001',
  printedName: 'Pat Okafor',
  role: 'PHARMACIST',
};
export const INVESTIGATOR: Person = {
  userId: 'e1a2b3c4-0002-4a00-8000-000000000002',
  printedName: 'Dr. Ines Marsh',
  role: 'INVESTIGATOR',
};
export const COMPLIANCE_OFFICER: Person = {
  userId: 'e1a2b3c4-0003-4a00-8000-000000000003',
  printedName: 'Carl Benton',
  role: 'COMPLIANCE_OFFICER',
};

export const MDMA_CAPSULES: Product = {
  substanceName: 'MDMA HCl',
  deaDrugCode: '7405',
  schedule: 'I',
  form: 'CAPSULE',
  strengthUg: 20_000,
  unitsPerContainer: 10,
};

/** 100 capsules of MDMA HCl 20 mg, lot MDM-24A-017, into the vault on a DEA Form 222. */
export const lotReceived = (data: Partial<LotReceived['data']> = {}): LotReceived => ({
  type: 'LotReceived',
  data: {
    lotId: LOT_A,
    registrantId: REGISTRANT_ID,
    lotNumber: 'MDM-24A-017',
    expiresOn: '2026-06-30',
    product: MDMA_CAPSULES,
    quantity: 100,
    locationId: VAULT_ID,
    supplier: { name: 'Meridian Pharma Supply', deaNumber: 'PM7654329', address: '1 Depot Way, Newark, NJ 07102' },
    order: { form: 'DEA_222', number: '261000417' },
    invoiceDate: null,
    ...data,
  },
});

export const stockTransferred = (data: Partial<StockTransferred['data']> = {}): StockTransferred => ({
  type: 'StockTransferred',
  data: { fromLocationId: VAULT_ID, toLocationId: CLINIC_ROOM_ID, quantity: 10, reason: null, ...data },
});

export const doseDispensed = (dispensationId: string, data: Partial<DoseDispensed['data']> = {}): DoseDispensed => ({
  type: 'DoseDispensed',
  data: {
    dispensationId,
    locationId: VAULT_ID,
    quantity: 4,
    participantId: 'MAPP-0042',
    protocolId: 'MAPP2',
    session: 1,
    doseType: 'INITIAL',
    ...data,
  },
});

export const doseAdministered = (dispensationId: string, quantity: number): DoseAdministered => ({
  type: 'DoseAdministered',
  data: { dispensationId, quantity },
});

export const doseReturned = (
  dispensationId: string,
  quantity: number,
  toLocationId: string = VAULT_ID,
): DoseReturned => ({
  type: 'DoseReturned',
  data: { dispensationId, quantity, toLocationId, integrity: 'SEALED' },
});

export const doseWasted = (dispensationId: string, quantity: number): DoseWasted => ({
  type: 'DoseWasted',
  data: { dispensationId, quantity, reason: 'VOMITED', method: 'Sealed in biohazard bag, to incineration' },
});

export const stockDestroyed = (quantity: number, locationId: string = VAULT_ID): StockDestroyed => ({
  type: 'StockDestroyed',
  data: { locationId, quantity, method: 'Chemical digestion to a non-retrievable state' },
});

export const lossReported = (quantity: number, discoveredAt: string, locationId: string = VAULT_ID): LossReported => ({
  type: 'LossReported',
  data: { locationId, quantity, kind: 'BREAKAGE_UNRECOVERABLE', discoveredAt, description: 'Bottle dropped.' },
});

/** A closing periodic count of this lot: `[locationId, units counted, book units stored]` per line. */
export const countRecorded = (
  countId: string,
  lines: [locationId: string, units: number, bookUnits: number][],
): PhysicalCountRecorded => ({
  type: 'PhysicalCountRecorded',
  data: {
    countId,
    kind: 'PERIODIC',
    businessTime: 'CLOSE',
    lines: lines.map(([locationId, units, bookUnits]) => ({ locationId, units, bookUnits })),
  },
});

/** A correction of the recorded event `corrects`: the units it puts on (+) or takes off (−) each location. */
export const correctionRecorded = (
  corrects: { eventId: string; type: string },
  adjustments: CorrectionAdjustment[],
  reason = 'Entered wrong; corrected on review of the dosing record.',
): CorrectionRecorded => ({
  type: 'CorrectionRecorded',
  data: {
    correctionId: `0190c0de-c0c0-7000-8000-${corrects.eventId.slice(-12)}`,
    correctsEventId: corrects.eventId,
    correctsType: corrects.type,
    reason,
    adjustments,
  },
});
