/**
 * The outbound rate-limit policy, pure: both limiters (in memory, and the Lua script of the Redis one) follow
 * these rules, and `token-bucket.spec.ts` pins them as tables.
 *
 * A bucket holds at most `capacity` tokens and earns one every `intervalMs`; a send takes one token. A missing
 * bucket is a full one, which is why the Redis keys may expire once a bucket has refilled.
 */

/** `tokens` available at `updatedAtMs`. After a reservation `updatedAtMs` may lie in the future: the slot's time. */
export interface BucketState {
  readonly tokens: number;
  readonly updatedAtMs: number;
}

export interface BucketLimit {
  /** The burst: tokens a full bucket holds. */
  readonly capacity: number;
  /** Time to earn one token back. */
  readonly intervalMs: number;
}

/** What one send may do now. */
export type SendDecision =
  /** Tokens are taken: send after `waitMs` (0 = at once). */
  | { readonly granted: true; readonly waitMs: number }
  /**
   * Nothing was taken. `bucket` says which budget is spent; ask again after `waitMs`, or give up when that is
   * longer than the caller accepts to wait.
   */
  | { readonly granted: false; readonly waitMs: number; readonly bucket: 'number' | 'recipient' };

export interface SendRequest {
  readonly nowMs: number;
  /** The sending number's bucket: every POST to /messages. */
  readonly number: BucketState | undefined;
  readonly numberLimit: BucketLimit;
  /** The (sending number, user) pair's bucket; `null` for bodies without a recipient (read receipts). */
  readonly recipient: BucketState | undefined | null;
  readonly recipientLimit: BucketLimit;
  /** Longest wait the caller accepts; longer reservations are refused so no token is held for nothing. */
  readonly maxWaitMs: number;
}

export interface SendOutcome {
  readonly decision: SendDecision;
  /** States to store; present only when the send was granted (a refusal changes nothing). */
  readonly number?: BucketState;
  readonly recipient?: BucketState;
}

/**
 * Float noise (0.1 + 0.2) must not turn an exact 12.5 ms into 13 ms, nor 0.9999999999 tokens into "wait".
 * A millionth of a token or a millisecond is far below anything the limits can tell apart.
 */
const EPSILON = 1e-6;

/** Tokens the bucket holds at `atMs` (not before its `updatedAtMs`): refilled since, capped at `capacity`. */
export function tokensAt(state: BucketState | undefined, limit: BucketLimit, atMs: number): number {
  if (!state) return limit.capacity;
  const elapsedMs = Math.max(0, atMs - state.updatedAtMs);
  return Math.min(limit.capacity, state.tokens + elapsedMs / limit.intervalMs);
}

/** The first moment, `nowMs` or later, at which the bucket holds a whole token. */
export function earliestTokenAt(state: BucketState | undefined, limit: BucketLimit, nowMs: number): number {
  // A slot reserved for later dates the state in the future: nothing is earned before that moment.
  const fromMs = Math.max(nowMs, state?.updatedAtMs ?? nowMs);
  const tokens = tokensAt(state, limit, fromMs);
  if (tokens >= 1 - EPSILON) return fromMs;
  return fromMs + (1 - tokens) * limit.intervalMs;
}

/** The state after one token is taken at `atMs`, which must not be before `earliestTokenAt`. */
export function takeTokenAt(state: BucketState | undefined, limit: BucketLimit, atMs: number): BucketState {
  return { tokens: Math.max(0, tokensAt(state, limit, atMs) - 1), updatedAtMs: atMs };
}

/** Milliseconds from `nowMs` until the bucket is full again and, untouched, may be forgotten (the key's TTL). */
export function msUntilFull(state: BucketState, limit: BucketLimit, nowMs: number): number {
  const fromMs = Math.max(nowMs, state.updatedAtMs);
  return fromMs - nowMs + (limit.capacity - tokensAt(state, limit, fromMs)) * limit.intervalMs;
}

/**
 * Decides one send against both buckets. Rules run in order:
 *
 * 1. Recipient budget spent → refuse, take nothing, say when to ask again. Only one send per user is in flight
 *    at a time (callers await each send), so no one else competes for this bucket and asking again then succeeds.
 *    Reserving here instead would mean reserving the number bucket for that later moment too, and one
 *    throttled user would then hold back the sends to everyone else.
 * 2. Number budget: reserve the next free slot, even if it lies ahead. Every instance reserves "as soon as
 *    possible", so the slots come out first come first served, with one round trip per send and no polling.
 * 3. A slot further away than `maxWaitMs` → refuse and take nothing.
 * 4. Take one token from each bucket at the slot's time.
 *
 * Waits are whole milliseconds, rounded up, so a caller that sleeps them never comes early.
 */
export function decideSend(request: SendRequest): SendOutcome {
  const { nowMs, maxWaitMs } = request;
  if (request.recipient !== null) {
    const recipientWaitMs = earliestTokenAt(request.recipient, request.recipientLimit, nowMs) - nowMs;
    if (recipientWaitMs > EPSILON) {
      return { decision: { granted: false, waitMs: wholeMs(recipientWaitMs), bucket: 'recipient' } };
    }
  }
  const slotMs = earliestTokenAt(request.number, request.numberLimit, nowMs);
  const waitMs = wholeMs(slotMs - nowMs);
  if (waitMs > maxWaitMs) return { decision: { granted: false, waitMs, bucket: 'number' } };
  return {
    decision: { granted: true, waitMs },
    number: takeTokenAt(request.number, request.numberLimit, slotMs),
    recipient: request.recipient === null ? undefined : takeTokenAt(request.recipient, request.recipientLimit, slotMs),
  };
}

function wholeMs(ms: number): number {
  return Math.max(0, Math.ceil(ms - EPSILON));
}
