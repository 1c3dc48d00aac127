import type { Redis } from 'ioredis';
import { UserIdentityStore } from '../user-identity-store.port.js';
import { stateKeys } from './state-keys.js';

/** BSUID → wa_id links in Redis, one string per BSUID under `<prefix>identity:<bsuid>`, without a TTL. */
export class RedisUserIdentityStore extends UserIdentityStore {
  private readonly keys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    super();
    this.keys = stateKeys(prefix);
  }

  async link(userId: string, waId: string): Promise<void> {
    await this.redis.set(this.keys.identity(userId), waId);
  }

  async waIdOf(userId: string): Promise<string | undefined> {
    return (await this.redis.get(this.keys.identity(userId))) ?? undefined;
  }

  async unlink(userId: string): Promise<void> {
    await this.redis.del(this.keys.identity(userId));
  }
}
