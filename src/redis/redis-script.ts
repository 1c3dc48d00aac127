import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A Lua script run atomically by Redis. Sent by its SHA1 (EVALSHA), and in full only when the server does not know
 * it yet (after a restart or SCRIPT FLUSH), so each call costs one round trip and a few bytes.
 */
export class RedisScript {
  private readonly sha: string;

  constructor(
    private readonly lua: string,
    /** Omitted for a script that takes any number of keys. */
    private readonly keyCount?: number,
  ) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  async run(redis: Redis, keys: readonly string[], args: readonly (string | number)[] = []): Promise<unknown> {
    if (this.keyCount !== undefined && keys.length !== this.keyCount) {
      throw new RangeError(`script expects ${this.keyCount} keys, got ${keys.length}`);
    }
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.lua, keys.length, ...keys, ...args);
    }
  }
}
