import { Queue } from 'bullmq';
import request from 'supertest';
import { ALERT_QUEUE, bullPrefix, DISCREPANCY_QUEUE, EXPORT_QUEUE } from '@lib/config';
import { freePort, RedisServer } from '../../../test/support/redis-server';
import { deaNumber, setUpSite, type Site } from '../../../test/support/site';
import { ADMIN_PASSWORD, TestLedger } from '../../../test/support/test-ledger';
import { expectProblem } from './support/expect-problem';

/**
 * The queue dashboard (Bull Board at /admin/queues): administrators only, read-only, and never in
 * the way of the ledger.
 */

const PREFIX = 'dashboard';
const PAGE = '/admin/queues';
const DATA = '/admin/queues/api/queues';

let redis: RedisServer;
let ledger: TestLedger;
let site: Site;
let asset: string;

beforeAll(async () => {
  redis = await RedisServer.start();
  ledger = await TestLedger.start({ REDIS_URL: redis.url, REDIS_PREFIX: PREFIX });
  site = await setUpSite(ledger);
  // A job the worker would find, queued under the key prefix the worker uses.
  const alerts = new Queue(ALERT_QUEUE, { connection: { url: redis.url }, prefix: bullPrefix(PREFIX) });
  await alerts.add('CASE_OPENED', { alertId: 'waiting' }, { jobId: 'waiting' });
  await alerts.close();
  const page = await request(ledger.server).get(PAGE).set('Authorization', `Bearer ${site.admin}`);
  asset = `${PAGE}/${/src="(static\/js\/main\.[^"]+\.js)"/.exec(page.text)?.[1]}`;
});

afterAll(async () => {
  await ledger.close();
  await redis.stop();
});

const get = (path: string, token?: string) => {
  const call = request(ledger.server).get(path);
  return token === undefined ? call : call.set('Authorization', `Bearer ${token}`);
};

describe.each([
  ['the page', PAGE],
  ['a static asset', 'asset'],
  ['its data', DATA],
])('%s', (_, path) => {
  const url = () => (path === 'asset' ? asset : path);

  it('without a token → 401 UNAUTHENTICATED', async () => {
    expectProblem(await get(url()), 401, 'UNAUTHENTICATED');
    expectProblem(await get(url(), 'not-a-token'), 401, 'UNAUTHENTICATED');
  });

  it('for every role but ADMIN → 403 FORBIDDEN', async () => {
    for (const token of [site.pharmacist, site.investigator, site.compliance, site.regulator]) {
      expectProblem(await get(url(), token), 403, 'FORBIDDEN');
    }
  });

  it('for an administrator → 200', async () => {
    expect((await get(url(), site.admin)).status).toBe(200);
  });
});

describe('for an administrator', () => {
  it('serves the board: HTML based at /admin/queues/, whose script loads, under the security headers', async () => {
    const page = await get(PAGE, site.admin);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<base href="/admin/queues/" />');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    const script = await get(asset, site.admin);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.text.length).toBeGreaterThan(1000);
  });

  it('lists the discrepancy and alert queues, read-only, with the jobs the worker would find', async () => {
    const response = await get(DATA, site.admin);
    expect(response.status).toBe(200);
    const queues = response.body.queues as { name: string; readOnlyMode: boolean; counts: { waiting: number } }[];
    expect(queues.map((queue) => queue.name).sort()).toEqual([ALERT_QUEUE, DISCREPANCY_QUEUE, EXPORT_QUEUE]);
    expect(queues.every((queue) => queue.readOnlyMode)).toBe(true);
    expect(queues.find((queue) => queue.name === ALERT_QUEUE)?.counts.waiting).toBe(1);
  });

  it('refuses to add, retry or remove jobs (an added alert would go out signed as the ledger’s own)', async () => {
    const as = (call: request.Test) => call.set('Authorization', `Bearer ${site.admin}`);
    const refused = [
      await as(request(ledger.server).post(`${DATA}/${ALERT_QUEUE}/add`)).send({ name: 'CASE_OPENED', data: {} }),
      await as(request(ledger.server).put(`${DATA}/${ALERT_QUEUE}/retry/failed`)),
      await as(request(ledger.server).put(`${DATA}/${ALERT_QUEUE}/clean/waiting`)),
      await as(request(ledger.server).put(`${DATA}/${ALERT_QUEUE}/empty`)),
    ];
    expect(refused.map((response) => response.status)).toEqual([405, 405, 405, 405]);
    const after = await get(DATA, site.admin);
    expect(after.body.queues.find((queue: { name: string }) => queue.name === ALERT_QUEUE).counts.waiting).toBe(1);
  });
});

describe('with Redis down', () => {
  it('the API starts and records commands; the board loads and its data calls fail fast', async () => {
    const down = await TestLedger.start({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    try {
      const admin = await down.login('admin', ADMIN_PASSWORD);
      const created = await down.post('/registrants', admin, {
        name: 'Research site while Redis is down',
        deaNumber: deaNumber('RA', '654321'),
        activity: 'RESEARCHER',
        schedules: ['I'],
        address: { street: '1 Research Way', city: 'Boston', state: 'MA', postalCode: '02115' },
        registrationExpiresOn: '2099-12-31',
        timeZone: 'America/New_York',
      });
      expect(created.status).toBe(201);
      expect((await request(down.server).get(PAGE).set('Authorization', `Bearer ${admin}`)).status).toBe(200);
      const started = Date.now();
      const data = await request(down.server).get(DATA).set('Authorization', `Bearer ${admin}`);
      expect(data.status).toBeGreaterThanOrEqual(500);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await down.close();
    }
  });
});
