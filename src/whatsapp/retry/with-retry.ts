import { GraphApiError, GraphNetworkError } from '../graph-api.error.js';
import { backoffDelayMs, DEFAULT_MAX_DELAY_MS } from '../../common/retry/backoff.js';
import { shouldRetry } from './should-retry.js';

/** How many attempts and how long to wait between them. */
export interface RetryPolicy {
  /** Attempts in all, the first included (GRAPH_MAX_ATTEMPTS). */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  /** Cap on the backoff, and the longest `Retry-After` we agree to wait for. */
  readonly maxDelayMs?: number;
  /** Injected for tests. */
  readonly random?: () => number;
}

/** One failed attempt, as logged. `delayMs` is set when another attempt follows. */
export interface RetryEvent {
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly willRetry: boolean;
  readonly delayMs?: number;
  readonly status?: number;
  readonly graphCode?: number;
  /** Network failure reason (`ECONNRESET`...) for `GraphNetworkError`. */
  readonly reason?: string;
  readonly retryAfterSeconds?: number;
}

export type RetryLogger = (event: RetryEvent) => void;

/**
 * Runs `attemptOnce` until it succeeds or `shouldRetry` says stop, waiting `backoffDelayMs` between attempts,
 * and reports every failure to `log` (attempt, delay, Graph code). The last error is rethrown as is.
 * Graph's /messages has no idempotency key: see `shouldRetry` for why the budget stays small.
 */
export async function withRetry<T>(
  attemptOnce: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  log: RetryLogger = () => undefined,
): Promise<T> {
  const maxDelayMs = policy.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptOnce(attempt);
    } catch (error) {
      const facts = describe(error);
      let willRetry = shouldRetry(error, attempt, policy.maxAttempts);
      let delayMs: number | undefined;
      if (willRetry) {
        delayMs = backoffDelayMs(attempt, {
          baseDelayMs: policy.baseDelayMs,
          maxDelayMs,
          retryAfterSeconds: facts.retryAfterSeconds,
          random: policy.random,
        });
        // Only a Retry-After can push the wait past the cap. Waiting minutes while a user waits for a reply
        // is worse than failing now: give up and let the caller decide.
        if (delayMs > maxDelayMs) {
          willRetry = false;
          delayMs = undefined;
        }
      }
      log({
        attempt,
        maxAttempts: policy.maxAttempts,
        willRetry,
        ...(delayMs !== undefined ? { delayMs } : {}),
        ...facts,
      });
      if (!willRetry || delayMs === undefined) throw error;
      await sleep(delayMs);
    }
  }
}

function describe(error: unknown): Pick<RetryEvent, 'status' | 'graphCode' | 'reason' | 'retryAfterSeconds'> {
  if (error instanceof GraphApiError) {
    return {
      status: error.status,
      ...(error.graphCode !== undefined ? { graphCode: error.graphCode } : {}),
      ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
    };
  }
  if (error instanceof GraphNetworkError) return { reason: error.reason };
  return { reason: error instanceof Error ? error.name : 'unknown' };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
