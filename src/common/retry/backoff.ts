/**
 * The one retry policy of the service: how long to wait before trying again. Graph calls (whatsapp/retry), the
 * inbound queue's retries (BullMQ and the inbox cooldown) and Redis reconnects all take their waits from here.
 */

/** Shape of the waits between attempts. */
export interface BackoffOptions {
  /** Ceiling of the first retry's wait; each later retry doubles it. */
  readonly baseDelayMs: number;
  /** Cap on the exponential part. */
  readonly maxDelayMs: number;
  /** The server's `Retry-After`, when it sent one: never retry sooner. */
  readonly retryAfterSeconds?: number;
  /** Injected for tests; `Math.random` otherwise. */
  readonly random?: () => number;
}

/** Default cap on a Graph wait: a user is waiting for the reply, and the budget has few attempts anyway. */
export const DEFAULT_MAX_DELAY_MS = 15_000;

/**
 * How long to wait before retry number `retry` (1 for the first retry). Exponential (`base · 2^(retry-1)`,
 * capped at `maxDelayMs`), then jittered into `[d/2, d]` so that instances throttled together do not retry in
 * lockstep (stripe-node's `_getSleepTimeInMS` shape). With the default 1 s base the first retry comes within
 * 0.5–1 s. A `Retry-After` is a floor: Graph asked us not to come back sooner, and ignoring it prolongs the
 * throttling. The cap does not lower it; the caller decides whether such a wait is acceptable.
 */
export function backoffDelayMs(retry: number, options: BackoffOptions): number {
  const random = options.random ?? Math.random;
  const exponential = Math.min(options.baseDelayMs * 2 ** Math.max(0, retry - 1), options.maxDelayMs);
  const jittered = exponential / 2 + (random() * exponential) / 2;
  const floor = options.retryAfterSeconds !== undefined ? options.retryAfterSeconds * 1000 : 0;
  return Math.round(Math.max(jittered, floor));
}

/**
 * The inbound queue's wait before retrying a failed message, after its `attempt`-th failure: `base`, then doubling,
 * without jitter, so that the inbox cooldown and BullMQ's delay of the same retry agree.
 */
export function queueRetryDelayMs(baseMs: number, attempt: number): number {
  return backoffDelayMs(attempt, { baseDelayMs: baseMs, maxDelayMs: Number.MAX_SAFE_INTEGER, random: () => 1 });
}

/** ioredis `retryStrategy`: reconnect fast (intake must recover within seconds), 100 ms doubling up to 1 s. */
export function redisReconnectDelayMs(attempt: number): number {
  return backoffDelayMs(attempt, { baseDelayMs: 100, maxDelayMs: 1000 });
}
