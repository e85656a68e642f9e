import type Redis from 'ioredis';
import { eventually } from '../../../../test/support/eventually';
import { RedisServer } from '../../../../test/support/redis-server';
import { RedisLease } from './lease';

const KEY = 'site1:rm:runner:lease';
const TTL_MS = 60_000;

describe('the projection lease', () => {
  let server: RedisServer;
  let first: Redis;
  let second: Redis;

  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterAll(() => server.stop());

  beforeEach(async () => {
    [first, second] = [server.client(), server.client()];
    await first.flushall();
  });

  it('is held by one runner at a time; the other gets it once it is released', async () => {
    const [a, b] = [new RedisLease(first, KEY, TTL_MS), new RedisLease(second, KEY, TTL_MS)];
    expect(await a.acquire()).toBe(true);
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    expect(await first.pttl(KEY)).toBeGreaterThan(TTL_MS - 1000);
    await a.release();
    expect(await b.acquire()).toBe(true);
    expect(await a.acquire()).toBe(false);
  });

  it('is not renewed once lost: expired, taken, or flushed away', async () => {
    const a = new RedisLease(first, KEY, TTL_MS);
    expect(await a.acquire()).toBe(true);
    expect(await a.renew()).toBe(true);
    await second.flushall();
    expect(await a.renew()).toBe(false);
    await second.set(KEY, 'someone-else');
    expect(await a.acquire()).toBe(false);
  });

  it('is taken over at once from a holder whose connection closed (a killed process), not from a live one', async () => {
    const holder = server.client();
    expect(await new RedisLease(holder, KEY, TTL_MS).acquire()).toBe(true);
    const waiting = new RedisLease(second, KEY, TTL_MS);
    expect(await waiting.acquire()).toBe(false);
    holder.disconnect();
    await eventually(() => waiting.acquire(), 'the lease to be taken over');
    expect(await first.pttl(KEY)).toBeGreaterThan(TTL_MS - 1000);
  });
});
