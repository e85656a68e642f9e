import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';

const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const TAKE_OVER = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end return 0`;

/**
 * A lease on one key (SET NX PX), renewed by its holder well before it expires; whoever holds it
 * does the work, the others wait. Its value starts with the holder's Redis connection id, so a
 * holder whose connection is gone (its process was killed) is taken over at once rather than
 * after the lease expires. If Redis will not list its clients, the lease simply runs out.
 */
export class RedisLease {
  private token: string | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly ttlMs: number,
  ) {}

  /** Takes the lease, or keeps it if already held; false while someone else holds it. */
  async acquire(): Promise<boolean> {
    if (this.token !== null && (await this.renew())) return true;
    const token = `${await this.redis.client('ID')}:${randomUUID()}`;
    const taken =
      (await this.redis.set(this.key, token, 'PX', this.ttlMs, 'NX')) === 'OK' ||
      (await this.takeOverFromClosedConnection(token));
    if (taken) this.token = token;
    return taken;
  }

  /** Extends the lease; false (and no longer held) if it was lost meanwhile. */
  async renew(): Promise<boolean> {
    const renewed = this.token !== null && (await this.redis.eval(RENEW, 1, this.key, this.token, this.ttlMs)) === 1;
    if (!renewed) this.token = null;
    return renewed;
  }

  async release(): Promise<void> {
    const token = this.token;
    this.token = null;
    if (token !== null) await this.redis.eval(RELEASE, 1, this.key, token);
  }

  private async takeOverFromClosedConnection(token: string): Promise<boolean> {
    const holder = await this.redis.get(this.key);
    if (holder === null || (await this.connectionOpen(holder))) return false;
    return (await this.redis.eval(TAKE_OVER, 1, this.key, holder, token, this.ttlMs)) === 1;
  }

  private async connectionOpen(holder: string): Promise<boolean> {
    try {
      return (await this.redis.client('LIST', 'ID', holder.split(':')[0])) !== '';
    } catch {
      return true;
    }
  }
}
