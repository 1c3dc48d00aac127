import type { Redis } from 'ioredis';
import type { UserRef } from '../../common/user-ref.js';
import { RedisScript } from '../../redis/redis-script.js';
import { UserStateMover } from '../user-state-mover.port.js';
import { stateKeys } from './state-keys.js';

/** Per user: session, window, consent, preferences. KEYS alternate old, new; RENAME keeps each key's TTL. */
const USER_KEYS = ['session', 'window', 'consent', 'user'] as const;
const RENAME_EXISTING = new RedisScript(
  `local moved = 0
   for i = 1, #KEYS, 2 do
     if redis.call('EXISTS', KEYS[i]) == 1 then redis.call('RENAME', KEYS[i], KEYS[i + 1]); moved = moved + 1 end
   end
   return moved`,
  USER_KEYS.length * 2,
);

/** Moves a user's keys in one script: atomic for every other instance and command. */
export class RedisUserStateMover extends UserStateMover {
  private readonly keys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    super();
    this.keys = stateKeys(prefix);
  }

  async move(from: UserRef, to: UserRef): Promise<void> {
    if (from === to) return;
    const pairs = USER_KEYS.flatMap((kind) => [this.keys[kind](from), this.keys[kind](to)]);
    await RENAME_EXISTING.run(this.redis, pairs);
  }
}
