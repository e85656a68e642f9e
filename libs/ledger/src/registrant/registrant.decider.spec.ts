import { fold } from '../shared/decider';
import type { Schedule } from '../shared/schedules';
import { spec } from '../testing/decider-spec';
import {
  addStorageLocation,
  ADMIN,
  CABINET_ID,
  COMPLIANCE_OFFICER,
  COUNT_ID,
  INVESTIGATOR,
  LOT_ID,
  OTHER_VAULT_ID,
  OUTSIDER,
  PHARMACIST,
  recordInventory,
  registerRegistrant,
  registrantHistory,
  registrantRegistered,
  REGULATOR,
  signer,
  storageLocationAdded,
  UNKNOWN_LOCATION_ID,
  VAULT,
  VAULT_ID,
  witness,
} from '../testing/fixtures';
import { registrantDecider, registered } from './registrant.decider';
import type { BusinessTime, CountKind, InventoryTaken, RegistrantEvent } from './registrant.events';
import { evolveRegistrant, initialRegistrantState } from './registrant.state';

const registrant = spec(registrantDecider);

const inventoryTaken = (data: Partial<InventoryTaken['data']> = {}): InventoryTaken => ({
  type: 'InventoryTaken',
  data: {
    countId: COUNT_ID,
    kind: 'PERIODIC',
    businessTime: 'CLOSE',
    lines: [{ lotId: LOT_ID, locationId: VAULT_ID, units: 100 }],
    zeroInventory: false,
    ...data,
  },
});

describe('when nothing is registered under this id', () => {
  it('registers the researcher for schedule I, in its own time zone', () => {
    registrant.given().when(registerRegistrant()).then([registrantRegistered()]);
  });

  it('records a registration that has already lapsed (later acts are refused, not the record)', () => {
    registrant
      .given()
      .when(registerRegistrant({ registrationExpiresOn: '2025-12-31' }))
      .then([registrantRegistered({ registrationExpiresOn: '2025-12-31' })]);
  });

  it.each(['RS1234564', 'RS123456', 'R11234563', 'rs1234563', 'RS1234563 '])(
    'refuses the DEA number %p, which fails the format or the check digit (VALIDATION_FAILED)',
    (deaNumber) => {
      const error = registrant.given().when(registerRegistrant({ deaNumber })).thenThrows('VALIDATION_FAILED');
      expect(error.errors?.map((e) => e.field)).toEqual(['deaNumber']);
    },
  );

  it.each<[string, Schedule[]]>([
    ['no schedule', []],
    ['a schedule twice', ['I', 'I']],
    ['an unknown schedule', ['I', 'VI' as Schedule]],
  ])('refuses %s (VALIDATION_FAILED)', (_why, schedules) => {
    registrant.given().when(registerRegistrant({ schedules })).thenThrows('VALIDATION_FAILED', 'chedule');
  });

  it('refuses an expiry that is not a calendar date (VALIDATION_FAILED)', () => {
    registrant
      .given()
      .when(registerRegistrant({ registrationExpiresOn: '2027-02-30' }))
      .thenThrows('VALIDATION_FAILED', 'registrationExpiresOn');
  });

  it('refuses a time zone that is not an IANA zone (VALIDATION_FAILED)', () => {
    registrant
      .given()
      .when(registerRegistrant({ timeZone: 'Eastern' }))
      .thenThrows('VALIDATION_FAILED', 'timeZone');
  });

  it.each([
    ['a pharmacist', PHARMACIST],
    ['a compliance officer', COMPLIANCE_OFFICER],
    ['a regulator', REGULATOR],
  ])('refuses registration by anyone but ADMIN: %s (FORBIDDEN)', (_who, actor) => {
    registrant.given().when(registerRegistrant({}, actor)).thenThrows('FORBIDDEN');
  });

  it('answers NOT_FOUND to a location or an inventory for a registrant that does not exist', () => {
    registrant.given().when(addStorageLocation()).thenThrows('NOT_FOUND', 'Registrant not found.');
    registrant.given().when(recordInventory()).thenThrows('NOT_FOUND', 'Registrant not found.');
  });
});

describe('when the registrant holds schedule I with a vault, a clinic room and a cabinet', () => {
  const history = registrantHistory();

  it('refuses to register it again (DUPLICATE)', () => {
    registrant.given(history).when(registerRegistrant()).thenThrows('DUPLICATE', 'RS1234563');
  });

  it('adds a safe approved for schedule I', () => {
    const safe = addStorageLocation();
    const state = registrant
      .given(history)
      .when(safe)
      .then([storageLocationAdded(safe.data)]);
    expect(registered(state).locations.map((l) => l.name)).toEqual([
      'Pharmacy vault',
      'Dosing room 2 lockbox',
      'Ward cabinet',
      'Research safe',
    ]);
  });

  it('adds a location approved for no schedule', () => {
    const shelf = addStorageLocation({ name: 'Records shelf', kind: 'CABINET', approvedSchedules: [] });
    registrant
      .given(history)
      .when(shelf)
      .then([storageLocationAdded(shelf.data)]);
  });

  it('refuses a second location with the same name (DUPLICATE)', () => {
    registrant
      .given(history)
      .when(addStorageLocation({ name: VAULT.name }))
      .thenThrows('DUPLICATE', 'Pharmacy vault');
  });

  it('refuses to approve a location for a schedule the registrant does not hold (SCHEDULE_NOT_REGISTERED)', () => {
    registrant
      .given(history)
      .when(addStorageLocation({ approvedSchedules: ['I', 'II'] }))
      .thenThrows('SCHEDULE_NOT_REGISTERED', 'schedule II');
  });

  it('refuses a location added by a pharmacist (FORBIDDEN)', () => {
    registrant.given(history).when(addStorageLocation({}, PHARMACIST)).thenThrows('FORBIDDEN');
  });
});

describe('when the registrant takes a physical inventory', () => {
  const history = registrantHistory();

  it('records a closing count of 100 capsules in the vault, witnessed', () => {
    registrant.given(history).when(recordInventory()).then([inventoryTaken()]);
  });

  it('scenario 31: accepts an INITIAL inventory with no lines as a zero inventory on day one', () => {
    registrant
      .given(history)
      .when(recordInventory({ kind: 'INITIAL', businessTime: 'OPENING', lines: [] }))
      .then([inventoryTaken({ kind: 'INITIAL', businessTime: 'OPENING', lines: [], zeroInventory: true })]);
  });

  it.each<CountKind>(['BIENNIAL', 'PERIODIC', 'AD_HOC', 'CLOSE_OUT'])(
    'refuses an inventory of kind %s with no lines (VALIDATION_FAILED)',
    (kind) => {
      registrant
        .given(history)
        .when(recordInventory({ kind, lines: [] }))
        .thenThrows('VALIDATION_FAILED', 'INITIAL');
    },
  );

  it('scenario 32: refuses an inventory that does not say OPENING or CLOSE of business (VALIDATION_FAILED)', () => {
    const error = registrant
      .given(history)
      .when(recordInventory({ businessTime: undefined as unknown as BusinessTime }))
      .thenThrows('VALIDATION_FAILED', 'OPENING or CLOSE');
    expect(error.errors?.map((e) => e.field)).toEqual(['businessTime']);
  });

  it('refuses an unknown kind of inventory (VALIDATION_FAILED)', () => {
    registrant
      .given(history)
      .when(recordInventory({ kind: 'STATE_ANNUAL' as CountKind }))
      .thenThrows('VALIDATION_FAILED', 'kind');
  });

  it('scenario 6: refuses an estimated count ("approx. 7") for an opened schedule I bottle (VALIDATION_FAILED)', () => {
    const lines = [{ lotId: LOT_ID, locationId: VAULT_ID, units: 'approx. 7' as unknown as number }];
    registrant.given(history).when(recordInventory({ lines })).thenThrows('VALIDATION_FAILED', 'exact count');
  });

  it('scenario 7: refuses 6.5 capsules (VALIDATION_FAILED)', () => {
    const error = registrant
      .given(history)
      .when(recordInventory({ lines: [{ lotId: LOT_ID, locationId: VAULT_ID, units: 6.5 }] }))
      .thenThrows('VALIDATION_FAILED', 'exact count');
    expect(error.errors?.map((e) => e.field)).toEqual(['lines[0].units']);
  });

  it('refuses a negative count (VALIDATION_FAILED)', () => {
    registrant
      .given(history)
      .when(recordInventory({ lines: [{ lotId: LOT_ID, locationId: VAULT_ID, units: -1 }] }))
      .thenThrows('VALIDATION_FAILED');
  });

  it('accepts a line counted as zero units', () => {
    const lines = [{ lotId: LOT_ID, locationId: CABINET_ID, units: 0 }];
    registrant
      .given(history)
      .when(recordInventory({ lines }))
      .then([inventoryTaken({ lines })]);
  });

  it('refuses the same lot and location twice (VALIDATION_FAILED)', () => {
    const line = { lotId: LOT_ID, locationId: VAULT_ID, units: 50 };
    registrant
      .given(history)
      .when(recordInventory({ lines: [line, line] }))
      .thenThrows('VALIDATION_FAILED', 'once');
  });

  it('answers NOT_FOUND for a line at another registrant’s vault or an unknown location', () => {
    registrant
      .given(history)
      .when(recordInventory({ lines: [{ lotId: LOT_ID, locationId: OTHER_VAULT_ID, units: 1 }] }))
      .thenThrows('NOT_FOUND');
    registrant
      .given(history)
      .when(recordInventory({ lines: [{ lotId: LOT_ID, locationId: UNKNOWN_LOCATION_ID, units: 1 }] }))
      .thenThrows('NOT_FOUND');
  });

  it('lets the compliance officer count, witnessed by the pharmacist', () => {
    const state = registrant
      .given(history)
      .when(recordInventory({}, { actor: signer(COMPLIANCE_OFFICER), witnesses: [witness(PHARMACIST)] }))
      .then([inventoryTaken()]);
    expect(state).toEqual(fold(registrantDecider, history));
  });

  it.each([
    ['an investigator', INVESTIGATOR],
    ['the regulator', REGULATOR],
    ['the administrator', ADMIN],
  ])('refuses an inventory taken by %s (FORBIDDEN)', (_who, actor) => {
    registrant
      .given(history)
      .when(recordInventory({}, { actor: signer(actor) }))
      .thenThrows('FORBIDDEN');
  });

  it('refuses an inventory signed with a wrong password (SIGNATURE_INVALID)', () => {
    registrant
      .given(history)
      .when(recordInventory({}, { actor: signer(PHARMACIST, false) }))
      .thenThrows('SIGNATURE_INVALID');
  });

  it('refuses an inventory without a witness, or witnessed by the counter (WITNESS_INVALID)', () => {
    registrant
      .given(history)
      .when(recordInventory({}, { witnesses: [] }))
      .thenThrows('WITNESS_INVALID');
    registrant
      .given(history)
      .when(recordInventory({}, { witnesses: [witness(PHARMACIST)] }))
      .thenThrows('WITNESS_INVALID');
  });

  it('answers NOT_FOUND to a counter who is not a member of this registrant', () => {
    registrant
      .given(history)
      .when(recordInventory({}, { actor: signer(OUTSIDER) }))
      .thenThrows('NOT_FOUND');
  });

  it('refuses an inventory dated in the future (OCCURRED_IN_FUTURE)', () => {
    registrant
      .given(history)
      .when(recordInventory({}, { occurredAt: '2026-03-02T20:00:00.000Z' }))
      .thenThrows('OCCURRED_IN_FUTURE');
  });

  it('refuses an inventory dated after the registration lapsed (REGISTRATION_EXPIRED)', () => {
    registrant
      .given(registrantHistory({ registrationExpiresOn: '2026-03-01' }))
      .when(recordInventory())
      .thenThrows('REGISTRATION_EXPIRED');
  });
});

describe('when the recorded history holds odd facts (evolve never throws)', () => {
  it('ignores a location added before any registration', () => {
    expect(fold(registrantDecider, [storageLocationAdded(VAULT)])).toEqual(initialRegistrantState());
  });

  it('leaves the state as it is for an event type this version does not know', () => {
    const before = fold(registrantDecider, registrantHistory());
    const future = {
      type: 'RegistrationRenewed',
      data: { registrationExpiresOn: '2029-06-30' },
    } as unknown as RegistrantEvent;
    expect(evolveRegistrant(before, future)).toEqual(before);
    expect(
      fold(registrantDecider, [
        ...registrantHistory(),
        future,
        storageLocationAdded({ ...VAULT, locationId: 'x', name: 'Safe 2' }),
      ]),
    ).toMatchObject({
      registrationExpiresOn: '2027-06-30',
      locations: [
        { name: 'Pharmacy vault' },
        { name: 'Dosing room 2 lockbox' },
        { name: 'Ward cabinet' },
        { name: 'Safe 2' },
      ],
    });
  });
});
