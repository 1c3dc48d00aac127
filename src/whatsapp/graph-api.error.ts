import type { AxiosError } from 'axios';
import { AppError } from '../common/errors/app.error.js';
import { GRAPH_NETWORK_FAILED, GRAPH_NOT_CONFIGURED, GRAPH_REQUEST_FAILED } from '../common/errors/error-messages.js';
import { isRecord } from '../common/is-record.js';

/** What Graph told us about a failed call. Meta asks clients to decide on `graphCode`, not on `status`. */
export interface GraphApiErrorFields {
  /** HTTP status of Graph's answer. */
  readonly status: number;
  /** Graph's `error.code` (130429 throughput, 131026 undeliverable, 190 token...). */
  readonly graphCode?: number;
  readonly subcode?: number;
  /** Quote it to Meta support. */
  readonly fbtraceId?: string;
  /** `error.error_data.details`: Meta's explanation of what to change. */
  readonly details?: string;
  /** `error.type`, e.g. `OAuthException`. */
  readonly type?: string;
  /** `error.message`, e.g. `(#131026) Message undeliverable`. */
  readonly graphMessage?: string;
  /** From a `Retry-After` header, when Graph sent one: the earliest moment to try again. */
  readonly retryAfterSeconds?: number;
}

/**
 * Graph answered a call with an error status. Built from the answer alone (`GraphApiError.fromAnswer`, or `from` for
 * an axios error), so no raw HTTP library error (an axios error's `config` holds the Authorization header and the
 * body) ever leaves the Graph adapters. The message never contains the token, the request body or a phone number.
 */
export class GraphApiError extends AppError implements GraphApiErrorFields {
  readonly code = 'GRAPH.REQUEST_FAILED';
  readonly status: number;
  readonly graphCode?: number;
  readonly subcode?: number;
  readonly fbtraceId?: string;
  readonly details?: string;
  readonly type?: string;
  readonly graphMessage?: string;
  readonly retryAfterSeconds?: number;

  constructor(fields: GraphApiErrorFields) {
    super(GRAPH_REQUEST_FAILED(fields.status, fields.graphCode, fields.subcode, fields.graphMessage));
    this.status = fields.status;
    this.graphCode = fields.graphCode;
    this.subcode = fields.subcode;
    this.fbtraceId = fields.fbtraceId;
    this.details = fields.details;
    this.type = fields.type;
    this.graphMessage = fields.graphMessage;
    this.retryAfterSeconds = fields.retryAfterSeconds;
  }

  /**
   * Maps an axios failure: an answer becomes `GraphApiError` (see `fromAnswer`), no answer (reset, dropped
   * connection, timeout, refused) becomes `GraphNetworkError`. The axios error is deliberately not kept as `cause`:
   * loggers serialise causes, and its `config.headers` carry the bearer token.
   */
  static from(error: AxiosError): GraphApiError | GraphNetworkError {
    const response = error.response;
    if (!response) return new GraphNetworkError(error.code ?? scrub(error.message) ?? 'no response');
    return GraphApiError.fromAnswer(response.status, response.data, headerValue(response.headers, 'retry-after'));
  }

  /**
   * Graph's error answer: its status, its body (Graph's `{ error: {...} }`, parsed or as text or bytes; anything
   * else, such as a proxy's HTML page, leaves only the status) and its `Retry-After` header.
   */
  static fromAnswer(status: number, body: unknown, retryAfter?: string): GraphApiError {
    const graphError = readGraphError(body);
    return new GraphApiError({
      status,
      graphCode: asNumber(graphError?.code),
      subcode: asNumber(graphError?.error_subcode),
      fbtraceId: asString(graphError?.fbtrace_id),
      details: scrub(asString(isRecord(graphError?.error_data) ? graphError.error_data.details : undefined)),
      type: asString(graphError?.type),
      graphMessage: scrub(asString(graphError?.message)),
      retryAfterSeconds: parseRetryAfterSeconds(retryAfter),
    });
  }
}

/**
 * No answer from Graph: connection reset or refused, socket hang up, timeout. The request may or may not have
 * been processed, so a retried send can reach the user twice.
 */
export class GraphNetworkError extends AppError {
  readonly code = 'GRAPH.NETWORK_ERROR';

  /** `reason` is the socket error code (`ECONNRESET`, `ECONNABORTED` for a timeout...) or a short description. */
  constructor(readonly reason: string) {
    super(GRAPH_NETWORK_FAILED(reason));
  }
}

/** A Graph call was attempted without WP_ACCESS_TOKEN / WP_PHONE_ID (local development mode). */
export class GraphNotConfiguredError extends AppError {
  readonly code = 'GRAPH.NOT_CONFIGURED';

  /** `operation` says what was attempted, e.g. `'Media upload'`. */
  constructor(operation: string) {
    super(GRAPH_NOT_CONFIGURED(operation));
  }
}

/** Graph answered 2xx with a body we cannot use (a send without a message id): wrong URL or API version. */
export class GraphUnexpectedResponseError extends AppError {
  readonly code = 'GRAPH.UNEXPECTED_RESPONSE';
}

/** A media URL outside Meta's hosts and GRAPH_API_URL: the token is not sent there. */
export class MediaUrlUntrustedError extends AppError {
  readonly code = 'GRAPH.MEDIA_URL_UNTRUSTED';
}

/**
 * Media larger than the cap of its download (Content-Length, the size Graph or the store reported, or the bytes
 * counted while reading), or an upload larger than the simulated store holds. Flows catch it to ask for a smaller file.
 */
export class MediaTooLargeError extends AppError {
  readonly code = 'GRAPH.MEDIA_TOO_LARGE';
}

/** Downloaded media whose bytes do not hash to the sha256 Graph reported. */
export class MediaChecksumError extends AppError {
  readonly code = 'GRAPH.MEDIA_CHECKSUM_MISMATCH';
}

/**
 * `Retry-After` in seconds: either delta-seconds or an HTTP date (RFC 9110). Undefined when absent or unreadable.
 */
export function parseRetryAfterSeconds(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

type UnknownRecord = Record<string, unknown>;

/** Graph's `{ error: {...} }`, whether axios parsed it or left it as text or bytes (media downloads). */
function readGraphError(data: unknown): UnknownRecord | undefined {
  let parsed = data;
  if (typeof data === 'string' || data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
    const text =
      typeof data === 'string'
        ? data
        : Buffer.from(
            data instanceof ArrayBuffer
              ? new Uint8Array(data)
              : new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
          ).toString('utf8');
    try {
      parsed = JSON.parse(text);
    } catch {
      return undefined;
    }
  }
  return isRecord(parsed) && isRecord(parsed.error) ? parsed.error : undefined;
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!isRecord(headers)) return undefined;
  const value = headers[name];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const MAX_GRAPH_TEXT_LENGTH = 300;

/**
 * Graph's texts are ours to log, but they can echo what we sent. Long opaque runs (access tokens are 100+
 * characters) and phone-number-like digit runs are replaced, and the text is bounded.
 */
export function scrub(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return text
    .replace(/[A-Za-z0-9_-]{32,}/g, '[redacted]')
    .replace(/\+?\d[\d\s().-]{5,}\d/g, '[number]')
    .slice(0, MAX_GRAPH_TEXT_LENGTH);
}
