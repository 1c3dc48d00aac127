import { STATUS_CODES } from 'node:http';
import {
  AxiosError,
  AxiosHeaders,
  CanceledError,
  type AxiosAdapter,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from 'axios';
import type { Dispatcher } from 'undici';

/**
 * An axios adapter that sends plain calls (an absolute URL, a string or no body, a JSON or text answer, no
 * redirects: every `/messages` send and read receipt) over an undici connection pool, and hands everything else
 * (media downloads with redirects, streams, proxies, params) to axios's own `fallback` adapter.
 *
 * Why: axios's Node adapter costs about a third of the service's CPU per message under load (`npm run bench
 * -- --profile`: ClientRequest, the agent's socket bookkeeping, proxy-from-env, a writev per call). undici keeps
 * sockets alive per origin and parses answers with llhttp, for a fraction of that. The rest of axios (config,
 * interceptors, transforms) is untouched, so HttpService and every caller behave as before.
 */
export function createPooledHttpAdapter(dispatcher: Dispatcher, fallback: AxiosAdapter): AxiosAdapter {
  return (config) => (isPlainCall(config) ? sendPooled(dispatcher, config) : fallback(config));
}

function isPlainCall(config: InternalAxiosRequestConfig): boolean {
  return (
    config.maxRedirects === 0 &&
    (config.responseType === undefined || config.responseType === 'json' || config.responseType === 'text') &&
    (config.data === undefined || typeof config.data === 'string') &&
    config.params === undefined &&
    config.baseURL === undefined &&
    !config.proxy &&
    !config.socketPath &&
    (config.maxContentLength === undefined || config.maxContentLength === -1) &&
    (config.method === undefined || config.method.toUpperCase() !== 'HEAD') &&
    typeof config.url === 'string' &&
    /^https?:\/\//i.test(config.url)
  );
}

async function sendPooled(dispatcher: Dispatcher, config: InternalAxiosRequestConfig): Promise<AxiosResponse> {
  const url = new URL(config.url as string);
  const timeout = config.timeout && config.timeout > 0 ? config.timeout : undefined;
  let answer: Dispatcher.ResponseData;
  let text: string;
  try {
    answer = await dispatcher.request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: (config.method ?? 'get').toUpperCase() as Dispatcher.HttpMethod,
      headers: config.headers.toJSON(true) as Record<string, string>,
      body: config.data as string | undefined,
      headersTimeout: timeout,
      bodyTimeout: timeout,
      signal: config.signal as AbortSignal | undefined,
    });
    text = await answer.body.text();
  } catch (error) {
    throw toAxiosError(error, config);
  }
  const response: AxiosResponse = {
    data: text,
    status: answer.statusCode,
    statusText: STATUS_CODES[answer.statusCode] ?? '',
    headers: AxiosHeaders.from(answer.headers as Record<string, string>),
    config,
    request: undefined,
  };
  // axios's settle(): its status check decides; 4xx and 5xx become AxiosErrors that carry the response.
  if (!config.validateStatus || config.validateStatus(response.status)) return response;
  throw new AxiosError(
    `Request failed with status code ${response.status}`,
    response.status >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST,
    config,
    undefined,
    response,
  );
}

/** The codes axios's own adapter would give: ECONNABORTED for a timeout, the socket's code otherwise. */
function toAxiosError(error: unknown, config: InternalAxiosRequestConfig): AxiosError {
  if (config.signal?.aborted) return new CanceledError(undefined, config);
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : undefined;
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new AxiosError(`timeout of ${config.timeout}ms exceeded`, AxiosError.ECONNABORTED, config);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AxiosError(message, code ?? AxiosError.ERR_NETWORK, config);
}
