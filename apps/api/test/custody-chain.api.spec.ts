import { TestLedger } from '../../../test/support/test-ledger';
import {
  dispensation,
  minutesAgo,
  receipt,
  setUpSite,
  signed,
  witnessedBy,
  type Site,
} from '../../../test/support/site';

/** The README walkthrough, end to end: every figure of the lot view must add up. */
describe('a custody chain from receipt to count', () => {
  let ledger: TestLedger;
  let site: Site;

  beforeAll(async () => {
    ledger = await TestLedger.start();
    site = await setUpSite(ledger);
  });
  afterAll(() => ledger.close());

  it('records receipt, transfer, dispensing, administration, return, destruction and a count', async () => {
    const lots = `/registrants/${site.id}/lots`;
    const received = await ledger.post(lots, site.pharmacist, receipt(site));
    expect(received.status).toBe(201);
    expect(received.headers.etag).toBe('"0"');
    const lotId = received.body.lot.lotId;
    expect(received.body).toMatchObject({ revision: 0, lot: { totalOnHand: 100, totals: { received: 100 } } });

    const transfer = await ledger.post(`${lots}/${lotId}/transfers`, site.pharmacist, {
      fromLocationId: site.vault,
      toLocationId: site.clinic,
      quantity: 30,
      occurredAt: minutesAgo(25),
      ...signed,
      ...witnessedBy('ivy.investigator'),
    });
    expect(transfer.status).toBe(201);
    expect(transfer.body.lot.onHand).toEqual([
      { locationId: site.vault, units: 70 },
      { locationId: site.clinic, units: 30 },
    ]);

    const initial = await ledger.post(
      `${lots}/${lotId}/dispensations`,
      site.pharmacist,
      dispensation(site, { locationId: site.clinic }),
    );
    const supplemental = await ledger.post(
      `${lots}/${lotId}/dispensations`,
      site.pharmacist,
      dispensation(site, { locationId: site.clinic, quantity: 2, doseType: 'SUPPLEMENTAL' }),
    );
    expect([initial.status, supplemental.status]).toEqual([201, 201]);
    expect(initial.body.dispensationId).toEqual(expect.any(String));

    const administered = await ledger.post(
      `${lots}/${lotId}/dispensations/${initial.body.dispensationId}/administrations`,
      site.investigator,
      { quantity: 4, occurredAt: minutesAgo(8), ...signed },
    );
    expect(administered.status).toBe(201);

    const returned = await ledger.post(
      `${lots}/${lotId}/dispensations/${supplemental.body.dispensationId}/returns`,
      site.investigator,
      {
        quantity: 2,
        toLocationId: site.vault,
        integrity: 'SEALED',
        occurredAt: minutesAgo(6),
        ...signed,
        ...witnessedBy('pat.pharmacist'),
      },
    );
    expect(returned.status).toBe(201);

    const destroyed = await ledger.post(`${lots}/${lotId}/destructions`, site.pharmacist, {
      locationId: site.vault,
      quantity: 5,
      method: 'Chemical digestion, non-retrievable',
      occurredAt: minutesAgo(4),
      ...signed,
      ...witnessedBy('cora.compliance'),
    });
    expect(destroyed.status).toBe(201);

    const count = await ledger.post(`/registrants/${site.id}/counts`, site.compliance, {
      kind: 'PERIODIC',
      businessTime: 'CLOSE',
      occurredAt: minutesAgo(2),
      lines: [
        { lotId, locationId: site.vault, units: 67 },
        { lotId, locationId: site.clinic, units: 24 },
      ],
      ...signed,
      ...witnessedBy('pat.pharmacist'),
    });
    expect(count.status).toBe(201);
    expect(count.body.lines).toEqual([
      { lotId, locationId: site.vault, revision: 7 },
      { lotId, locationId: site.clinic, revision: 7 },
    ]);
    expect(JSON.stringify(count.body)).not.toContain('bookUnits');

    const view = await ledger.get(`${lots}/${lotId}`, site.compliance);
    expect(view.status).toBe(200);
    expect(view.headers.etag).toBe('"7"');
    const { totals, totalOnHand, onHand, openDispensations } = view.body;
    expect(totals).toEqual({
      received: 100,
      dispensed: 6,
      administered: 4,
      returned: 2,
      wasted: 0,
      destroyed: 5,
      lost: 0,
      corrected: 0,
    });
    expect(onHand).toEqual([
      { locationId: site.vault, units: 67 },
      { locationId: site.clinic, units: 24 },
    ]);
    expect(totalOnHand).toBe(91);
    expect(totals.received - totals.destroyed - totals.lost - (totals.dispensed - totals.returned)).toBe(totalOnHand);
    expect(openDispensations).toEqual([]);

    const events = await ledger.get(`${lots}/${lotId}/events`, site.regulator);
    expect(events.body.map((e: { type: string }) => e.type)).toEqual([
      'LotReceived',
      'StockTransferred',
      'DoseDispensed',
      'DoseDispensed',
      'DoseAdministered',
      'DoseReturned',
      'StockDestroyed',
      'PhysicalCountRecorded',
    ]);
    const destruction = events.body[6];
    expect(
      destruction.signatures.map((s: { printedName: string; meaning: string }) => [s.printedName, s.meaning]),
    ).toEqual([
      ['pat.pharmacist (printed)', 'AUTHORSHIP'],
      ['cora.compliance (printed)', 'WITNESS'],
    ]);
    expect(events.body[7].data.lines).toEqual([
      { locationId: site.vault, units: 67, bookUnits: 67 },
      { locationId: site.clinic, units: 24, bookUnits: 24 },
    ]);

    const verification = await ledger.get(`${lots}/${lotId}/verification`, site.regulator);
    expect(verification.body).toEqual({ valid: true, events: 8 });
  });
});
