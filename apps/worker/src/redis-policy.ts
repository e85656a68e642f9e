import Redis from 'ioredis';

/** A reason the worker will not start, said plainly to the operator. */
export class StartupRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupRefusal';
  }
}

/**
 * Refuses to start against a Redis that may evict keys: an evicted job or scheduler would be
 * lost without a trace (BullMQ requires `noeviction`). A Redis that cannot be reached within a
 * second is not checked here (the worker starts and waits for it; its connection checks again
 * and logs an error), nor is one that refuses CONFIG (some managed services do).
 */
export async function refuseEvictingRedis(url: string): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  let policy: string | undefined;
  try {
    await redis.connect();
    [, policy] = (await redis.config('GET', 'maxmemory-policy')) as string[];
  } catch {
    return;
  } finally {
    redis.disconnect();
  }
  if (policy !== undefined && policy !== 'noeviction') {
    throw new StartupRefusal(
      `Redis maxmemory-policy is "${policy}"; the ledger's job queues need "noeviction" ` +
        '(an evicted job or schedule would be lost silently). Run CONFIG SET maxmemory-policy noeviction ' +
        'and set it in redis.conf, then start the worker again.',
    );
  }
}
