import type { Redis } from 'ioredis';
import { RATE_LIMIT_SCRIPT_UNEXPECTED_REPLY } from '../../common/errors/error-messages.js';
import { RedisScript } from '../../redis/redis-script.js';
import type { RateLimits } from './rate-limit.config.js';
import { SendRateLimiter } from './send-rate-limiter.port.js';
import type { SendDecision } from './token-bucket.js';

/**
 * `decideSend` (token-bucket.ts) in Lua, so that reading both buckets, deciding and taking the tokens is one
 * atomic step that every instance shares. Keep the two in step: the contract suite runs the same cases
 * against both limiters.
 *
 * KEYS[1] the number's bucket, KEYS[2] the pair's bucket (absent for read receipts). Each is a string
 * '<tokens> <at>' that expires when the bucket would be full again: a missing bucket is a full one. One GET and
 * one SET PX per bucket (a hash took HMGET, HSET and PEXPIRE); a bucket of another type, such as the hash an
 * earlier version wrote, reads as full once and is then overwritten.
 * ARGV: now in ms ('' → Redis's own clock, one clock for every instance), number capacity, number interval
 * ms, pair capacity, pair interval ms, max wait ms.
 * Returns { 1, waitMs } (granted, tokens taken) or { 0, waitMs, 'number' | 'recipient' } (nothing taken).
 * Waits are whole ms: Redis turns Lua numbers into integers by truncation.
 */
export const DECIDE_SEND_LUA = `
local EPSILON = 1e-6
local now = tonumber(ARGV[1])
if not now then
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
end
local numberCapacity, numberInterval = tonumber(ARGV[2]), tonumber(ARGV[3])
local pairCapacity, pairInterval = tonumber(ARGV[4]), tonumber(ARGV[5])
local maxWait = tonumber(ARGV[6])

local function load(key)
  local ok, value = pcall(redis.call, 'GET', key)
  if not ok or not value then return nil end
  local tokens, at = string.match(value, '^(%S+) (%S+)$')
  if not at then return nil end
  return { tokens = tonumber(tokens), at = tonumber(at) }
end

local function tokensAt(state, capacity, interval, at)
  if not state then return capacity end
  return math.min(capacity, state.tokens + math.max(0, at - state.at) / interval)
end

local function earliestTokenAt(state, capacity, interval)
  local from = now
  if state and state.at > from then from = state.at end
  local tokens = tokensAt(state, capacity, interval, from)
  if tokens >= 1 - EPSILON then return from end
  return from + (1 - tokens) * interval
end

local function wholeMs(ms)
  return math.max(0, math.ceil(ms - EPSILON))
end

local function take(key, state, capacity, interval, at)
  local tokens = math.max(0, tokensAt(state, capacity, interval, at) - 1)
  -- Expire once full again: from then on a missing key means the same as this one.
  local ttl = math.ceil((at - now) + (capacity - tokens) * interval)
  redis.call('SET', key, string.format('%.17g %.17g', tokens, at), 'PX', math.max(1, ttl))
end

local pair = nil
if #KEYS == 2 then
  pair = load(KEYS[2])
  local pairWait = earliestTokenAt(pair, pairCapacity, pairInterval) - now
  if pairWait > EPSILON then return { 0, wholeMs(pairWait), 'recipient' } end
end
local number = load(KEYS[1])
local slot = earliestTokenAt(number, numberCapacity, numberInterval)
local wait = wholeMs(slot - now)
if wait > maxWait then return { 0, wait, 'number' } end
take(KEYS[1], number, numberCapacity, numberInterval, slot)
if #KEYS == 2 then take(KEYS[2], pair, pairCapacity, pairInterval, slot) end
return { 1, wait }
`;

/** One script, two arities: sends to a user (both buckets) and read receipts (the number's only). */
const DECIDE_SEND = new RedisScript(DECIDE_SEND_LUA, 2);
const DECIDE_RECEIPT = new RedisScript(DECIDE_SEND_LUA, 1);

export interface RedisSendRateLimiterOptions {
  /** REDIS_PREFIX: every key starts with it. */
  readonly keyPrefix: string;
  /** WP_PHONE_ID: the budgets belong to the sending number. */
  readonly phoneNumberId: string;
  readonly limits: RateLimits;
  /** Injected for tests; by default the script reads Redis's clock, so instances' clock skew does not matter. */
  readonly now?: () => number;
}

/**
 * The budgets shared by every instance through Redis: one atomic script call per send (see DECIDE_SEND_LUA).
 * Keys: `<prefix>ratelimit:{<phone id>}:number` and `…:pair:<wa_id>`. The `{…}` hash tag keeps a number's
 * keys in one Redis Cluster slot, as one script may only touch keys of one slot.
 */
export class RedisSendRateLimiter extends SendRateLimiter {
  private readonly numberKey: string;
  private readonly pairKeyPrefix: string;
  private readonly limitArgs: readonly string[];

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisSendRateLimiterOptions,
  ) {
    super();
    const base = `${options.keyPrefix}ratelimit:{${options.phoneNumberId}}:`;
    this.numberKey = `${base}number`;
    this.pairKeyPrefix = `${base}pair:`;
    const { number, recipient } = options.limits;
    this.limitArgs = [number.capacity, number.intervalMs, recipient.capacity, recipient.intervalMs].map(String);
  }

  /** The key of a user's pair bucket (for tests and operators). */
  pairKey(recipient: string): string {
    return `${this.pairKeyPrefix}${recipient}`;
  }

  get numberBucketKey(): string {
    return this.numberKey;
  }

  override async acquire(recipient: string | undefined, maxWaitMs: number): Promise<SendDecision> {
    const args = [this.options.now ? String(this.options.now()) : '', ...this.limitArgs, String(maxWaitMs)];
    const reply =
      recipient === undefined
        ? await DECIDE_RECEIPT.run(this.redis, [this.numberKey], args)
        : await DECIDE_SEND.run(this.redis, [this.numberKey, this.pairKey(recipient)], args);
    return parseDecision(reply);
  }
}

function parseDecision(reply: unknown): SendDecision {
  if (Array.isArray(reply) && typeof reply[1] === 'number') {
    if (reply[0] === 1) return { granted: true, waitMs: reply[1] };
    if (reply[0] === 0 && (reply[2] === 'number' || reply[2] === 'recipient')) {
      return { granted: false, waitMs: reply[1], bucket: reply[2] };
    }
  }
  // Only a script out of step with this parser gets here: a bug of ours, not a Redis hiccup.
  throw new TypeError(RATE_LIMIT_SCRIPT_UNEXPECTED_REPLY(JSON.stringify(reply)));
}
