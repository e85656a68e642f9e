import { EVENT_STORE, type EventStore } from '@lib/event-store';
import request from 'supertest';
import { TestLedger } from '../../../test/support/test-ledger';
import { dispensation, receiveLot, setUpSite, type Site } from '../../../test/support/site';

/** When the event store cannot be reached: 503 with Retry-After, never a 500, nothing half-written. */
describe('an unavailable event store', () => {
  let ledger: TestLedger;
  let site: Site;
  let lotId: string;

  beforeAll(async () => {
    ledger = await TestLedger.start();
    site = await setUpSite(ledger);
    lotId = await receiveLot(ledger, site);
    await ledger.app.get<EventStore>(EVENT_STORE).close();
  });
  afterAll(() => ledger.close());

  it('answers commands and reads with 503 STORE_UNAVAILABLE and Retry-After', async () => {
    const responses = [
      await ledger.post(`/registrants/${site.id}/lots/${lotId}/dispensations`, site.pharmacist, dispensation(site)),
      await ledger.get(`/registrants/${site.id}/lots/${lotId}`, site.pharmacist),
    ];
    for (const response of responses) {
      expect({
        status: response.status,
        code: response.body.code,
        retryAfter: response.headers['retry-after'],
      }).toEqual({
        status: 503,
        code: 'STORE_UNAVAILABLE',
        retryAfter: '2',
      });
    }
  });

  it('reports the store down on /health with 503', async () => {
    const health = await request(ledger.server).get('/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'down', checks: { eventStore: { status: 'down' } } });
  });
});
