import type { Redis } from 'ioredis';
import { RedisScript } from '../../redis/redis-script.js';
import { stateKeys } from '../../state/redis/state-keys.js';

/**
 * Accept a delivery: claim its message id (the dedupe store's key) and, only if it is new, append it to the user's
 * inbox and mark the inbox active. One script, so a delivery is either fully accepted or not at all.
 * KEYS: dedupe, inbox, active set. ARGV: dedupe TTL (s), entry, wa_id. Returns 0 for a redelivery, 1 if new and
 * appended behind other entries (their drain is already due), 2 if new in an empty inbox (it needs a drain job).
 */
const ACCEPT = new RedisScript(
  `if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
   if redis.call('RPUSH', KEYS[2], ARGV[2]) > 1 then return 1 end
   redis.call('SADD', KEYS[3], ARGV[3])
   return 2`,
  3,
);

/**
 * Take the user's lock unless there is nothing to do or someone holds it (a worker, a step timer, or a cooldown
 * after a failure), and start an attempt at the head: counted before any work, so a worker killed in the middle
 * counts too. KEYS: inbox, lock, attempts. ARGV: token, lock TTL (ms). Returns {0} empty, {1, attempt, head}
 * acquired (only the holder removes entries, so the head cannot change under it), {2, wait ms} busy.
 */
const ACQUIRE = new RedisScript(
  `local head = redis.call('LINDEX', KEYS[1], 0)
   if not head then return {0, 0} end
   if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
     return {1, redis.call('HINCRBY', KEYS[3], 'count', 1), head}
   end
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
 * The start of every removal of the head (KEYS[1] inbox, [2] lock; ARGV[1] token, [2] the entry processed): only
 * the lock's holder may remove, and only that entry (anything else is put back). Returns {-1} if the lock is no
 * longer this token's: the message then stays for the new holder.
 */
const FENCED_POP_HEAD = `
   if redis.call('GET', KEYS[2]) ~= ARGV[1] then return {-1, 0} end
   local popped = redis.call('LPOP', KEYS[1])
   if popped and popped ~= ARGV[2] then redis.call('LPUSH', KEYS[1], popped) end`;

/**
 * The end of every removal of the head (KEYS[1] inbox, [2] lock, [3] attempts, [4] active set; ARGV[3] wa_id,
 * ARGV[4] lock TTL): the attempts counted were the removed entry's, so they go; then, atomically, either the inbox
 * is empty and the lock is released (a message pushed a moment later finds an empty inbox and gets its own drain
 * job), or the next head's attempt starts under the renewed lock. Returns {0} released, {1, attempt, next head}.
 */
const NEXT_OR_RELEASE = `
   local head = redis.call('LINDEX', KEYS[1], 0)
   if not head then
     redis.call('DEL', KEYS[2], KEYS[3])
     redis.call('SREM', KEYS[4], ARGV[3])
     return {0, 0}
   end
   redis.call('DEL', KEYS[3])
   redis.call('PEXPIRE', KEYS[2], ARGV[4])
   return {1, redis.call('HINCRBY', KEYS[3], 'count', 1), head}`;

/**
 * Remove the head once it is done (FENCED_POP_HEAD, then NEXT_OR_RELEASE). KEYS: inbox, lock, attempts, active
 * set. ARGV: token, entry, wa_id, lock TTL (ms).
 */
const COMPLETE_HEAD = new RedisScript(`${FENCED_POP_HEAD}${NEXT_OR_RELEASE}`, 4);

/**
 * Move the head to the dead letters, removed as by COMPLETE_HEAD. KEYS: as COMPLETE_HEAD, then dead-letter hash,
 * dead-letter index. ARGV: as COMPLETE_HEAD, then message id, record, time (ms). Returns as COMPLETE_HEAD.
 */
const DEAD_LETTER_HEAD = new RedisScript(
  `${FENCED_POP_HEAD}
   redis.call('HSET', KEYS[5], ARGV[5], ARGV[6])
   redis.call('ZADD', KEYS[6], ARGV[7], ARGV[5])
   ${NEXT_OR_RELEASE}`,
  6,
);

/** How long a failed head's attempt counter outlives its last failure (it goes when the head is removed). */
const ATTEMPTS_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Give the lock back with messages still waiting (shutdown, a failure, a fair share used up). KEYS: lock,
 * attempts. ARGV: token, cooldown (ms, 0 for none), error code ('' for none), 1 to take back the head's attempt
 * (counted but never started). With a cooldown the lock stays taken by nobody for that long (the retry backoff),
 * so no worker and no step timer acts for the user meanwhile. Nothing happens if the token lost the lock.
 */
const YIELD = new RedisScript(
  `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
   if tonumber(ARGV[2]) > 0 then redis.call('SET', KEYS[1], 'cooldown', 'PX', ARGV[2])
   else redis.call('DEL', KEYS[1]) end
   if ARGV[4] == '1' then redis.call('HINCRBY', KEYS[2], 'count', -1) end
   if ARGV[3] ~= '' then
     redis.call('HSET', KEYS[2], 'error', ARGV[3])
     redis.call('EXPIRE', KEYS[2], ${ATTEMPTS_TTL_SECONDS})
   end
   return 1`,
  2,
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

/** What a delivery did to the inbox: `activated` means it found the inbox empty, so it needs a drain job. */
export type AcceptOutcome = 'duplicate' | 'queued' | 'activated';

/** The head entry a holder works on next, and which attempt at it this is (1 for the first). */
export interface Head {
  readonly entry: string;
  readonly attempt: number;
}

export type AcquireResult =
  | { readonly state: 'empty' }
  | ({ readonly state: 'acquired' } & Head)
  | { readonly state: 'busy'; readonly waitMs: number };

/** After removing the head: the next one (lock kept), `released` (the inbox was empty), or `lost` (not removed). */
export type NextHead = Head | 'released' | 'lost';

function headOf(reply: unknown): Head | undefined {
  const [, attempt, entry] = reply as [number, number, string | undefined];
  return typeof entry === 'string' ? { entry, attempt: Number(attempt) } : undefined;
}

function nextHeadOf(reply: unknown): NextHead {
  if (!Array.isArray(reply)) throw new TypeError(`unexpected script reply: ${String(reply)}`);
  const state = Number(reply[0]);
  if (state < 0) return 'lost';
  return state === 0 ? 'released' : (headOf(reply) ?? 'lost');
}

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
 * Keys (all under the prefix): `inbox:<wa_id>` (list, oldest first), `lock:<wa_id>` (token, or `cooldown`, PX),
 * `attempts:<wa_id>` (hash: attempts at the current head, and its last error code), `inboxes` (set of users with
 * pending messages), `dead-letters` (hash by message id) and `dead-letters:index` (sorted by failure time, which is
 * how `trimDeadLetters` finds the oldest). The scripts touch several keys at once: one Redis (or a primary with
 * replicas), not Redis Cluster.
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

  private attemptsKey(waId: string): string {
    return `${this.prefix}attempts:${waId}`;
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

  /** Appends `entry` unless `messageId` was seen within `dedupeTtlSeconds`. */
  async accept(waId: string, messageId: string, entry: string, dedupeTtlSeconds: number): Promise<AcceptOutcome> {
    const keys = [this.dedupeKey(messageId), this.inboxKey(waId), this.activeKey];
    const result = await ACCEPT.run(this.redis, keys, [dedupeTtlSeconds, entry, waId]);
    return result === 0 ? 'duplicate' : result === 1 ? 'queued' : 'activated';
  }

  /** Takes the user's lock and starts an attempt at the head. */
  async acquire(waId: string, token: string, lockTtlMs: number): Promise<AcquireResult> {
    const reply = await ACQUIRE.run(
      this.redis,
      [this.inboxKey(waId), this.lockKey(waId), this.attemptsKey(waId)],
      [token, lockTtlMs],
    );
    if (!Array.isArray(reply)) throw new TypeError(`unexpected script reply: ${String(reply)}`);
    const state = Number(reply[0]);
    if (state === 0) return { state: 'empty' };
    const head = state === 1 ? headOf(reply) : undefined;
    return head ? { state: 'acquired', ...head } : { state: 'busy', waitMs: Number(reply[1]) };
  }

  /** False once the lock is no longer this token's. */
  async renew(waId: string, token: string, lockTtlMs: number): Promise<boolean> {
    return (await RENEW.run(this.redis, [this.lockKey(waId)], [token, lockTtlMs])) === 1;
  }

  /** The oldest pending entry, or null. */
  head(waId: string): Promise<string | null> {
    return this.redis.lindex(this.inboxKey(waId), 0);
  }

  /** The error code the head's last failed attempt left, if any. */
  async lastErrorCode(waId: string): Promise<string | undefined> {
    return (await this.redis.hget(this.attemptsKey(waId), 'error')) ?? undefined;
  }

  /** Removes the processed head and starts the next one, or releases the lock if there is none. */
  async completeHead(waId: string, token: string, entry: string, lockTtlMs: number): Promise<NextHead> {
    const keys = [this.inboxKey(waId), this.lockKey(waId), this.attemptsKey(waId), this.activeKey];
    return nextHeadOf(await COMPLETE_HEAD.run(this.redis, keys, [token, entry, waId, lockTtlMs]));
  }

  /** Moves the head to the dead letters, then goes on as `completeHead`. */
  async deadLetterHead(
    waId: string,
    token: string,
    letter: DeadLetter,
    lockTtlMs: number,
    now = Date.now(),
  ): Promise<NextHead> {
    const keys = [
      this.inboxKey(waId),
      this.lockKey(waId),
      this.attemptsKey(waId),
      this.activeKey,
      this.deadLetterKey,
      this.deadLetterIndexKey,
    ];
    const args = [token, letter.entry, waId, lockTtlMs, letter.messageId, JSON.stringify(letter), now];
    return nextHeadOf(await DEAD_LETTER_HEAD.run(this.redis, keys, args));
  }

  /**
   * Gives the lock back with work left. `cooldownMs` keeps every worker off the user that long; `errorCode` is
   * kept for the head's next attempt; `unstarted` takes back the attempt counted for a head that was not started.
   */
  async yield(
    waId: string,
    token: string,
    options: { cooldownMs?: number; errorCode?: string; unstarted?: boolean } = {},
  ): Promise<void> {
    await YIELD.run(
      this.redis,
      [this.lockKey(waId), this.attemptsKey(waId)],
      [token, options.cooldownMs ?? 0, options.errorCode ?? '', options.unstarted ? 1 : 0],
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
