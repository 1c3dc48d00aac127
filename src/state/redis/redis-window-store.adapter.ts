import type { Redis } from 'ioredis';
import { RedisScript } from '../../redis/redis-script.js';
import { WINDOW_RETENTION_SECONDS, WindowStore } from '../window-store.port.js';
import { stateKeys } from './state-keys.js';

// Keeps the later of the stored and the given time, and restarts the retention: one round trip, no lost update
// when two instances record the same user at once. Written first and put back in the rare case that the stored
// time was later (a delayed older message), so the usual message costs one command inside the script, not two.
const RECORD_LATEST = new RedisScript(
  `
local previous = tonumber(redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2], 'GET'))
if previous and previous > tonumber(ARGV[1]) then redis.call('SET', KEYS[1], previous, 'KEEPTTL') end
return 1`,
  1,
);

// Moves the stored time back, keeping the key's TTL: a rewound user is still forgotten when the real one would be.
const REWIND = new RedisScript(
  `
local current = redis.call('GET', KEYS[1])
if current then redis.call('SET', KEYS[1], tonumber(current) - tonumber(ARGV[1]), 'KEEPTTL') end
return 1`,
  1,
);

/**
 * Last inbound times in Redis, one key per user under `<prefix>window:<wa_id>`, expiring WINDOW_RETENTION_SECONDS
 * after the last message: shared by every instance, independent of the session key's TTL.
 */
export class RedisWindowStore extends WindowStore {
  private readonly keys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    super();
    this.keys = stateKeys(prefix);
  }

  async recordInbound(waId: string, at: number): Promise<void> {
    await RECORD_LATEST.run(this.redis, [this.keys.window(waId)], [at, WINDOW_RETENTION_SECONDS]);
  }

  async rewind(waId: string, ms: number): Promise<void> {
    await REWIND.run(this.redis, [this.keys.window(waId)], [ms]);
  }

  async lastInboundAt(waId: string): Promise<number | undefined> {
    const value = await this.redis.get(this.keys.window(waId));
    return value === null ? undefined : Number(value);
  }
}
