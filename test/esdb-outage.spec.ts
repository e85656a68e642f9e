import { TestLedger } from './support/test-ledger';
import { dispensation, receiveLot, setUpSite, type Site } from './support/site';
import { FakeEventStoreDB } from './support/esdb-fake';

const DEADLINE_MS = 1000;

/**
 * The ledger on EventStoreDB's wire protocol while the server goes away mid-run and comes back:
 * requests get 503 within the deadline, retries with the same key succeed after the restart, and
 * the lot ends with exactly the acknowledged dispensations: none lost, none twice.
 */
describe('an EventStoreDB outage in the middle of dispensing', () => {
  const fake = new FakeEventStoreDB();
  let ledger: TestLedger;
  let site: Site;
  let lotId: string;

  beforeAll(async () => {
    const connectionString = await fake.start();
    ledger = await TestLedger.start({
      EVENT_STORE: 'esdb',
      ESDB_CONNECTION_STRING: connectionString,
      STORE_DEADLINE_MS: String(DEADLINE_MS),
    });
    site = await setUpSite(ledger);
    lotId = await receiveLot(ledger, site, { quantity: 1000 });
  });
  afterAll(async () => {
    await ledger.close();
    await fake.stop();
  });

  it('answers 503 while it is down, then records every retried dispense exactly once', async () => {
    const path = `/registrants/${site.id}/lots/${lotId}/dispensations`;
    const requests = Array.from({ length: 30 }, (_, i) => ({
      key: `outage-${i}`,
      body: dispensation(site, { quantity: 1, participantId: `P-${i}` }),
    }));
    const send = (r: (typeof requests)[number]) =>
      ledger.post(path, site.pharmacist, r.body, { 'Idempotency-Key': r.key });
    const acknowledged = new Map<string, string>();
    const record = (key: string, response: { status: number; body: { dispensationId?: string } }) => {
      if (response.status === 201) acknowledged.set(key, String(response.body.dispensationId));
    };

    for (const r of requests.slice(0, 10)) record(r.key, await send(r));
    expect(acknowledged.size).toBe(10);

    // Five requests in flight when the server stops: their outcome is unknown to the client.
    const inFlight = requests.slice(10, 15).map(async (r) => record(r.key, await send(r)));
    const port = fake.port;
    await fake.stop();
    await Promise.all(inFlight);

    for (const r of requests.slice(15)) {
      const started = Date.now();
      const response = await send(r);
      expect({
        status: response.status,
        code: response.body.code,
        retryAfter: response.headers['retry-after'],
      }).toEqual({ status: 503, code: 'STORE_UNAVAILABLE', retryAfter: '2' });
      expect(Date.now() - started).toBeLessThan(DEADLINE_MS + 500);
    }

    await fake.start(port);
    const deadline = Date.now() + 20_000;
    for (const r of requests.filter((r) => !acknowledged.has(r.key))) {
      let response = await send(r);
      while (response.status === 503 && Date.now() < deadline) response = await send(r);
      expect(response.status).toBe(201);
      record(r.key, response);
    }

    const events = (await ledger.get(`/registrants/${site.id}/lots/${lotId}/events`, site.pharmacist)).body as {
      type: string;
      data: { dispensationId?: string };
    }[];
    const recorded = events.filter((e) => e.type === 'DoseDispensed').map((e) => String(e.data.dispensationId));
    expect(recorded).toHaveLength(30);
    expect(new Set(recorded)).toEqual(new Set(acknowledged.values()));
    const view = await ledger.get(`/registrants/${site.id}/lots/${lotId}`, site.pharmacist);
    expect(view.body).toMatchObject({ totalOnHand: 970, totals: { received: 1000, dispensed: 30 } });
  });
});
