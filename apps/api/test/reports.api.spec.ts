import { TestLedger } from '../../../test/support/test-ledger';
import {
  addUser,
  dispensation,
  minutesAgo,
  receiveLot,
  setUpSite,
  signed,
  witnessedBy,
  type Site,
} from '../../../test/support/site';

/**
 * What a compliance officer reads (issue 4): the lots and the inventory from the read models, the
 * inventory as of a time and the reconciliation of a period from the events, and a signed
 * reconciliation kept in the ledger.
 */
describe('inventory, accountability and reconciliation', () => {
  let ledger: TestLedger;
  let site: Site;
  let lotId: string;
  let emptyLotId: string;
  const periodStart = minutesAgo(120);

  beforeAll(async () => {
    ledger = await TestLedger.start({}, { worker: true });
    site = await setUpSite(ledger);
    const lots = `/registrants/${site.id}/lots`;
    lotId = await receiveLot(ledger, site, { occurredAt: minutesAgo(100) });
    emptyLotId = await receiveLot(ledger, site, { lotNumber: 'MDM-24A-099', quantity: 2, occurredAt: minutesAgo(99) });
    const ok = async (response: Promise<{ status: number; body: unknown }>) => {
      const { status, body } = await response;
      if (status !== 201) throw new Error(`setup: ${status} ${JSON.stringify(body)}`);
      return body as { dispensationId: string };
    };
    await ok(
      ledger.post(`${lots}/${lotId}/transfers`, site.pharmacist, {
        fromLocationId: site.vault,
        toLocationId: site.clinic,
        quantity: 30,
        occurredAt: minutesAgo(90),
        ...signed,
        ...witnessedBy('ivy.investigator'),
      }),
    );
    const initial = await ok(
      ledger.post(`${lots}/${lotId}/dispensations`, site.pharmacist, {
        ...dispensation(site, { locationId: site.clinic, occurredAt: minutesAgo(80) }),
      }),
    );
    const supplemental = await ok(
      ledger.post(`${lots}/${lotId}/dispensations`, site.pharmacist, {
        ...dispensation(site, {
          locationId: site.clinic,
          quantity: 2,
          doseType: 'SUPPLEMENTAL',
          occurredAt: minutesAgo(79),
        }),
      }),
    );
    const dose = (id: string, action: string) => `${lots}/${lotId}/dispensations/${id}/${action}`;
    await ok(
      ledger.post(dose(initial.dispensationId, 'administrations'), site.investigator, {
        quantity: 3,
        occurredAt: minutesAgo(70),
        ...signed,
      }),
    );
    await ok(
      ledger.post(dose(initial.dispensationId, 'wastage'), site.investigator, {
        quantity: 1,
        reason: 'VOMITED',
        method: 'Sealed in waste container',
        occurredAt: minutesAgo(69),
        ...signed,
        ...witnessedBy('pat.pharmacist'),
      }),
    );
    await ok(
      ledger.post(dose(supplemental.dispensationId, 'returns'), site.investigator, {
        quantity: 2,
        toLocationId: site.vault,
        integrity: 'SEALED',
        occurredAt: minutesAgo(60),
        ...signed,
        ...witnessedBy('pat.pharmacist'),
      }),
    );
    await ok(
      ledger.post(`${lots}/${lotId}/destructions`, site.pharmacist, {
        locationId: site.vault,
        quantity: 5,
        method: 'Chemical digestion',
        occurredAt: minutesAgo(50),
        ...signed,
        ...witnessedBy('cora.compliance'),
      }),
    );
    await ok(
      ledger.post(`${lots}/${emptyLotId}/destructions`, site.pharmacist, {
        locationId: site.vault,
        quantity: 2,
        method: 'Chemical digestion',
        occurredAt: minutesAgo(49),
        ...signed,
        ...witnessedBy('cora.compliance'),
      }),
    );
    await ok(
      ledger.post(`/registrants/${site.id}/counts`, site.compliance, {
        kind: 'PERIODIC',
        businessTime: 'CLOSE',
        occurredAt: minutesAgo(40),
        lines: [
          { lotId, locationId: site.vault, units: 66 },
          { lotId, locationId: site.clinic, units: 24 },
        ],
        ...signed,
        ...witnessedBy('pat.pharmacist'),
      }),
    );
    await ledger.projected();
  });
  afterAll(() => ledger.close());

  describe('lots (read model)', () => {
    it('lists the registrant’s lots with their status and stock', async () => {
      const response = await ledger.get(`/registrants/${site.id}/lots`, site.pharmacist);
      expect(response.status).toBe(200);
      expect(
        response.body.items.map((l: { lotNumber: string; status: string; totalOnHand: number }) => [
          l.lotNumber,
          l.status,
          l.totalOnHand,
        ]),
      ).toEqual([
        ['MDM-24A-017', 'active', 91],
        ['MDM-24A-099', 'depleted', 0],
      ]);
      expect(response.body.nextCursor).toBeNull();
    });

    it('filters by status, location and lot number, and pages with a cursor', async () => {
      const path = `/registrants/${site.id}/lots`;
      const ids = async (query: string) =>
        (await ledger.get(`${path}?${query}`, site.pharmacist)).body.items.map((l: { lotId: string }) => l.lotId);
      expect(await ids('status=depleted')).toEqual([emptyLotId]);
      expect(await ids(`locationId=${site.clinic}`)).toEqual([lotId]);
      expect(await ids('lotNumber=MDM-24A-099')).toEqual([emptyLotId]);
      const first = await ledger.get(`${path}?limit=1`, site.pharmacist);
      expect(first.body.items.map((l: { lotId: string }) => l.lotId)).toEqual([lotId]);
      expect(await ids(`limit=1&cursor=${first.body.nextCursor}`)).toEqual([emptyLotId]);
    });

    it('refuses unknown query parameters and bad values (400)', async () => {
      for (const query of ['status=gone', 'limit=0', 'limit=x', 'sort=lotNumber']) {
        const response = await ledger.get(`/registrants/${site.id}/lots?${query}`, site.pharmacist);
        expect({ query, status: response.status, code: response.body.code }).toEqual({
          query,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
      }
    });
  });

  describe('inventory', () => {
    it('now (read model): on hand by location and lot, and units in participants’ custody', async () => {
      const response = await ledger.get(`/registrants/${site.id}/inventory`, site.regulator);
      expect(response.status).toBe(200);
      expect(
        response.body.stored.map((l: { lotNumber: string; locationId: string; units: number }) => [
          l.lotNumber,
          l.locationId,
          l.units,
        ]),
      ).toEqual([
        ['MDM-24A-017', site.vault, 67],
        ['MDM-24A-017', site.clinic, 24],
      ]);
      expect(response.body.totals).toEqual({ storedUnits: 91, inCustodyUnits: 0, onHandUnits: 91 });
    });

    it('as of a time (events): zero before the first receipt, and what the read model says now', async () => {
      const before = await ledger.get(
        `/registrants/${site.id}/inventory?asOf=${encodeURIComponent(minutesAgo(110))}&businessTime=OPENING`,
        site.compliance,
      );
      expect(before.status).toBe(200);
      expect(before.body).toMatchObject({ businessTime: 'OPENING', zeroInventory: true });
      const now = await ledger.get(
        `/registrants/${site.id}/inventory?asOf=${encodeURIComponent(new Date().toISOString())}`,
        site.compliance,
      );
      expect(now.body.totals).toMatchObject({ onHandUnits: 91 });
      const [scheduleI] = now.body.sections;
      expect(scheduleI.schedule).toBe('I');
      expect(
        scheduleI.lines.map((l: { locationId: string; units: number; mg: number }) => [l.locationId, l.units, l.mg]),
      ).toEqual([
        [site.vault, 67, 1340],
        [site.clinic, 24, 480],
      ]);
    });
  });

  it('keeps a participant’s accountability log by session (read model)', async () => {
    const response = await ledger.get(`/registrants/${site.id}/participants/P-001/accountability`, site.investigator);
    expect(response.status).toBe(200);
    const [session] = response.body.sessions;
    expect(session.session).toBe(1);
    expect(
      session.dispensations.map(
        (d: { doseType: string; dispensed: number; administered: number; returned: number; wasted: number }) => [
          d.doseType,
          d.dispensed,
          d.administered,
          d.returned,
          d.wasted,
        ],
      ),
    ).toEqual([
      ['INITIAL', 4, 3, 0, 1],
      ['SUPPLEMENTAL', 2, 0, 2, 0],
    ]);
    expect(
      session.dispensations[0].entries.map((e: { type: string; units: number; by: string }) => [e.type, e.units, e.by]),
    ).toEqual([
      ['DISPENSED', 4, 'pat.pharmacist (printed)'],
      ['ADMINISTERED', 3, 'ivy.investigator (printed)'],
      ['WASTED', 1, 'ivy.investigator (printed)'],
    ]);
    expect(response.body.totals).toEqual({ dispensed: 6, administered: 3, returned: 2, wasted: 1, outstanding: 0 });
  });

  describe('reconciliation of a period', () => {
    const period = () => `from=${encodeURIComponent(periodStart)}&to=${encodeURIComponent(minutesAgo(30))}`;

    it('adds up per lot and location, with the cross-checks', async () => {
      const response = await ledger.get(`/registrants/${site.id}/reconciliation?${period()}`, site.regulator);
      expect(response.status).toBe(200);
      const lines = response.body.lines.filter((l: { lotId: string }) => l.lotId === lotId);
      expect(
        lines.map(
          (l: {
            locationId: string;
            opening: number;
            receipts: number;
            transfersIn: number;
            transfersOut: number;
            dispensed: number;
            returned: number;
            destroyed: number;
            expectedClosing: number;
            count: { units: number; variance: number } | null;
          }) => [
            l.locationId,
            l.opening,
            l.receipts,
            l.transfersIn,
            l.transfersOut,
            l.dispensed,
            l.returned,
            l.destroyed,
            l.expectedClosing,
            l.count?.units,
            l.count?.variance,
          ],
        ),
      ).toEqual([
        [site.vault, 0, 100, 0, 30, 0, 2, 5, 67, 66, -1],
        [site.clinic, 0, 0, 30, 0, 6, 0, 0, 24, 24, 0],
      ]);
      for (const check of [
        'dispensations',
        'destructionsWitnessed',
        'wastageWitnessed',
        'receiptsWithOrder',
        'stockCounted',
      ]) {
        expect({ check, ok: response.body.checks[check].ok }).toEqual({ check, ok: true });
      }
    });

    it('refuses a malformed period (400)', async () => {
      const response = await ledger.get(
        `/registrants/${site.id}/reconciliation?from=yesterday&to=today`,
        site.compliance,
      );
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    });

    it('is signed into the ledger by a compliance officer, and shows when later entries change it', async () => {
      const body = { from: periodStart, to: minutesAgo(30), ...signed };
      const signedNow = await ledger.post(`/registrants/${site.id}/reconciliations`, site.compliance, body);
      expect(signedNow.status).toBe(201);
      expect(signedNow.body).toMatchObject({
        figuresHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        signedBy: { printedName: 'cora.compliance (printed)', meaning: 'APPROVAL' },
        matchesLedgerNow: true,
      });
      const id = signedNow.body.reconciliationId;
      const read = await ledger.get(`/registrants/${site.id}/reconciliations/${id}`, site.regulator);
      expect(read.body.figures).toEqual(signedNow.body.figures);

      // A loss dated inside the signed period, recorded afterwards: the signed figures stand, and say so.
      const loss = await ledger.post(`/registrants/${site.id}/lots/${lotId}/losses`, site.compliance, {
        locationId: site.vault,
        quantity: 1,
        kind: 'LOSS',
        discoveredAt: minutesAgo(1),
        description: 'Found short at recount',
        occurredAt: minutesAgo(45),
        ...signed,
      });
      expect(loss.status).toBe(201);
      const after = await ledger.get(`/registrants/${site.id}/reconciliations/${id}`, site.regulator);
      expect(after.body).toMatchObject({ figuresHash: signedNow.body.figuresHash, matchesLedgerNow: false });
    });

    it('signs only periods that have ended, only for a compliance officer, with the right password', async () => {
      const path = `/registrants/${site.id}/reconciliations`;
      const future = await ledger.post(path, site.compliance, {
        from: periodStart,
        to: new Date(Date.now() + 3_600_000).toISOString(),
        ...signed,
      });
      expect({ status: future.status, code: future.body.code }).toEqual({ status: 422, code: 'OCCURRED_IN_FUTURE' });
      const pharmacist = await ledger.post(path, site.pharmacist, { from: periodStart, to: minutesAgo(30), ...signed });
      expect(pharmacist.status).toBe(403);
      const wrong = await ledger.post(path, site.compliance, {
        from: periodStart,
        to: minutesAgo(30),
        signature: { password: 'not-the-password' },
      });
      expect({ status: wrong.status, code: wrong.body.code }).toEqual({ status: 422, code: 'SIGNATURE_INVALID' });
    });
  });

  it('keeps other registrants out (404), and regulators away from the working lists (403)', async () => {
    const outsider = await addUser(ledger, site.admin, 'outside.officer', ['COMPLIANCE_OFFICER'], [site.other.id]);
    for (const path of [
      'lots',
      'inventory',
      'participants/P-001/accountability',
      `reconciliation?from=${encodeURIComponent(periodStart)}&to=${encodeURIComponent(minutesAgo(1))}`,
    ]) {
      const response = await ledger.get(`/registrants/${site.id}/${path}`, outsider);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
    expect((await ledger.get(`/registrants/${site.id}/lots`, site.regulator)).status).toBe(403);
    expect((await ledger.get(`/registrants/${site.id}/participants/P-001/accountability`, site.regulator)).status).toBe(
      403,
    );
  });
});
