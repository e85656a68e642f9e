import type { RecordedEvent } from '@lib/event-store';
import type { LotReceived, Registrant } from '@lib/ledger';
import { formatArcosRecord } from '../formats';
import { exportPeriod } from './export-period';
import { lotFigures } from './lot-pass';

const VAULT = '8d4f2a10-6c3e-4b7a-a1d2-3e4f5a6b7c01';
const REGISTRANT: Registrant = {
  registrantId: '1c2d3e4f-0000-4000-8000-000000000001',
  name: 'Riverside Psychiatric Research Unit',
  deaNumber: 'RS1234563',
  activity: 'RESEARCHER',
  schedules: ['I'],
  address: { street: '200 Harbor Street', city: 'Baltimore', state: 'MD', postalCode: '21202' },
  registrationExpiresOn: '2027-06-30',
  timeZone: 'America/New_York',
  locations: [{ locationId: VAULT, name: 'Vault A', kind: 'VAULT', approvedSchedules: ['I'] }],
};
const MARCH = exportPeriod('2026-03-01', '2026-04-01', REGISTRANT.timeZone);

/** A receipt of 100 MDMA 20 mg capsules on 2 March, on the order given. */
function receipt(order: LotReceived['data']['order']): RecordedEvent {
  const data: LotReceived['data'] = {
    lotId: '5e6f7a8b-0000-4000-8000-0000000000a1',
    registrantId: REGISTRANT.registrantId,
    lotNumber: 'MDM-24A-017',
    expiresOn: '2027-06-30',
    product: {
      substanceName: 'MDMA HCl',
      deaDrugCode: '7405',
      schedule: 'I',
      form: 'CAPSULE',
      strengthUg: 20_000,
      unitsPerContainer: 10,
    },
    quantity: 100,
    locationId: VAULT,
    supplier: { name: 'Meridian Pharma Supply', deaNumber: 'PM7654329', address: null },
    order,
    invoiceDate: null,
  };
  return {
    streamId: `lot-${data.lotId}`,
    revision: 0,
    position: 42n,
    eventId: '0190c0de-0000-7000-8000-000000000001',
    type: 'LotReceived',
    data,
    metadata: {
      occurredAt: '2026-03-02T15:00:00.000Z',
      recordedAt: '2026-03-02T15:05:00.000Z',
      registrantId: REGISTRANT.registrantId,
      actor: null,
      signatures: [],
      late: false,
    },
  };
}

describe('lotFigures: the ARCOS record of a receipt', () => {
  it('carries a DEA Form 222 number, the supplier and the quantity in milligrams', () => {
    const [{ record }] = lotFigures([receipt({ form: 'DEA_222', number: '261000417' })], REGISTRANT, MARCH).arcos;
    expect(record).toMatchObject({
      transactionCode: 'P',
      associateRegistrant: 'PM7654329',
      orderFormNumber: '261000417',
      quantity: 2000,
      unitCode: '2',
      transactionDate: '2026-03-02',
    });
    expect(formatArcosRecord(record)).toHaveLength(80);
  });

  it('leaves blank a CSOS order number longer than the record holds, rather than cutting it or failing the export', () => {
    const csos = receipt({ form: 'CSOS', number: 'CSOS-2026-000000123456' });
    const [{ record }] = lotFigures([csos], REGISTRANT, MARCH).arcos;
    expect(record.orderFormNumber).toBe('');
    expect(formatArcosRecord(record)).toHaveLength(80);
  });
});
