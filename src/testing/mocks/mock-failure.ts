import { isRecord } from '../../common/is-record.js';
import { parseRequestMatch, type MockRequestMatch } from './mock-request-match.js';

/**
 * A failure injected with `POST /__mock/failures`: the next `times` requests selected by `match` get `status` and
 * the mock's own error body (Graph's `{ error: { message, type, code, error_subcode, fbtrace_id } }`, OpenAI's or
 * Airtable's) instead of their normal answer, after `delayMs` when given.
 */
export interface MockFailure {
  readonly match: MockRequestMatch;
  readonly status: number;
  /** The error code in the body (Graph's `error.code`); each mock has a default for the status. */
  readonly code?: number;
  /** Graph's `error.error_subcode`. */
  readonly subcode?: number;
  readonly message?: string;
  readonly delayMs?: number;
  /** How many matching requests fail; 1 unless given. */
  readonly times: number;
}

/** The fields `POST /__mock/failures` accepts; any other is refused rather than silently ignored. */
const FAILURE_FIELDS = new Set(['match', 'status', 'code', 'subcode', 'message', 'delayMs', 'times']);
/** Bounds that keep a typo from hanging a CI job: at most a minute of delay, a thousand failures per rule. */
const MAX_DELAY_MS = 60_000;
const MAX_TIMES = 1000;

/** Reads a `POST /__mock/failures` body; a string is the problem found, for a 400 answer. */
export function parseMockFailure(body: unknown): MockFailure | string {
  if (!isRecord(body)) return 'Send a JSON object such as { "match": { "path": "/messages" }, "status": 429 }.';
  const unknown = Object.keys(body).find((key) => !FAILURE_FIELDS.has(key));
  if (unknown !== undefined) return `Unknown field "${unknown}": use ${[...FAILURE_FIELDS].join(', ')}.`;
  const match = parseRequestMatch(body.match);
  if (typeof match === 'string') return match;
  const { status, code, subcode, message, delayMs, times = 1 } = body;
  if (!isIntegerIn(status, 400, 599)) return '"status" must be an HTTP error status, 400 to 599.';
  if (code !== undefined && !isIntegerIn(code, 0, Number.MAX_SAFE_INTEGER)) return '"code" must be an integer.';
  if (subcode !== undefined && !isIntegerIn(subcode, 0, Number.MAX_SAFE_INTEGER)) {
    return '"subcode" must be an integer.';
  }
  if (message !== undefined && typeof message !== 'string') return '"message" must be a string.';
  if (delayMs !== undefined && !isIntegerIn(delayMs, 0, MAX_DELAY_MS)) {
    return `"delayMs" must be an integer from 0 to ${MAX_DELAY_MS}.`;
  }
  if (!isIntegerIn(times, 1, MAX_TIMES)) return `"times" must be an integer from 1 to ${MAX_TIMES}.`;
  return { match, status, code, subcode, message, delayMs, times };
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}
