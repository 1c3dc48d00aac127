import type { Redis } from 'ioredis';
import { DedupeStore } from '../dedupe-store.port.js';
import { stateKeys } from './state-keys.js';

/**
 * Dedupe in Redis: `SET <prefix>dedupe:<id> 1 NX EX ttl` claims an id atomically across every instance, and Redis
 * forgets it after the TTL (7 days by default: Meta redelivers for that long). No size bound is needed: keys expire.
 */
export class RedisDedupeStore extends DedupeStore {
  private readonly keys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly ttlSeconds: number,
  ) {
    super();
    this.keys = stateKeys(prefix);
  }

  async claim(messageId: string): Promise<boolean> {
    return (await this.redis.set(this.keys.dedupe(messageId), '1', 'EX', this.ttlSeconds, 'NX')) === 'OK';
  }
}
