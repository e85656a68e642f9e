import Redis from 'ioredis';

export const REDIS = Symbol('REDIS');

/**
 * The API's one Redis connection (read models and health). It fails fast while Redis is away
 * (no offline queue) and reconnects in the background: Redis is never on the command path.
 */
export function connectRedis(url: string): Redis {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 1000,
    commandTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 500, 5000),
  });
  client.on('error', () => undefined);
  return client;
}

/** Waits (briefly) for the first connection, so the first requests do not find Redis "down". */
export async function firstConnection(client: Redis, timeoutMs = 1000): Promise<void> {
  if (client.status === 'ready') return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
