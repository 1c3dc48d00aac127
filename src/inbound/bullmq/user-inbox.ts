import type { Redis } from 'ioredis';
import { RedisScript } from '../../redis/redis-script.js';
import { stateKeys } from '../../state/redis/state-keys.js';

/**
 * Accept a delivery: claim its message id (the dedupe store's key) and, only if it is new, append it to the user's
 * inbox and mark the inbox active. One script, so a delivery is either fully accepted or not at all.
 * KEYS: dedupe, inbox, active set. ARGV: dedupe TTL (s), entry, wa_id. Returns 1 if new, 0 for a redelivery.
 */
const ACCEPT = new RedisScript(
  `if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
   redis.call('RPUSH', KEYS[2], ARGV[2])
   redis.call('SADD', KEYS[3], ARGV[3])
   return 1`,
  3,
);

/**
 * Take the user's lock unless there is nothing to do, the user is cooling down after a failure, or someone holds it.
 * KEYS: inbox, lock, cooldown. ARGV: token, lock TTL (ms). Returns {0} empty, {1, 0, head entry} acquired (the head
 * saves the holder a first read: only the holder removes entries, so it cannot change), {2, wait ms} busy.
 */
const ACQUIRE = new RedisScript(
  `local head = redis.call('LINDEX', KEYS[1], 0)
   if not head then return {0, 0} end
   local cooling = redis.call('PTTL', KEYS[3])
   if cooling > 0 then return {2, cooling} end
   if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return {1, 0, head} end
   return {2, math.max(redis.call('PTTL', KEYS[2]), 1)}`,
  3,
);

/** Extend the lock if the token still holds it. KEYS: lock. ARGV: token, TTL (ms). Returns 1, or 0 if lost. */
const RENEW = new RedisScript(
  `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
   redis.call('PEXPIRE', KEYS[1], ARGV[2])
   return 1`,
  1,
);

/**
 * Start an attempt at the head message: count it before any work, so a worker killed in the middle counts too.
 * KEYS: attempts hash. ARGV: TTL (s). Returns {attempt number, last error code or false}.
 */
const START_ATTEMPT = new RedisScript(
  `local attempt = redis.call('HINCRBY', KEYS[1], 'count', 1)
   redis.call('EXPIRE', KEYS[1], ARGV[1])
   return {attempt, redis.call('HGET', KEYS[1], 'error')}`,
  1,
);

/**
 * Remove the head once it is done, fenced: only the lock's holder may, and only the entry it processed.
 * KEYS: inbox, lock, attempts, active set. ARGV: token, entry, lock TTL (ms), wa_id. Returns entries left, or -1
 * if the lock is no longer this token's (the message then stays for the new holder).
 */
const COMPLETE_HEAD = new RedisScript(
  `if redis.call('GET', KEYS[2]) ~= ARGV[1] then return -1 end
   if redis.call('LINDEX', KEYS[1], 0) == ARGV[2] then redis.call('LPOP', KEYS[1]) end
   redis.call('DEL', KEYS[3])
   redis.call('PEXPIRE', KEYS[2], ARGV[3])
   local left = redis.call('LLEN', KEYS[1])
   if left == 0 then redis.call('SREM', KEYS[4], ARGV[4]) end
   return left`,
  4,
);

/**
 * Move the head to the dead letters, fenced like COMPLETE_HEAD. KEYS: inbox, lock, attempts, active set, dead-letter
 * hash, dead-letter index. ARGV: token, entry, wa_id, message id, record, time (ms). Returns 1, or -1 if lost.
 */
const DEAD_LETTER_HEAD = new RedisScript(
  `if redis.call('GET', KEYS[2]) ~= ARGV[1] then return -1 end
   if redis.call('LINDEX', KEYS[1], 0) == ARGV[2] then redis.call('LPOP', KEYS[1]) end
   redis.call('DEL', KEYS[3])
   if redis.call('LLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[4], ARGV[3]) end
   redis.call('HSET', KEYS[5], ARGV[4], ARGV[5])
   redis.call('ZADD', KEYS[6], ARGV[6], ARGV[4])
   return 1`,
  6,
);

/**
 * Give the lock back, but only once the inbox is empty: checked atomically, so a message pushed a moment ago is
 * never left behind by a holder that saw an empty inbox. KEYS: inbox, lock. ARGV: token.
 * Returns 1 released, 0 not empty (keep draining), -1 lost.
 */
const RELEASE_IF_EMPTY = new RedisScript(
  `if redis.call('GET', KEYS[2]) ~= ARGV[1] then return -1 end
   if redis.call('LLEN', KEYS[1]) > 0 then return 0 end
   redis.call('DEL', KEYS[2])
   return 1`,
  2,
);

/**
 * Give the lock back with messages still waiting (shutdown, a failure, a fair share used up), optionally with a
 * cooldown during which nobody takes the user (the retry backoff). KEYS: lock, cooldown, attempts.
 * ARGV: token, cooldown (ms, 0 for none), error code ('' for none).
 */
const YIELD = new RedisScript(
  `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
   if tonumber(ARGV[2]) > 0 then redis.call('SET', KEYS[2], '1', 'PX', ARGV[2]) end
   if ARGV[3] ~= '' and redis.call('EXISTS', KEYS[3]) == 1 then redis.call('HSET', KEYS[3], 'error', ARGV[3]) end
   return 1`,
  3,
);

/**
 * Put a dead letter back at the end of its user's inbox. KEYS: dead-letter hash, dead-letter index, inbox, active
 * set. ARGV: message id, the record as read (replayed only if unchanged), entry, wa_id. Returns 1, or 0 if gone.
 */
const REPLAY = new RedisScript(
  `if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
   redis.call('RPUSH', KEYS[3], ARGV[3])
   redis.call('SADD', KEYS[4], ARGV[4])
   redis.call('HDEL', KEYS[1], ARGV[1])
   redis.call('ZREM', KEYS[2], ARGV[1])
   return 1`,
  4,
);

/**
 * Remove the oldest dead letters: those that failed before a cutoff and those beyond a count, at most a batch of
 * them. The index is sorted by failure time, so both sets are a prefix of it and the longer prefix covers both.
 * One script, so several sweepers trimming at once never leave a record without its index entry or the reverse.
 * KEYS: dead-letter hash, dead-letter index. ARGV: cutoff (ms), count kept, batch. Returns how many were removed.
 */
const TRIM_DEAD_LETTERS = new RedisScript(
  `local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[2])
   local expired = redis.call('ZCOUNT', KEYS[2], '-inf', '(' .. ARGV[1])
   local n = math.min(math.max(excess, expired), tonumber(ARGV[3]))
   if n <= 0 then return 0 end
   local ids = redis.call('ZRANGE', KEYS[2], 0, n - 1)
   redis.call('HDEL', KEYS[1], unpack(ids))
   redis.call('ZREMRANGEBYRANK', KEYS[2], 0, n - 1)
   return n`,
  2,
);

/** Drop a user from the active set if the inbox is empty. KEYS: inbox, active set. ARGV: wa_id. */
const FORGET_IF_EMPTY = new RedisScript(
  `if redis.call('LLEN', KEYS[1]) > 0 then return 0 end
   redis.call('SREM', KEYS[2], ARGV[1])
   return 1`,
  2,
);

/** How long the attempt counter of a message outlives its last attempt. */
const ATTEMPTS_TTL_SECONDS = 7 * 24 * 3600;

type AcquireResult =
  | { readonly state: 'empty' }
  | { readonly state: 'acquired'; readonly head: string }
  | { readonly state: 'busy'; readonly waitMs: number };

/** A message that could not be processed, as kept in the dead-letter queue. */
export interface DeadLetter {
  readonly messageId: string;
  readonly waId: string;
  readonly type: string;
  /** The error's `code` (or name) of the last failed attempt; `INBOUND.ATTEMPTS_EXHAUSTED` if none was caught. */
  readonly errorCode: string;
  readonly attempts: number;
  readonly failedAt: string;
  /** The inbox entry, replayed as is. Holds the message body: never logged or listed. */
  readonly entry: string;
}

/**
 * Each user's inbox of pending messages in Redis, the user's lock, and the dead letters: every state change the
 * durable queue makes is one of the fenced Lua scripts above. See `inbox-drainer.ts` for how they add up to strict
 * per-user order across processes.
 *
 * Keys (all under the prefix): `inbox:<wa_id>` (list, oldest first), `lock:<wa_id>` (token, PX), `cooldown:<wa_id>`,
 * `attempts:<message id>` (hash), `inboxes` (set of users with pending messages), `dead-letters` (hash by message
 * id) and `dead-letters:index` (sorted by failure time, which is how `trimDeadLetters` finds the oldest). The
 * scripts touch several keys at once: one Redis (or a primary with replicas), not Redis Cluster.
 */
export class UserInbox {
  private readonly dedupeKey;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    this.dedupeKey = stateKeys(prefix).dedupe;
  }

  inboxKey(waId: string): string {
    return `${this.prefix}inbox:${waId}`;
  }

  lockKey(waId: string): string {
    return `${this.prefix}lock:${waId}`;
  }

  private cooldownKey(waId: string): string {
    return `${this.prefix}cooldown:${waId}`;
  }

  private attemptsKey(messageId: string): string {
    return `${this.prefix}attempts:${messageId}`;
  }

  private get activeKey(): string {
    return `${this.prefix}inboxes`;
  }

  private get deadLetterKey(): string {
    return `${this.prefix}dead-letters`;
  }

  /** The dead letters' index, sorted by failure time: its size is the dead-letter count. */
  get deadLetterIndexKey(): string {
    return `${this.prefix}dead-letters:index`;
  }

  /** Appends `entry` unless `messageId` was seen within `dedupeTtlSeconds`; true if it was new. */
  async accept(waId: string, messageId: string, entry: string, dedupeTtlSeconds: number): Promise<boolean> {
    const keys = [this.dedupeKey(messageId), this.inboxKey(waId), this.activeKey];
    return (await ACCEPT.run(this.redis, keys, [dedupeTtlSeconds, entry, waId])) === 1;
  }

  async acquire(waId: string, token: string, lockTtlMs: number): Promise<AcquireResult> {
    const reply = await ACQUIRE.run(
      this.redis,
      [this.inboxKey(waId), this.lockKey(waId), this.cooldownKey(waId)],
      [token, lockTtlMs],
    );
    if (!Array.isArray(reply)) throw new TypeError(`unexpected script reply: ${String(reply)}`);
    const [state, waitMs, head] = reply as [number, number, string | undefined];
    if (state === 0) return { state: 'empty' };
    if (state === 1 && typeof head === 'string') return { state: 'acquired', head };
    return { state: 'busy', waitMs: Number(waitMs) };
  }

  /** False once the lock is no longer this token's. */
  async renew(waId: string, token: string, lockTtlMs: number): Promise<boolean> {
    return (await RENEW.run(this.redis, [this.lockKey(waId)], [token, lockTtlMs])) === 1;
  }

  /** The oldest pending entry, or null. */
  head(waId: string): Promise<string | null> {
    return this.redis.lindex(this.inboxKey(waId), 0);
  }

  /** Counts an attempt at a message; returns its number (1 for the first) and the last attempt's error code. */
  async startAttempt(messageId: string): Promise<{ attempt: number; lastErrorCode: string | undefined }> {
    const reply = await START_ATTEMPT.run(this.redis, [this.attemptsKey(messageId)], [ATTEMPTS_TTL_SECONDS]);
    const [attempt, lastError] = Array.isArray(reply) ? reply : [];
    return { attempt: Number(attempt), lastErrorCode: typeof lastError === 'string' ? lastError : undefined };
  }

  /** Removes the processed head; the number of entries left, or null if the lock was lost (the entry then stays). */
  async completeHead(
    waId: string,
    token: string,
    messageId: string,
    entry: string,
    lockTtlMs: number,
  ): Promise<number | null> {
    const keys = [this.inboxKey(waId), this.lockKey(waId), this.attemptsKey(messageId), this.activeKey];
    const left = Number(await COMPLETE_HEAD.run(this.redis, keys, [token, entry, lockTtlMs, waId]));
    return left >= 0 ? left : null;
  }

  /** Moves the head to the dead letters; false if the lock was lost. */
  async deadLetterHead(waId: string, token: string, letter: DeadLetter, now = Date.now()): Promise<boolean> {
    const keys = [
      this.inboxKey(waId),
      this.lockKey(waId),
      this.attemptsKey(letter.messageId),
      this.activeKey,
      this.deadLetterKey,
      this.deadLetterIndexKey,
    ];
    const args = [token, letter.entry, waId, letter.messageId, JSON.stringify(letter), now];
    return (await DEAD_LETTER_HEAD.run(this.redis, keys, args)) === 1;
  }

  async releaseIfEmpty(waId: string, token: string): Promise<'released' | 'not-empty' | 'lost'> {
    const result = Number(await RELEASE_IF_EMPTY.run(this.redis, [this.inboxKey(waId), this.lockKey(waId)], [token]));
    return result === 1 ? 'released' : result === 0 ? 'not-empty' : 'lost';
  }

  /** Gives the lock back with work left; `cooldownMs` keeps every worker off the user that long. */
  async yield(
    waId: string,
    token: string,
    options: { cooldownMs?: number; messageId?: string; errorCode?: string } = {},
  ): Promise<void> {
    const attemptsKey = this.attemptsKey(options.messageId ?? '');
    await YIELD.run(
      this.redis,
      [this.lockKey(waId), this.cooldownKey(waId), attemptsKey],
      [token, options.cooldownMs ?? 0, options.errorCode ?? ''],
    );
  }

  /** Whether anyone holds the user's lock now. */
  async isLocked(waId: string): Promise<boolean> {
    return (await this.redis.exists(this.lockKey(waId))) === 1;
  }

  /** Up to `count` users with pending messages, from `cursor` (SSCAN: 0 starts, and a 0 returned means done). */
  async scanActive(cursor: string, count: number): Promise<{ cursor: string; waIds: string[] }> {
    const [next, waIds] = await this.redis.sscan(this.activeKey, cursor, 'COUNT', count);
    return { cursor: next, waIds };
  }

  /** Drops `waId` from the active set if its inbox is empty; true if dropped. */
  async forgetIfEmpty(waId: string): Promise<boolean> {
    return (await FORGET_IF_EMPTY.run(this.redis, [this.inboxKey(waId), this.activeKey], [waId])) === 1;
  }

  /** Dead letters, newest first. */
  async deadLetters(limit: number): Promise<DeadLetter[]> {
    const ids = await this.redis.zrevrange(this.deadLetterIndexKey, 0, Math.max(0, limit - 1));
    if (ids.length === 0) return [];
    const records = await this.redis.hmget(this.deadLetterKey, ...ids);
    return records
      .filter((record): record is string => record !== null)
      .map((record) => JSON.parse(record) as DeadLetter);
  }

  deadLetterCount(): Promise<number> {
    return this.redis.zcard(this.deadLetterIndexKey);
  }

  /**
   * Removes dead letters that failed before `cutoffMs` (epoch ms) and the oldest beyond `keep`, at most `batch` of
   * them (Lua's unpack and Redis's latency both want a bound); returns how many were removed.
   */
  async trimDeadLetters(cutoffMs: number, keep: number, batch: number): Promise<number> {
    const keys = [this.deadLetterKey, this.deadLetterIndexKey];
    return Number(await TRIM_DEAD_LETTERS.run(this.redis, keys, [Math.floor(cutoffMs), keep, batch]));
  }

  /** Puts a dead letter back at the end of its user's inbox; its record, or undefined if there is none. */
  async replay(messageId: string): Promise<DeadLetter | undefined> {
    const record = await this.redis.hget(this.deadLetterKey, messageId);
    if (record === null) return undefined;
    const letter = JSON.parse(record) as DeadLetter;
    const keys = [this.deadLetterKey, this.deadLetterIndexKey, this.inboxKey(letter.waId), this.activeKey];
    const replayed = await REPLAY.run(this.redis, keys, [messageId, record, letter.entry, letter.waId]);
    return replayed === 1 ? letter : undefined;
  }
}
