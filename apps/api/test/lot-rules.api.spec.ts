import { TestLedger, PASSWORD } from '../../../test/support/test-ledger';
import {
  addRegistrant,
  addUser,
  deaNumber,
  dispensation,
  minutesAgo,
  receipt,
  receiveLot,
  setUpSite,
  signed,
  witnessedBy,
  type Site,
} from '../../../test/support/site';

/** Each rule of api-contract.md section 3, through HTTP, with its status and code. */
describe('lot command rules', () => {
  let ledger: TestLedger;
  let site: Site;
  let lots: string;

  beforeAll(async () => {
    ledger = await TestLedger.start();
    site = await setUpSite(ledger);
    lots = `/registrants/${site.id}/lots`;
  });
  afterAll(() => ledger.close());

  const expectProblem = (response: { status: number; body: { code: string } }, status: number, code: string) => {
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
  };
  const revisionOf = async (lotId: string) => (await ledger.get(`${lots}/${lotId}`, site.pharmacist)).body.revision;

  describe('receipt', () => {
    it('needs a DEA 222 or CSOS order for schedule I (422 ORDER_REQUIRED)', async () => {
      const { order: _order, ...withoutOrder } = receipt(site);
      expectProblem(await ledger.post(lots, site.pharmacist, withoutOrder), 422, 'ORDER_REQUIRED');
    });

    it('refuses a schedule the registrant does not hold (409 SCHEDULE_NOT_REGISTERED)', async () => {
      const body = receipt(site, { product: { ...receipt(site).product, schedule: 'II' } });
      expectProblem(await ledger.post(lots, site.pharmacist, body), 409, 'SCHEDULE_NOT_REGISTERED');
    });

    it('refuses a location not approved for the schedule (409 LOCATION_NOT_APPROVED)', async () => {
      expectProblem(
        await ledger.post(lots, site.pharmacist, receipt(site, { locationId: site.cabinet })),
        409,
        'LOCATION_NOT_APPROVED',
      );
    });

    it('refuses a location of another registrant (404)', async () => {
      expectProblem(
        await ledger.post(lots, site.pharmacist, receipt(site, { locationId: site.other.vault })),
        404,
        'NOT_FOUND',
      );
    });

    it('refuses an act dated in the future (422 OCCURRED_IN_FUTURE)', async () => {
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
      expectProblem(
        await ledger.post(lots, site.pharmacist, receipt(site, { occurredAt: tomorrow })),
        422,
        'OCCURRED_IN_FUTURE',
      );
    });

    it('refuses a wrong signature password (422 SIGNATURE_INVALID)', async () => {
      const body = receipt(site, { signature: { password: 'not-the-password' } });
      expectProblem(await ledger.post(lots, site.pharmacist, body), 422, 'SIGNATURE_INVALID');
    });

    it('accepts an act recorded days later, marked late, with times returned in UTC', async () => {
      const lotId = await receiveLot(ledger, site, { occurredAt: '2026-03-02T14:05:00-05:00' });
      const [event] = (await ledger.get(`${lots}/${lotId}/events`, site.pharmacist)).body;
      expect(event).toMatchObject({ occurredAt: '2026-03-02T19:05:00.000Z', late: true });
      expect(event.recordedAt).toMatch(/Z$/);
    });

    it('refuses acts dated after the registration lapsed, and accepts those dated before (409 REGISTRATION_EXPIRED)', async () => {
      const lapsed = await addRegistrant(ledger, site.admin, deaNumber('RL', '222333'), {
        registrationExpiresOn: '2025-01-31',
      });
      const pharmacist = await addUser(ledger, site.admin, 'lapsed.pharmacist', ['PHARMACIST'], [lapsed.id]);
      const path = `/registrants/${lapsed.id}/lots`;
      expectProblem(await ledger.post(path, pharmacist, receipt(lapsed)), 409, 'REGISTRATION_EXPIRED');
      const before = await ledger.post(path, pharmacist, receipt(lapsed, { occurredAt: '2025-01-31T20:00:00-05:00' }));
      expect(before.status).toBe(201);
    });
  });

  describe('stock movements', () => {
    let lotId: string;
    beforeAll(async () => {
      lotId = await receiveLot(ledger, site, { quantity: 10 });
    });

    it('never takes a location below zero (409 INSUFFICIENT_STOCK) for dispense, transfer, destruction and loss', async () => {
      const before = await revisionOf(lotId);
      const attempts = [
        ledger.post(`${lots}/${lotId}/dispensations`, site.pharmacist, dispensation(site, { quantity: 11 })),
        ledger.post(`${lots}/${lotId}/transfers`, site.pharmacist, {
          fromLocationId: site.vault,
          toLocationId: site.clinic,
          quantity: 11,
          occurredAt: minutesAgo(5),
          ...signed,
          ...witnessedBy('ivy.investigator'),
        }),
        ledger.post(`${lots}/${lotId}/destructions`, site.pharmacist, {
          locationId: site.clinic,
          quantity: 1,
          method: 'incineration',
          occurredAt: minutesAgo(5),
          ...signed,
          ...witnessedBy('cora.compliance'),
        }),
        ledger.post(`${lots}/${lotId}/losses`, site.compliance, {
          locationId: site.vault,
          quantity: 11,
          kind: 'LOSS',
          discoveredAt: minutesAgo(1),
          description: 'Count short',
          occurredAt: minutesAgo(5),
          ...signed,
        }),
      ];
      for (const response of await Promise.all(attempts)) expectProblem(response, 409, 'INSUFFICIENT_STOCK');
      expect(await revisionOf(lotId)).toBe(before);
    });

    it('refuses a transfer into a location not approved for schedule I (scenario 14: 409 LOCATION_NOT_APPROVED)', async () => {
      const response = await ledger.post(`${lots}/${lotId}/transfers`, site.pharmacist, {
        fromLocationId: site.vault,
        toLocationId: site.cabinet,
        quantity: 1,
        occurredAt: minutesAgo(5),
        ...signed,
        ...witnessedBy('ivy.investigator'),
      });
      expectProblem(response, 409, 'LOCATION_NOT_APPROVED');
    });

    it.each([
      ['the actor as witness (scenario 15)', witnessedBy('pat.pharmacist')],
      ['no witness', {}],
      ['a wrong witness password', witnessedBy('ivy.investigator', 'wrong-password-123')],
      ['an unknown witness', witnessedBy('nobody.at.all')],
      ['a regulator as witness', witnessedBy('reg.inspector')],
      ['a member of another registrant', witnessedBy('otto.outsider')],
    ])('refuses a transfer witnessed by %s (422 WITNESS_INVALID)', async (_, witnesses) => {
      const response = await ledger.post(`${lots}/${lotId}/transfers`, site.pharmacist, {
        fromLocationId: site.vault,
        toLocationId: site.clinic,
        quantity: 1,
        occurredAt: minutesAgo(5),
        ...signed,
        ...witnesses,
      });
      expectProblem(response, 422, 'WITNESS_INVALID');
    });

    it('records a theft with its discovery time', async () => {
      const response = await ledger.post(`${lots}/${lotId}/losses`, site.compliance, {
        locationId: site.vault,
        quantity: 1,
        kind: 'THEFT',
        discoveredAt: '2026-11-01T09:00:00-05:00',
        description: 'One capsule missing from a sealed bottle',
        occurredAt: '2026-10-31T18:00:00-05:00',
        ...signed,
      });
      expect(response.status).toBe(201);
      expect(response.body.lot.totals.lost).toBe(1);
      const events = (await ledger.get(`${lots}/${lotId}/events`, site.compliance)).body;
      expect(events.at(-1)).toMatchObject({
        type: 'LossReported',
        data: { kind: 'THEFT', discoveredAt: '2026-11-01T14:00:00.000Z' },
      });
    });
  });

  describe('dispensations', () => {
    let lotId: string;
    let dispensationId: string;
    const dose = (suffix: string) => `${lots}/${lotId}/dispensations/${dispensationId}/${suffix}`;

    beforeAll(async () => {
      lotId = await receiveLot(ledger, site, { quantity: 20 });
      const response = await ledger.post(
        `${lots}/${lotId}/dispensations`,
        site.pharmacist,
        dispensation(site, { quantity: 3 }),
      );
      dispensationId = response.body.dispensationId;
    });

    it('lets only an investigator administer (403 for a pharmacist)', async () => {
      const response = await ledger.post(dose('administrations'), site.pharmacist, {
        quantity: 1,
        occurredAt: minutesAgo(5),
        ...signed,
      });
      expectProblem(response, 403, 'FORBIDDEN');
    });

    it('never lets administered + returned + wasted exceed what was dispensed (409 EXCEEDS_OUTSTANDING)', async () => {
      const response = await ledger.post(dose('administrations'), site.investigator, {
        quantity: 4,
        occurredAt: minutesAgo(5),
        ...signed,
      });
      expectProblem(response, 409, 'EXCEEDS_OUTSTANDING');
    });

    it('wastes a vomited capsule with a witness, then closes the dispensation (409 DISPENSATION_CLOSED)', async () => {
      const administered = await ledger.post(dose('administrations'), site.investigator, {
        quantity: 2,
        occurredAt: minutesAgo(5),
        ...signed,
      });
      expect(administered.status).toBe(201);
      const wasted = await ledger.post(dose('wastage'), site.investigator, {
        quantity: 1,
        reason: 'VOMITED',
        method: 'Recovered, sealed in waste container',
        occurredAt: minutesAgo(4),
        ...signed,
        ...witnessedBy('pat.pharmacist'),
      });
      expect(wasted.status).toBe(201);
      expect(wasted.body.lot.openDispensations).toEqual([]);
      expect(wasted.body.lot.totals).toMatchObject({ dispensed: 3, administered: 2, wasted: 1, destroyed: 0 });
      const again = await ledger.post(dose('administrations'), site.investigator, {
        quantity: 1,
        occurredAt: minutesAgo(3),
        ...signed,
      });
      expectProblem(again, 409, 'DISPENSATION_CLOSED');
    });

    it('answers 404 for an unknown dispensation', async () => {
      const unknown = `${lots}/${lotId}/dispensations/00000000-0000-4000-8000-000000000000/administrations`;
      expectProblem(
        await ledger.post(unknown, site.investigator, { quantity: 1, occurredAt: minutesAgo(3), ...signed }),
        404,
        'NOT_FOUND',
      );
    });

    it('refuses to dispense from an expired lot (409 LOT_EXPIRED)', async () => {
      const expired = await receiveLot(ledger, site, { expiresOn: '2026-01-31' });
      const response = await ledger.post(`${lots}/${expired}/dispensations`, site.pharmacist, dispensation(site));
      expectProblem(response, 409, 'LOT_EXPIRED');
    });

    it('refuses a return into an unapproved location (409 LOCATION_NOT_APPROVED)', async () => {
      const fresh = await ledger.post(
        `${lots}/${lotId}/dispensations`,
        site.pharmacist,
        dispensation(site, { quantity: 2 }),
      );
      const response = await ledger.post(
        `${lots}/${lotId}/dispensations/${fresh.body.dispensationId}/returns`,
        site.investigator,
        {
          quantity: 2,
          toLocationId: site.cabinet,
          integrity: 'OPENED',
          occurredAt: minutesAgo(2),
          ...signed,
          ...witnessedBy('pat.pharmacist'),
        },
      );
      expectProblem(response, 409, 'LOCATION_NOT_APPROVED');
    });
  });

  describe('optimistic concurrency', () => {
    it('applies a command under a matching If-Match and refuses a stale one (412 PRECONDITION_FAILED)', async () => {
      const lotId = await receiveLot(ledger, site);
      const view = await ledger.get(`${lots}/${lotId}`, site.pharmacist);
      expect(view.headers.etag).toBe('"0"');
      const first = await ledger.post(`${lots}/${lotId}/dispensations`, site.pharmacist, dispensation(site), {
        'If-Match': '"0"',
      });
      expect(first.status).toBe(201);
      expect(first.headers.etag).toBe('"1"');
      const stale = await ledger.post(`${lots}/${lotId}/dispensations`, site.pharmacist, dispensation(site), {
        'If-Match': '"0"',
      });
      expectProblem(stale, 412, 'PRECONDITION_FAILED');
      expect(await revisionOf(lotId)).toBe(1);
    });
  });

  describe('physical counts', () => {
    it('records an initial zero inventory without lines (scenario 31)', async () => {
      const response = await ledger.post(`/registrants/${site.id}/counts`, site.pharmacist, {
        kind: 'INITIAL',
        businessTime: 'OPENING',
        occurredAt: minutesAgo(60),
        lines: [],
        ...signed,
        ...witnessedBy('cora.compliance'),
      });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ countId: expect.any(String), lines: [] });
    });

    it("refuses a periodic count with no lines, and a count naming another registrant's lot", async () => {
      const empty = await ledger.post(`/registrants/${site.id}/counts`, site.pharmacist, {
        kind: 'PERIODIC',
        businessTime: 'CLOSE',
        occurredAt: minutesAgo(60),
        lines: [],
        ...signed,
        ...witnessedBy('cora.compliance'),
      });
      expectProblem(empty, 400, 'VALIDATION_FAILED');
      const otherPharmacist = await addUser(ledger, site.admin, 'other.counter', ['PHARMACIST'], [site.other.id]);
      const otherLot = await ledger.post(`/registrants/${site.other.id}/lots`, otherPharmacist, receipt(site.other));
      const mine = await receiveLot(ledger, site);
      const foreign = await ledger.post(`/registrants/${site.id}/counts`, site.pharmacist, {
        kind: 'AD_HOC',
        businessTime: 'CLOSE',
        occurredAt: minutesAgo(1),
        ...signed,
        ...witnessedBy('cora.compliance'),
        lines: [
          { lotId: mine, locationId: site.vault, units: 100 },
          { lotId: otherLot.body.lot.lotId, locationId: site.vault, units: 100 },
        ],
      });
      expectProblem(foreign, 404, 'NOT_FOUND');
      expect(await revisionOf(mine)).toBe(0);
    });

    it('keeps a count blind and stores the book quantity for reconciliation', async () => {
      const lotId = await receiveLot(ledger, site, { quantity: 12 });
      const response = await ledger.post(`/registrants/${site.id}/counts`, site.compliance, {
        kind: 'AD_HOC',
        businessTime: 'CLOSE',
        occurredAt: minutesAgo(1),
        lines: [{ lotId, locationId: site.vault, units: 10 }],
        signature: { password: PASSWORD },
        ...witnessedBy('pat.pharmacist'),
      });
      expect(response.status).toBe(201);
      expect(response.body.lines).toEqual([{ lotId, locationId: site.vault, revision: 1 }]);
      const events = (await ledger.get(`${lots}/${lotId}/events`, site.compliance)).body;
      expect(events[1].data.lines).toEqual([{ locationId: site.vault, units: 10, bookUnits: 12 }]);
    });
  });
});
