import { TestLedger } from '../../../test/support/test-ledger';
import { dispensation, receiveLot, setUpSite, type Site } from '../../../test/support/site';

/** Scenario 5 / reliability L1: the last unit is dispensed once, however many race for it. */
describe('racing for the last unit', () => {
  let ledger: TestLedger;
  let site: Site;

  beforeAll(async () => {
    ledger = await TestLedger.start();
    site = await setUpSite(ledger);
  });
  afterAll(() => ledger.close());

  it('scenario 5: 50 concurrent dispenses of the last unit give exactly one 201 and 49 × 409 INSUFFICIENT_STOCK', async () => {
    const lots = `/registrants/${site.id}/lots`;
    const lotId = await receiveLot(ledger, site, { quantity: 1 });
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        ledger.post(
          `${lots}/${lotId}/dispensations`,
          site.pharmacist,
          dispensation(site, { quantity: 1, participantId: `P-${i}` }),
        ),
      ),
    );
    const outcomes = responses.map((r) => `${r.status} ${r.body.code ?? ''}`.trim());
    expect(outcomes.filter((o) => o === '201')).toHaveLength(1);
    expect(outcomes.filter((o) => o === '409 INSUFFICIENT_STOCK')).toHaveLength(49);

    const events = (await ledger.get(`${lots}/${lotId}/events`, site.pharmacist)).body as {
      type: string;
      data: { quantity: number };
    }[];
    let balance = 0;
    for (const event of events) {
      balance += event.type === 'LotReceived' ? event.data.quantity : -event.data.quantity;
      expect(balance).toBeGreaterThanOrEqual(0);
    }
    expect(events.map((e) => e.type)).toEqual(['LotReceived', 'DoseDispensed']);
    const view = await ledger.get(`${lots}/${lotId}`, site.pharmacist);
    expect(view.body).toMatchObject({ totalOnHand: 0, totals: { received: 1, dispensed: 1 } });
  });
});
