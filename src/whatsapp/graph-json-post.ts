import type { Dispatcher } from 'undici';
import { isRecord } from '../common/is-record.js';
import { GraphApiError, GraphNetworkError } from './graph-api.error.js';

/** undici's codes for an answer that did not come in time. */
const UNDICI_TIMEOUT_CODES: ReadonlySet<unknown> = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * One attempt of a JSON `POST` to a fixed Graph URL (`/{phone-number-id}/messages`), straight over an undici
 * dispatcher. Why not axios: its per-call config merging and header objects were a quarter of the service's CPU,
 * twice per message (the read receipt and the reply; `npm run bench -- --profile`). Everything that does not change
 * between calls (origin, path, headers with the bearer token, timeouts) is built once here.
 *
 * Resolves to the status and the parsed body of a 2xx. Rejects with `GraphApiError` for any other answer and with
 * `GraphNetworkError` when there is none: the same errors, with the same reasons, that axios's mapping gives media.
 */
export class GraphJsonPost {
  private readonly request: Omit<Dispatcher.RequestOptions, 'body'>;

  /**
   * `timeoutMs` bounds the wait for the answer's headers, then the wait between its body's chunks. undici checks both
   * on a half-second tick: a timeout fires up to a second late, which a 10 s budget can afford and which costs far
   * less than an `AbortSignal` and a timer per call.
   */
  constructor(
    private readonly dispatcher: Dispatcher,
    url: string,
    accessToken: string,
    timeoutMs: number,
  ) {
    const { origin, pathname, search } = new URL(url);
    this.request = {
      origin,
      path: pathname + search,
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    };
  }

  /** Sends `json` (a serialised body) once. */
  async send<T extends object>(json: string): Promise<{ readonly status: number; readonly value: T }> {
    let answer: Dispatcher.ResponseData;
    let text: string;
    try {
      answer = await this.dispatcher.request({ ...this.request, body: json });
      text = await answer.body.text();
    } catch (error) {
      throw networkErrorOf(error);
    }
    const status = answer.statusCode;
    if (status < 200 || status >= 300) {
      const retryAfter = answer.headers['retry-after'];
      throw GraphApiError.fromAnswer(status, text, typeof retryAfter === 'string' ? retryAfter : undefined);
    }
    return { status, value: parseObject(text) as T };
  }
}

/**
 * No answer: a timeout becomes `ECONNABORTED` (axios's code, which media calls and dashboards already know), any
 * other failure keeps the socket's code (`ECONNREFUSED`, `ECONNRESET`, `UND_ERR_SOCKET`...). The undici error is not
 * kept as `cause`, for the same reason `GraphApiError.from` drops axios's: nothing of the request leaves the adapter.
 */
function networkErrorOf(error: unknown): GraphNetworkError {
  const code = isRecord(error) ? error.code : undefined;
  if (UNDICI_TIMEOUT_CODES.has(code)) return new GraphNetworkError('ECONNABORTED');
  return new GraphNetworkError(typeof code === 'string' ? code : 'ERR_NETWORK');
}

/**
 * A 2xx body as an object. One that is not JSON (an empty body, a proxy's page) reads as `{}`: a send then has no
 * message id, which the client reports as `GraphUnexpectedResponseError`.
 */
function parseObject(text: string): object {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}
