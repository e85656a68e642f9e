import { randomUUID } from 'node:crypto';
import { expectProblem } from './support/expect-problem';
import {
  dispensation,
  minutesAgo,
  receiveLot,
  setUpSite,
  signed,
  witnessedBy,
  type Site,
} from '../../../test/support/site';
import { TestLedger } from '../../../test/support/test-ledger';

/**
 * Corrections (domain.md scenarios 24 and 37; 21 CFR 11.10(e)): a documentation error is fixed by
 * a compensating entry that names the event it corrects, never by an edit.
 */
describe('POST /registrants/{rid}/lots/{lotId}/corrections', () => {
  let ledger: TestLedger;
  let site: Site;
  let lots: string;

  beforeAll(async () => {
    ledger = await TestLedger.start();
    site = await setUpSite(ledger);
    lots = `/registrants/${site.id}/lots`;
  });
  afterAll(() => ledger.close());

  /** A lot of 100 in the vault with a posted dispense of 4 from it; answers the lot and the dispense's event id. */
  async function dispensedLot(): Promise<{ lotId: string; dispenseEventId: string }> {
    const lotId = await receiveLot(ledger, site);
    const dispensed = await ledger.post(`${lots}/${lotId}/dispensations`, site.pharmacist, dispensation(site));
    expect(dispensed.status).toBe(201);
    return { lotId, dispenseEventId: dispensed.body.eventIds[0] };
  }

  /** The officer's correction of the dispense: 3 capsules left the vault, not 4; the pharmacist approves. */
  const correction = (correctsEventId: string, overrides: object = {}) => ({
    correctsEventId,
    reason: 'Dose prepared as 3 capsules, entered as 4; the fourth is still in the vault.',
    adjustments: [{ locationId: site.vault, units: 1 }],
    occurredAt: minutesAgo(2),
    ...signed,
    ...witnessedBy('pat.pharmacist'),
    ...overrides,
  });

  const correct = (lotId: string, body: object, token = site.compliance, headers: Record<string, string> = {}) =>
    ledger.post(`${lots}/${lotId}/corrections`, token, body, headers);

  const eventsOf = async (lotId: string) => (await ledger.get(`${lots}/${lotId}/events`, site.regulator)).body;

  it('scenario 24: appends a correction naming the dispense, leaves the dispense as posted, and the lot view applies it', async () => {
    const { lotId, dispenseEventId } = await dispensedLot();
    const response = await correct(lotId, correction(dispenseEventId));

    expect(response.status).toBe(201);
    expect(response.headers.etag).toBe('"2"');
    expect(response.body).toMatchObject({
      eventIds: [expect.any(String)],
      revision: 2,
      correctionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      lot: { onHand: [{ locationId: site.vault, units: 97 }], totalOnHand: 97 },
    });
    const { totals, totalOnHand } = response.body.lot;
    expect(totals).toEqual({
      received: 100,
      dispensed: 4,
      administered: 0,
      returned: 0,
      wasted: 0,
      destroyed: 0,
      lost: 0,
      corrected: 1,
    });
    expect(
      totals.received - totals.destroyed - totals.lost - (totals.dispensed - totals.returned) + totals.corrected,
    ).toBe(totalOnHand);

    const events = await eventsOf(lotId);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['LotReceived', 'DoseDispensed', 'CorrectionRecorded']);
    const [, dispense, corrected] = events;
    expect([dispense.eventId, dispense.data.quantity]).toEqual([dispenseEventId, 4]);
    expect(corrected).toMatchObject({
      eventId: response.body.eventIds[0],
      revision: 2,
      actor: { printedName: 'cora.compliance (printed)', role: 'COMPLIANCE_OFFICER' },
      data: {
        correctionId: response.body.correctionId,
        correctsEventId: dispenseEventId,
        correctsType: 'DoseDispensed',
        reason: 'Dose prepared as 3 capsules, entered as 4; the fourth is still in the vault.',
        adjustments: [{ locationId: site.vault, units: 1 }],
      },
    });
    expect(
      corrected.signatures.map((s: { printedName: string; meaning: string }) => [s.printedName, s.meaning]),
    ).toEqual([
      ['cora.compliance (printed)', 'AUTHORSHIP'],
      ['pat.pharmacist (printed)', 'WITNESS'],
    ]);

    const view = await ledger.get(`${lots}/${lotId}`, site.pharmacist);
    expect([view.headers.etag, view.body.totalOnHand, view.body.totals.corrected]).toEqual(['"2"', 97, 1]);
    expect((await ledger.get(`${lots}/${lotId}/verification`, site.regulator)).body).toEqual({
      valid: true,
      events: 3,
    });
  });

  it('replays the same correction for the same Idempotency-Key, and honours If-Match like the other lot commands', async () => {
    const { lotId, dispenseEventId } = await dispensedLot();
    const key = { 'Idempotency-Key': randomUUID() };
    const body = correction(dispenseEventId);
    const first = await correct(lotId, body, site.compliance, key);
    const again = await correct(lotId, body, site.compliance, key);
    expect([first.status, again.status, again.headers['idempotent-replayed']]).toEqual([201, 201, 'true']);
    expect(again.body).toEqual(first.body);

    const stale = await correct(lotId, correction(dispenseEventId), site.compliance, { 'If-Match': '"1"' });
    expectProblem(stale, 412, 'PRECONDITION_FAILED');
    const current = await correct(lotId, correction(dispenseEventId), site.compliance, { 'If-Match': '"2"' });
    expect([current.status, current.headers.etag]).toEqual([201, '"3"']);
    expect((await eventsOf(lotId)).length).toBe(4);
  });

  describe('refusals, each leaving the lot as it was', () => {
    let lotId: string;
    let dispenseEventId: string;
    let correctionEventId: string;
    let before: unknown;

    beforeAll(async () => {
      ({ lotId, dispenseEventId } = await dispensedLot());
      correctionEventId = (await correct(lotId, correction(dispenseEventId))).body.eventIds[0];
    });
    beforeEach(async () => {
      before = await eventsOf(lotId);
    });
    afterEach(async () => {
      expect(await eventsOf(lotId)).toEqual(before);
    });

    it.each([
      ['no reason', { reason: undefined }, ['reason']],
      ['an empty reason', { reason: '' }, ['reason']],
      ['no adjustments', { adjustments: [] }, ['adjustments']],
      ['0 units', { adjustments: [{ locationId: 'VAULT', units: 0 }] }, ['adjustments[0].units']],
      ['1.5 units', { adjustments: [{ locationId: 'VAULT', units: 1.5 }] }, ['adjustments[0].units']],
      ['units as text', { adjustments: [{ locationId: 'VAULT', units: '1' }] }, ['adjustments[0].units']],
      [
        'an unknown field in an adjustment',
        { adjustments: [{ locationId: 'VAULT', units: 1, lot: 'x' }] },
        ['adjustments[0].lot'],
      ],
      [
        'a location that is not a uuid',
        { adjustments: [{ locationId: 'vault', units: 1 }] },
        ['adjustments[0].locationId'],
      ],
      ['an event id that is not a uuid', { correctsEventId: 'the dispense' }, ['correctsEventId']],
      ['an unknown field', { quantity: 3 }, ['quantity']],
      [
        'a location named twice',
        {
          adjustments: [
            { locationId: 'VAULT', units: 1 },
            { locationId: 'VAULT', units: 1 },
          ],
        },
        ['adjustments[1]'],
      ],
    ])('400 VALIDATION_FAILED for %s', async (_what, overrides, fields) => {
      const body = JSON.parse(
        JSON.stringify(correction(dispenseEventId, overrides)).split('"VAULT"').join(`"${site.vault}"`),
      );
      expectProblem(await correct(lotId, body), 400, 'VALIDATION_FAILED', fields);
    });

    it('400 VALIDATION_FAILED for a correction of a correction: the original is corrected again instead', async () => {
      expectProblem(await correct(lotId, correction(correctionEventId)), 400, 'VALIDATION_FAILED', ['correctsEventId']);
    });

    it('404 NOT_FOUND for an event id that is not in this lot’s history', async () => {
      expectProblem(await correct(lotId, correction(randomUUID())), 404, 'NOT_FOUND');
      const other = await dispensedLot();
      expectProblem(await correct(lotId, correction(other.dispenseEventId)), 404, 'NOT_FOUND');
    });

    it('403 FORBIDDEN for a pharmacist: only a compliance officer corrects', async () => {
      const body = correction(dispenseEventId, witnessedBy('cora.compliance'));
      expectProblem(await correct(lotId, body, site.pharmacist), 403, 'FORBIDDEN');
    });

    it('422 WITNESS_INVALID when the officer approves her own correction, or nobody does', async () => {
      const self = correction(dispenseEventId, witnessedBy('cora.compliance'));
      expectProblem(await correct(lotId, self), 422, 'WITNESS_INVALID');
      expectProblem(await correct(lotId, correction(dispenseEventId, { witnesses: [] })), 422, 'WITNESS_INVALID');
    });

    it('422 SIGNATURE_INVALID when the officer signs with a wrong password', async () => {
      const body = correction(dispenseEventId, { signature: { password: 'not-the-password' } });
      expectProblem(await correct(lotId, body), 422, 'SIGNATURE_INVALID');
    });

    it('409 INSUFFICIENT_STOCK when it would take a location below zero', async () => {
      const body = correction(dispenseEventId, {
        adjustments: [{ locationId: site.clinic, units: -1 }],
      });
      expectProblem(await correct(lotId, body), 409, 'INSUFFICIENT_STOCK');
      const tooMany = correction(dispenseEventId, { adjustments: [{ locationId: site.vault, units: -98 }] });
      expectProblem(await correct(lotId, tooMany), 409, 'INSUFFICIENT_STOCK');
    });

    it('409 LOCATION_NOT_APPROVED when it would put schedule I stock in an unapproved cabinet', async () => {
      const body = correction(dispenseEventId, { adjustments: [{ locationId: site.cabinet, units: 1 }] });
      expectProblem(await correct(lotId, body), 409, 'LOCATION_NOT_APPROVED');
    });
  });
});
