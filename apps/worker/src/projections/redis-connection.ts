import Redis from 'ioredis';
import type { JsonLogger } from '@lib/config';

/** The URL with any password masked, fit for a log line. */
function shown(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/**
 * The worker's connection to Redis. The worker waits for Redis rather than failing: commands
 * queue while it is unreachable (`maxRetriesPerRequest: null`) and the connection is retried
 * every 1 to 20 s, so a worker started before Redis, or one whose Redis restarts, carries on by
 * itself. Each outage is logged once, and so is the return; an eviction policy other than
 * `noeviction` is reported, since an evicted document would go unnoticed under its checkpoint.
 * Without a logger the connection stays quiet: another one of the worker already reports Redis.
 */
export function connectRedis(url: string, logger?: JsonLogger): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => Math.min(attempt * 1000, 20_000),
  });
  if (!logger) {
    redis.on('error', () => undefined);
    return redis;
  }
  let reachable = true;
  redis.on('error', (error: Error) => {
    if (!reachable) return;
    reachable = false;
    logger.write('error', 'Redis is unreachable; the read models wait for it (retrying every 1–20 s)', {
      redis: shown(url),
      error: error.message,
    });
  });
  redis.on('ready', () => {
    reachable = true;
    logger.write('info', 'Redis connected', { redis: shown(url) });
    void checkEvictionPolicy(redis, logger);
  });
  return redis;
}

async function checkEvictionPolicy(redis: Redis, logger: JsonLogger): Promise<void> {
  try {
    const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as string[];
    if (policy !== 'noeviction') {
      logger.write('error', `Redis maxmemory-policy is "${policy}": the read models need "noeviction"`);
    }
  } catch (error) {
    // Some managed Redis services refuse CONFIG; the operator has to check the policy there.
    logger.write('warn', 'Could not read Redis maxmemory-policy; make sure it is "noeviction"', {
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
