import { TestLedger } from '../../../test/support/test-ledger';
import { dispensation, receipt, receiveLot, setUpSite, type Site } from '../../../test/support/site';

/** api-contract.md section 0, Idempotency: one key, one effect, one answer, also after a restart. */
describe('idempotent commands', () => {
  let ledger: TestLedger;
  let site: Site;
  let lots: string;

  beforeAll(async () => {
    ledger = await TestLedger.start();
    site = await setUpSite(ledger);
    lots = `/registrants/${site.id}/lots`;
  });
  afterAll(() => ledger.close());

  const eventCount = async (lotId: string) =>
    (await ledger.get(`${lots}/${lotId}/events`, site.pharmacist)).body.length;

  it('replays the first response for the same key and body, and records nothing new', async () => {
    const lotId = await receiveLot(ledger, site);
    const key = { 'Idempotency-Key': 'dispense-P-001-session-1' };
    const body = dispensation(site);
    const first = await ledger.post(`${lots}/${lotId}/dispensations`, site.pharmacist, body, key);
    const second = await ledger.post(`${lots}/${lotId}/dispensations`, site.pharmacist, body, key);
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.body).toEqual(first.body);
    expect(await eventCount(lotId)).toBe(2);
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED for the same key with a different body, or on another route', async () => {
    const lotId = await receiveLot(ledger, site);
    const key = { 'Idempotency-Key': 'reused-key' };
    expect((await ledger.post(`${lots}/${lotId}/dispensations`, site.pharmacist, dispensation(site), key)).status).toBe(
      201,
    );
    const changed = await ledger.post(
      `${lots}/${lotId}/dispensations`,
      site.pharmacist,
      dispensation(site, { quantity: 5 }),
      key,
    );
    expect({ status: changed.status, code: changed.body.code }).toEqual({
      status: 422,
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
    const elsewhere = await ledger.post(lots, site.pharmacist, receipt(site), key);
    expect({ status: elsewhere.status, code: elsewhere.body.code }).toEqual({
      status: 422,
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
    expect(await eventCount(lotId)).toBe(2);
  });

  it('scopes keys to the user: another user may use the same key', async () => {
    const lotId = await receiveLot(ledger, site);
    const key = { 'Idempotency-Key': 'shared-key' };
    const byPharmacist = await ledger.post(`${lots}/${lotId}/dispensations`, site.pharmacist, dispensation(site), key);
    const byInvestigator = await ledger.post(
      `${lots}/${lotId}/dispensations/${byPharmacist.body.dispensationId}/administrations`,
      site.investigator,
      { quantity: 4, occurredAt: new Date().toISOString(), signature: { password: 'a-long-enough-password' } },
      key,
    );
    expect([byPharmacist.status, byInvestigator.status]).toEqual([201, 201]);
  });

  it('replays a receipt with the same lot, not a second lot', async () => {
    const key = { 'Idempotency-Key': 'receipt-222-231234567' };
    const body = receipt(site);
    const first = await ledger.post(lots, site.pharmacist, body, key);
    const second = await ledger.post(lots, site.pharmacist, body, key);
    expect(second.body.lot.lotId).toBe(first.body.lot.lotId);
    expect(await eventCount(first.body.lot.lotId)).toBe(1);
  });

  it('replays a refusal with the same answer, and records nothing on the lot', async () => {
    const lotId = await receiveLot(ledger, site, { quantity: 3 });
    const key = { 'Idempotency-Key': 'too-many' };
    const body = dispensation(site, { quantity: 4 });
    const refused = await ledger.post(`${lots}/${lotId}/dispensations`, site.pharmacist, body, key);
    expect(refused.status).toBe(409);
    const again = await ledger.post(`${lots}/${lotId}/dispensations`, site.pharmacist, body, key);
    expect(again.status).toBe(409);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(refused.body);
    expect(await eventCount(lotId)).toBe(1);
  });

  it('does not record a wrong signature password, so the corrected retry with the same key succeeds', async () => {
    const lotId = await receiveLot(ledger, site);
    const key = { 'Idempotency-Key': 'typo-then-right' };
    const typo = await ledger.post(
      `${lots}/${lotId}/dispensations`,
      site.pharmacist,
      dispensation(site, { signature: { password: 'typo-typo-typo' } }),
      key,
    );
    expect(typo.body.code).toBe('SIGNATURE_INVALID');
    const corrected = await ledger.post(`${lots}/${lotId}/dispensations`, site.pharmacist, dispensation(site), key);
    expect(corrected.status).toBe(201);
  });

  it('records one event for ten concurrent copies of the same request', async () => {
    const lotId = await receiveLot(ledger, site);
    const key = { 'Idempotency-Key': 'concurrent-copies' };
    const body = dispensation(site);
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => ledger.post(`${lots}/${lotId}/dispensations`, site.pharmacist, body, key)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(responses.map((r) => r.body.dispensationId)).size).toBe(1);
    expect(new Set(responses.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await eventCount(lotId)).toBe(2);
  });

  it('replays after the app is closed and reopened on the same file', async () => {
    const lotId = await receiveLot(ledger, site);
    const key = { 'Idempotency-Key': 'survives-restart' };
    const body = dispensation(site);
    const first = await ledger.post(`${lots}/${lotId}/dispensations`, site.pharmacist, body, key);
    ledger = await ledger.restart();
    const second = await ledger.post(`${lots}/${lotId}/dispensations`, site.pharmacist, body, key);
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await eventCount(lotId)).toBe(2);
  });
});
