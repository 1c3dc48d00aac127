import type { IncomingHttpHeaders } from 'node:http';
import type { RecordedRequest } from './recorded-request.js';

/** One received request as `GET /__mock/requests` lists it. */
export interface MockRequestView {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  /** The request's headers, with credentials replaced by `[redacted]` (the scheme, e.g. `Bearer`, stays). */
  readonly headers: Record<string, string | string[]>;
  /** The parsed JSON body, the text of any other UTF-8 body, `{ bytes }` for binary data, or null when empty. */
  readonly body: unknown;
  /** The HTTP status answered; null while the answer is delayed, or when the connection was dropped. */
  readonly status: number | null;
  /** When it arrived (ISO 8601). */
  readonly at: string;
}

/** Headers that carry credentials: a request listing must not become a way to read a token. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key']);

export function requestView(request: RecordedRequest): MockRequestView {
  return {
    method: request.method,
    path: request.path,
    query: Object.fromEntries(request.query),
    headers: redactHeaders(request.headers),
    body: bodyView(request),
    status: request.status ?? null,
    at: new Date(request.receivedAt).toISOString(),
  };
}

function redactHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const view: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    view[name] = SECRET_HEADERS.has(name) ? redact(String(value)) : value;
  }
  return view;
}

/** `Bearer abc` → `Bearer [redacted]`: a test may still check which scheme was sent, never the secret. */
function redact(value: string): string {
  const scheme = /^(Bearer|Basic|OAuth)\s/i.exec(value)?.[1];
  return scheme ? `${scheme} [redacted]` : '[redacted]';
}

function bodyView(request: RecordedRequest): unknown {
  if (request.json !== undefined) return request.json;
  if (request.body.length === 0) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(request.body);
  } catch {
    return { bytes: request.body.length };
  }
}
