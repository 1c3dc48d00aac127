import type { Redis } from 'ioredis';
import { FLOOD_GUARD_SCRIPT_UNEXPECTED_REPLY } from '../../common/errors/error-messages.js';
import { RedisScript } from '../../redis/redis-script.js';
import { FLOOD_WINDOW_MS, FloodGuard, type FloodVerdict } from './flood-guard.port.js';

/**
 * `MemoryFloodGuard.check` in Lua, so that counting, deciding and marking the notice is one atomic step that every
 * instance shares. Keep the two in step: the contract suite runs the same cases against both.
 *
 * KEYS[1] the user's log: a sorted set of the message ids let through, scored by time (ms), expiring a window
 * after the newest. KEYS[2] the "notice sent" mark: until when (ms) the user counts as told, expiring then. Both
 * are judged by `now`, not by the key's TTL, which only cleans up: so an injected clock decides alike in tests.
 * ARGV: now in ms (the instance's clock: a minute's window does not care for the skew between NTP-synced hosts, and
 * Redis's TIME would cost one more command per message), limit, window ms, message id.
 */
export const CHECK_FLOOD_LUA = `
local now = tonumber(ARGV[1])
local limit, window, messageId = tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local score = string.format('%.17g', now)
-- A retried message keeps its first attempt's time (NX), and counts afresh once that time is stale.
local function admit()
  if redis.call('ZADD', KEYS[1], 'NX', score, messageId) == 0 then
    if tonumber(redis.call('ZSCORE', KEYS[1], messageId)) <= now - window then
      redis.call('ZADD', KEYS[1], 'XX', score, messageId)
    end
  end
  redis.call('PEXPIRE', KEYS[1], window)
  return 'pass'
end
-- Fewer entries than the limit, stale ones included, means fewer in the window too: the usual message passes
-- without trimming the log. The log stays bounded: it grows only below the limit and expires a window after its
-- newest entry.
if redis.call('ZCARD', KEYS[1]) < limit then return admit() end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then return admit() end
if redis.call('ZSCORE', KEYS[1], messageId) then return 'pass' end
local toldUntil = tonumber(redis.call('GET', KEYS[2]))
if toldUntil and toldUntil > now then return 'drop' end
redis.call('SET', KEYS[2], string.format('%.17g', now + window), 'PX', window)
return 'drop-and-notify'
`;

const CHECK_FLOOD = new RedisScript(CHECK_FLOOD_LUA, 2);
const VERDICTS: ReadonlySet<unknown> = new Set<FloodVerdict>(['pass', 'drop', 'drop-and-notify']);

export interface RedisFloodGuardOptions {
  /** REDIS_PREFIX: every key starts with it. */
  readonly keyPrefix: string;
  readonly limitPerMinute: number;
  /** Injected for tests; `Date.now` by default. */
  readonly now?: () => number;
}

/**
 * The flood guard shared by every instance through Redis: one atomic script call per message (CHECK_FLOOD_LUA).
 * Keys: `<prefix>flood:{<wa_id>}:log` and `…:notice`; the `{…}` hash tag keeps a user's keys in one Redis Cluster
 * slot, as one script may only touch keys of one slot. Both expire: an idle user leaves nothing behind.
 */
export class RedisFloodGuard extends FloodGuard {
  constructor(
    private readonly redis: Redis,
    private readonly options: RedisFloodGuardOptions,
  ) {
    super();
  }

  /** The user's keys (for tests and operators). */
  keysOf(waId: string): { readonly log: string; readonly notice: string } {
    const base = `${this.options.keyPrefix}flood:{${waId}}:`;
    return { log: `${base}log`, notice: `${base}notice` };
  }

  override async check(waId: string, messageId: string): Promise<FloodVerdict> {
    const { log, notice } = this.keysOf(waId);
    const now = String((this.options.now ?? Date.now)());
    const reply = await CHECK_FLOOD.run(
      this.redis,
      [log, notice],
      [now, this.options.limitPerMinute, FLOOD_WINDOW_MS, messageId],
    );
    if (VERDICTS.has(reply)) return reply as FloodVerdict;
    // Only a script out of step with this adapter gets here: a bug of ours, not a Redis hiccup.
    throw new TypeError(FLOOD_GUARD_SCRIPT_UNEXPECTED_REPLY(JSON.stringify(reply)));
  }
}
