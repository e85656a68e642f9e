import type Redis from 'ioredis';

export type RedisCheck = { status: 'up'; maxmemoryPolicy: string } | { status: 'down' };

const DEADLINE_MS = 1000;

/**
 * Redis is not on the command path: the ledger records without it. This probe only reports it,
 * and whether its eviction policy is the `noeviction` that queues need.
 */
export class RedisProbe {
  constructor(private readonly client: Redis) {}

  async check(): Promise<RedisCheck> {
    try {
      const reply = await withDeadline(this.client.config('GET', 'maxmemory-policy') as Promise<string[]>);
      return { status: 'up', maxmemoryPolicy: reply[1] ?? 'unknown' };
    } catch {
      return { status: 'down' };
    }
  }
}

export function withDeadline<T>(work: Promise<T>, ms = DEADLINE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
