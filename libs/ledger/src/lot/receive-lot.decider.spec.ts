import { spec } from '../testing/decider-spec';
import {
  aRegistrant,
  CABINET_ID,
  CLINIC_ROOM_ID,
  lotReceived,
  MDMA_CAPSULES,
  OTHER_REGISTRANT,
  OTHER_REGISTRANT_ID,
  OTHER_VAULT_ID,
  OUTSIDER,
  receiveLot,
  receivedLot,
  signer,
  SUPPLIER,
  UNKNOWN_LOCATION_ID,
  VAULT_ID,
} from '../testing/fixtures';
import { lotDecider } from './lot.decider';
import { toLotView } from './lot.view';

const lot = spec(lotDecider);

describe('when no lot has been received under this id', () => {
  it('records 100 capsules of MDMA HCl 20 mg received into the vault on a DEA Form 222', () => {
    const state = lot.given().when(receiveLot()).then([lotReceived()]);
    expect(toLotView(receivedLot(state), 0)).toMatchObject({
      onHand: [{ locationId: VAULT_ID, units: 100 }],
      totalOnHand: 100,
      totals: {
        received: 100,
        dispensed: 0,
        administered: 0,
        returned: 0,
        wasted: 0,
        destroyed: 0,
        lost: 0,
        corrected: 0,
      },
    });
  });

  it('stamps the lot with the registrant it is received for', () => {
    lot
      .given()
      .when(receiveLot({ locationId: OTHER_VAULT_ID }, { registrant: OTHER_REGISTRANT, actor: signer(OUTSIDER) }))
      .then([lotReceived({ registrantId: OTHER_REGISTRANT_ID, locationId: OTHER_VAULT_ID })]);
  });

  it('scenario 12: keeps the invoice date apart from the physical receipt, which is the command’s occurredAt 3 days later', () => {
    const command = receiveLot({ invoiceDate: '2026-02-27' }, { occurredAt: '2026-03-02T15:10:00.000Z' });
    // The event holds the invoice date as data; the physical receipt travels as the act's occurredAt (envelope).
    const state = lot
      .given()
      .when(command)
      .then([lotReceived({ invoiceDate: '2026-02-27' })]);
    expect([toLotView(receivedLot(state), 0).invoiceDate, command.context.occurredAt]).toEqual([
      '2026-02-27',
      '2026-03-02T15:10:00.000Z',
    ]);
  });

  it('refuses an invoice date that is not a calendar date (VALIDATION_FAILED)', () => {
    lot
      .given()
      .when(receiveLot({ invoiceDate: '27/02/2026' }))
      .thenThrows('VALIDATION_FAILED', 'invoiceDate');
  });

  it('scenario 8: refuses a schedule I receipt without its DEA Form 222 or CSOS order (ORDER_REQUIRED)', () => {
    lot
      .given()
      .when(receiveLot({ order: null }))
      .thenThrows('ORDER_REQUIRED', 'schedule I');
  });

  it('scenario 8: treats an order with a blank number as no order (ORDER_REQUIRED)', () => {
    lot
      .given()
      .when(receiveLot({ order: { form: 'DEA_222', number: '  ' } }))
      .thenThrows('ORDER_REQUIRED');
  });

  it('accepts a CSOS electronic order as well as a Form 222', () => {
    const order = { form: 'CSOS', number: '26X000123' } as const;
    lot
      .given()
      .when(receiveLot({ order }))
      .then([lotReceived({ order })]);
  });

  it('scenario 13: refuses a supplier whose DEA number fails the check digit (VALIDATION_FAILED)', () => {
    const error = lot
      .given()
      .when(receiveLot({ supplier: { ...SUPPLIER, deaNumber: 'PM7654321' } }))
      .thenThrows('VALIDATION_FAILED');
    expect(error.errors).toEqual([
      { field: 'supplier.deaNumber', message: 'The supplier DEA number fails the DEA check digit.' },
    ]);
  });

  it('refuses a product of a schedule the registrant is not registered for (SCHEDULE_NOT_REGISTERED)', () => {
    lot
      .given()
      .when(
        receiveLot({
          product: { ...MDMA_CAPSULES, substanceName: 'Methylphenidate', deaDrugCode: '1724', schedule: 'II' },
        }),
      )
      .thenThrows('SCHEDULE_NOT_REGISTERED', 'schedule II');
  });

  it('refuses to receive into the cabinet, which is not approved for schedule I (LOCATION_NOT_APPROVED)', () => {
    lot
      .given()
      .when(receiveLot({ locationId: CABINET_ID }))
      .thenThrows('LOCATION_NOT_APPROVED', 'Ward cabinet');
  });

  it('receives into the clinic room, which is approved for schedule I', () => {
    lot
      .given()
      .when(receiveLot({ locationId: CLINIC_ROOM_ID }))
      .then([lotReceived({ locationId: CLINIC_ROOM_ID })]);
  });

  it('answers NOT_FOUND for another registrant’s vault or an unknown location', () => {
    lot
      .given()
      .when(receiveLot({ locationId: OTHER_VAULT_ID }))
      .thenThrows('NOT_FOUND', 'Location not found.');
    lot
      .given()
      .when(receiveLot({ locationId: UNKNOWN_LOCATION_ID }))
      .thenThrows('NOT_FOUND', 'Location not found.');
  });

  it('refuses a receipt dated after the registration expired (REGISTRATION_EXPIRED)', () => {
    lot
      .given()
      .when(receiveLot({}, { registrant: aRegistrant({ registrationExpiresOn: '2026-02-28' }) }))
      .thenThrows('REGISTRATION_EXPIRED');
  });

  it.each([0, -5, 99.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN])(
    'refuses a quantity of %p: only whole dosage units above 0 (VALIDATION_FAILED)',
    (quantity) => {
      const error = lot.given().when(receiveLot({ quantity })).thenThrows('VALIDATION_FAILED');
      expect(error.errors?.map((e) => e.field)).toEqual(['quantity']);
    },
  );

  it.each([0, 20_000.5, -20_000])('refuses a strength of %p µg (VALIDATION_FAILED)', (strengthUg) => {
    lot
      .given()
      .when(receiveLot({ product: { ...MDMA_CAPSULES, strengthUg } }))
      .thenThrows('VALIDATION_FAILED', 'strengthMg');
  });

  it('refuses an expiry that is not a calendar date (VALIDATION_FAILED)', () => {
    lot
      .given()
      .when(receiveLot({ expiresOn: '2026-06-31' }))
      .thenThrows('VALIDATION_FAILED', 'expiresOn');
  });
});

describe('when the lot has already been received', () => {
  it('refuses to receive it a second time (DUPLICATE)', () => {
    lot
      .given(lotReceived())
      .when(receiveLot({ quantity: 50 }))
      .thenThrows('DUPLICATE');
  });
});
