import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestLedger } from '../../../test/support/test-ledger';
import { minutesAgo, receiveLot, setUpSite, signed, witnessedBy, type Site } from '../../../test/support/site';

/** Scenario 25 and the hash chain: history cannot be edited unseen. */
describe('tampering with the stored ledger', () => {
  let ledger: TestLedger;
  let site: Site;
  let lotId: string;
  let lots: string;
  const reason = 'Restock clinic room for session 2';

  beforeAll(async () => {
    ledger = await TestLedger.start();
    site = await setUpSite(ledger);
    lots = `/registrants/${site.id}/lots`;
    lotId = await receiveLot(ledger, site);
    const transfer = await ledger.post(`${lots}/${lotId}/transfers`, site.pharmacist, {
      fromLocationId: site.vault,
      toLocationId: site.clinic,
      quantity: 30,
      reason,
      occurredAt: minutesAgo(5),
      ...signed,
      ...witnessedBy('ivy.investigator'),
    });
    expect(transfer.status).toBe(201);
  });
  afterAll(() => ledger.close());

  const ledgerFile = () => join(ledger.dataDir, 'ledger.sqlite');

  it('scenario 25: the store refuses to update or delete a recorded event', () => {
    const db = new Database(ledgerFile());
    try {
      expect(() => db.prepare("UPDATE events SET data = '{}' WHERE revision = 1").run()).toThrow(/immutable/);
      expect(() => db.prepare('DELETE FROM events').run()).toThrow(/immutable/);
    } finally {
      db.close();
    }
  });

  it('reports the exact event when one byte of its stored data is changed in the file', async () => {
    expect((await ledger.get(`${lots}/${lotId}/verification`, site.regulator)).body).toEqual({
      valid: true,
      events: 2,
    });
    let at = -1;
    // Closing the last connection checkpoints the WAL into the main file, which is then edited.
    ledger = await ledger.restart(() => {
      const bytes = readFileSync(ledgerFile());
      at = bytes.indexOf(Buffer.from(reason));
      bytes[at] = 'X'.charCodeAt(0); // "Restock" becomes "Xestock"
      writeFileSync(ledgerFile(), bytes);
    });
    expect(at).toBeGreaterThan(0);
    const verification = await ledger.get(`${lots}/${lotId}/verification`, site.regulator);
    const events = (await ledger.get(`${lots}/${lotId}/events`, site.regulator)).body;
    expect(events[1].data.reason).toBe('Xestock clinic room for session 2');
    expect(verification.body).toEqual({
      valid: false,
      events: 2,
      firstInvalid: { revision: 1, eventId: events[1].eventId, reason: 'content does not match its hash' },
    });
  });
});
