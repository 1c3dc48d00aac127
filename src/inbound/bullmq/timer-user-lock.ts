import type { Redis } from 'ioredis';
import { RedisScript } from '../../redis/redis-script.js';
import type { UserInbox } from './user-inbox.js';

/**
 * Take the user's lock for a step timer, unless a message of theirs waits (it ends the silence, so the timer is
 * stale) or someone holds it. KEYS: inbox, lock. ARGV: token, TTL (ms). Returns {0} message waiting, {1} taken,
 * {2, wait ms} busy.
 */
const TAKE = new RedisScript(
  `if redis.call('LLEN', KEYS[1]) > 0 then return {0, 0} end
   if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return {1, 0} end
   return {2, math.max(redis.call('PTTL', KEYS[2]), 1)}`,
  2,
);

/** Give the lock back if the token still holds it. KEYS: inbox, lock. ARGV: token. Returns messages waiting. */
const RELEASE = new RedisScript(
  `if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
   return redis.call('LLEN', KEYS[1])`,
  2,
);

export type TimerLockResult =
  | { readonly state: 'message-waiting' }
  | { readonly state: 'taken' }
  | { readonly state: 'busy'; readonly waitMs: number };

/**
 * The user's lock (the one `InboxDrainer` holds while it processes their messages), taken by a step timer so that it
 * never acts at the same time as a message of that user, in any process.
 */
export class TimerUserLock {
  constructor(
    private readonly redis: Redis,
    private readonly inbox: UserInbox,
  ) {}

  lockKey(user: string): string {
    return this.inbox.lockKey(user);
  }

  async take(user: string, token: string, ttlMs: number): Promise<TimerLockResult> {
    const reply = await TAKE.run(this.redis, [this.inbox.inboxKey(user), this.inbox.lockKey(user)], [token, ttlMs]);
    if (!Array.isArray(reply)) throw new TypeError(`unexpected script reply: ${String(reply)}`);
    const [state, waitMs] = reply as [number, number];
    if (state === 0) return { state: 'message-waiting' };
    if (state === 1) return { state: 'taken' };
    return { state: 'busy', waitMs: Number(waitMs) };
  }

  /** Releases the lock; resolves with how many messages arrived meanwhile (their drain jobs waited for it). */
  async release(user: string, token: string): Promise<number> {
    return Number(await RELEASE.run(this.redis, [this.inbox.inboxKey(user), this.inbox.lockKey(user)], [token]));
  }
}
