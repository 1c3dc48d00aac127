import type { Redis } from 'ioredis';
import { RATE_LIMIT_SCRIPT_UNEXPECTED_REPLY } from '../../common/errors/error-messages.js';
import { BatchedCalls } from '../../common/batching/batched-calls.js';
import { RedisScript } from '../../redis/redis-script.js';
import type { RateLimits } from './rate-limit.config.js';
import { SendRateLimiter } from './send-rate-limiter.port.js';
import type { SendDecision } from './token-bucket.js';

/**
 * `decideSend` (token-bucket.ts) in Lua, for a batch of sends decided one after the other, as if each were its own
 * call at the same moment: reading the buckets, deciding and taking the tokens is one atomic step that every
 * instance shares. Keep the two in step: the contract suite runs the same cases against both limiters.
 *
 * KEYS[1] the number's bucket, then the pair buckets of the batch's recipients. Each is a string '<tokens> <at>'
 * that expires when the bucket would be full again: a missing bucket is a full one. Each bucket is read once
 * and written once per batch, however many of its sends the batch holds; a bucket of another type, such as the
 * hash an earlier version wrote, reads as full once and is then overwritten.
 * ARGV: now in ms ('' → Redis's own clock, one clock for every instance), number capacity, number interval ms,
 * pair capacity, pair interval ms, then two per send: the index in KEYS of its pair bucket (0 for read receipts,
 * which use the number's only) and its max wait in ms.
 * Returns one decision per send: { 1, waitMs } (granted, tokens taken) or { 0, waitMs, 'number' | 'recipient' }
 * (nothing taken). Waits are whole ms: Redis turns Lua numbers into integers by truncation.
 */
export const DECIDE_SENDS_LUA = `
local EPSILON = 1e-6
local now = tonumber(ARGV[1])
if not now then
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
end
local numberCapacity, numberInterval = tonumber(ARGV[2]), tonumber(ARGV[3])
local pairCapacity, pairInterval = tonumber(ARGV[4]), tonumber(ARGV[5])

-- Bucket states by KEYS index (false: full, the key is missing); the limits of those taken from, by KEYS index,
-- and their indexes in order, to write them back at the end.
local states, limits, taken = {}, {}, {}

local function load(index)
  if states[index] == nil then
    states[index] = false
    local ok, value = pcall(redis.call, 'GET', KEYS[index])
    if ok and value then
      local tokens, at = string.match(value, '^(%S+) (%S+)$')
      if at then states[index] = { tokens = tonumber(tokens), at = tonumber(at) } end
    end
  end
  return states[index] or nil
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

local function take(index, capacity, interval, at)
  local tokens = math.max(0, tokensAt(states[index] or nil, capacity, interval, at) - 1)
  states[index] = { tokens = tokens, at = at }
  if not limits[index] then
    limits[index] = { capacity = capacity, interval = interval }
    table.insert(taken, index)
  end
end

local function decide(pairIndex, maxWait)
  if pairIndex > 0 then
    local pairWait = earliestTokenAt(load(pairIndex), pairCapacity, pairInterval) - now
    if pairWait > EPSILON then return { 0, wholeMs(pairWait), 'recipient' } end
  end
  local slot = earliestTokenAt(load(1), numberCapacity, numberInterval)
  local wait = wholeMs(slot - now)
  if wait > maxWait then return { 0, wait, 'number' } end
  take(1, numberCapacity, numberInterval, slot)
  if pairIndex > 0 then take(pairIndex, pairCapacity, pairInterval, slot) end
  return { 1, wait }
end

local decisions = {}
for i = 6, #ARGV, 2 do
  table.insert(decisions, decide(tonumber(ARGV[i]), tonumber(ARGV[i + 1])))
end
-- Expire once full again: from then on a missing key means the same as this one.
for _, index in ipairs(taken) do
  local state, limit = states[index], limits[index]
  local ttl = math.ceil((state.at - now) + (limit.capacity - state.tokens) * limit.interval)
  redis.call('SET', KEYS[index], string.format('%.17g %.17g', state.tokens, state.at), 'PX', math.max(1, ttl))
end
return decisions
`;

const DECIDE_SENDS = new RedisScript(DECIDE_SENDS_LUA);

/** Sends decided in one script call at most: a batch's keys and arguments stay small. */
const MAX_SENDS_PER_BATCH = 100;

/** One `acquire` call waiting for its batch. */
interface AskedSend {
  readonly recipient: string | undefined;
  readonly maxWaitMs: number;
}

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
 * The budgets shared by every instance through Redis, decided by DECIDE_SENDS_LUA. The sends one process asks
 * for while a call is out go together in the next (see BatchedCalls): under load the number's bucket is then read
 * and written once per batch rather than once per send, with the same decisions as one call each.
 * Keys: `<prefix>ratelimit:{<phone id>}:number` and `…:pair:<wa_id>`. The `{…}` hash tag keeps a number's
 * keys in one Redis Cluster slot, as one script may only touch keys of one slot.
 */
export class RedisSendRateLimiter extends SendRateLimiter {
  private readonly numberKey: string;
  private readonly pairKeyPrefix: string;
  private readonly limitArgs: readonly string[];
  private readonly sends = new BatchedCalls<AskedSend, SendDecision>(
    (requests) => this.decide(requests),
    MAX_SENDS_PER_BATCH,
  );

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

  override acquire(recipient: string | undefined, maxWaitMs: number): Promise<SendDecision> {
    return this.sends.call({ recipient, maxWaitMs });
  }

  private async decide(requests: readonly AskedSend[]): Promise<SendDecision[]> {
    const keys = [this.numberKey];
    const keyIndexOf = new Map<string, number>();
    const args = [this.options.now ? String(this.options.now()) : '', ...this.limitArgs];
    for (const { recipient, maxWaitMs } of requests) {
      let keyIndex = 0;
      if (recipient !== undefined) {
        keyIndex = keyIndexOf.get(recipient) ?? keys.push(this.pairKey(recipient));
        keyIndexOf.set(recipient, keyIndex);
      }
      args.push(String(keyIndex), String(maxWaitMs));
    }
    const reply = await DECIDE_SENDS.run(this.redis, keys, args);
    if (!Array.isArray(reply) || reply.length !== requests.length) throw unexpectedReply(reply);
    return reply.map(parseDecision);
  }
}

function parseDecision(reply: unknown): SendDecision {
  if (Array.isArray(reply) && typeof reply[1] === 'number') {
    if (reply[0] === 1) return { granted: true, waitMs: reply[1] };
    if (reply[0] === 0 && (reply[2] === 'number' || reply[2] === 'recipient')) {
      return { granted: false, waitMs: reply[1], bucket: reply[2] };
    }
  }
  throw unexpectedReply(reply);
}

/** Only a script out of step with this parser gets here: a bug of ours, not a Redis hiccup. */
function unexpectedReply(reply: unknown): TypeError {
  return new TypeError(RATE_LIMIT_SCRIPT_UNEXPECTED_REPLY(JSON.stringify(reply)));
}
