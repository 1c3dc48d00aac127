import { GraphApiError, GraphNetworkError } from './graph-api.error.js';

/** Socket reasons that mean "no answer in time" rather than "no connection". */
const TIMEOUT_REASONS: ReadonlySet<string> = new Set(['ECONNABORTED', 'ETIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT']);

/**
 * How a failed Graph call ended, as the `result` label of `whatsapp_outbound_requests_total`: Graph's error code
 * (`131047`, `130429`...), `http_<status>` for an error answer without one (a proxy's 502), `timeout`, `network`, or
 * `error` for anything else (a media check of ours). Never free text: these are label values.
 */
export function graphResultOf(error: unknown): string {
  if (error instanceof GraphApiError) {
    return error.graphCode !== undefined ? String(error.graphCode) : `http_${error.status}`;
  }
  if (error instanceof GraphNetworkError) return TIMEOUT_REASONS.has(error.reason) ? 'timeout' : 'network';
  return 'error';
}
