import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bullPrefix, EXPORT_QUEUE } from '@lib/config';
import { eventually } from './support/eventually';
import { setUpSite } from './support/site';
import { TestLedger } from './support/test-ledger';

/**
 * A registrant's export scheduler, set by configuration to fire every second, fires again and
 * again for the same month: there is one bundle, one zip and one `ExportGenerated` event.
 */
describe('scheduled exports', () => {
  const prefix = `s${randomUUID().slice(0, 8)}`;
  let ledger: TestLedger;
  let queue: Queue;

  beforeAll(async () => {
    ledger = await TestLedger.start({ EXPORT_CRON: '*/1 * * * * *', REDIS_PREFIX: prefix }, { worker: true });
    queue = new Queue(EXPORT_QUEUE, { connection: { host: '127.0.0.1', port: 6379 }, prefix: bullPrefix(prefix) });
  });

  afterAll(async () => {
    await queue?.close();
    await ledger?.close();
  });

  it('makes one bundle of the previous month however often the scheduler fires', async () => {
    const site = await setUpSite(ledger);
    const fired = async () =>
      (await queue.getJobs(['completed'])).filter(
        (job) => job.name === 'scheduled' && job.data.registrantId === site.id,
      );
    await eventually(async () => (await fired()).length >= 3, 'the scheduler to fire three times', 30_000);

    const results = (await fired()).map((job) => job.returnvalue as { exportId: string; created: boolean });
    expect(new Set(results.map((r) => r.exportId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);

    const exports = (await ledger.get(`/registrants/${site.id}/exports`, site.regulator)).body;
    expect(exports).toHaveLength(1);
    const [only] = exports;
    expect(only).toMatchObject({ exportId: results[0].exportId, requestedBy: 'SCHEDULE' });
    // The month before the one the scheduler fired in, on the registrant's clock.
    const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' })
      .format(new Date())
      .split('-')
      .map(Number);
    const first = (y: number, m: number) => `${m === 0 ? y - 1 : y}-${String(m === 0 ? 12 : m).padStart(2, '0')}-01`;
    expect([only.from, only.to]).toEqual([first(year, month - 1), first(year, month)]);
    expect(readdirSync(join(ledger.dataDir, 'exports', site.id)).sort()).toEqual(
      [only.exportId, `${only.exportId}.zip`].sort(),
    );
  }, 60_000);
});
