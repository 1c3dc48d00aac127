import { GraphApiError, GraphNetworkError } from '../graph-api.error.js';

/**
 * Graph error codes Meta documents as transient: 1 unknown/temporary, 2 service unavailable, 4 and 17 and 80007
 * app/user/WABA rate limits, 130429 throughput limit, 131000 something went wrong, 131016 service unavailable,
 * 131056 too many messages to one user. Meta asks clients to decide on this code, not on the HTTP status:
 * 130429 and 80007 arrive with HTTP 400.
 */
export const RETRYABLE_GRAPH_CODES: ReadonlySet<number> = new Set([1, 2, 4, 17, 80007, 130429, 131000, 131016, 131056]);

/**
 * Whether a failed Graph call deserves another attempt. Rules run in order; the first match wins.
 *
 * Graph's `POST /{phone-number-id}/messages` takes no idempotency key (unlike Stripe's API), so retrying after a
 * dropped connection or a timeout may deliver the same message twice. Budgets stay small (GRAPH_MAX_ATTEMPTS,
 * default 3) and every retry is logged.
 *
 * @param attempt the number of attempts made so far, the failed one included (1 after the first failure).
 */
export function shouldRetry(error: unknown, attempt: number, maxAttempts: number): boolean {
  // Out of budget.
  if (attempt >= maxAttempts) return false;
  // No answer at all (reset, hang-up, timeout): transient by nature, though it may duplicate a send.
  if (error instanceof GraphNetworkError) return true;
  // Not a Graph failure, so a bug of ours: retrying would only repeat it.
  if (!(error instanceof GraphApiError)) return false;
  // Meta's transient codes win over the status (throughput errors come as 400).
  if (error.graphCode !== undefined && RETRYABLE_GRAPH_CODES.has(error.graphCode)) return true;
  // Throttled, or the server's fault.
  if (error.status === 429 || error.status >= 500) return true;
  // Any other 4xx (100 bad parameter, 131026 undeliverable, 131047 outside the 24 h window, 190 token...) is
  // our request's fault: sending it again gets the same answer.
  return false;
}
