import type { HttpService } from '@nestjs/axios';
import type { Logger } from '@nestjs/common';
import { isAxiosError, type AxiosRequestConfig } from 'axios';
import type { OutboundKind } from '../metrics/metric-labels.js';
import type { GraphKindMetrics, Metrics } from '../metrics/metrics.js';
import { ATTR, inSpan, SPAN } from '../tracing/spans.js';
import { GraphApiError } from './graph-api.error.js';
import { graphResultOf } from './graph-result.js';
import { withRetry, type RetryEvent, type RetryLogger } from './retry/with-retry.js';
import type { WhatsAppConfig } from './whatsapp.config.js';

/** One Graph media call over axios. Only idempotent calls (GET, DELETE) retry: a repeated upload is a second object. */
export interface GraphCall {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly url: string;
  readonly data?: unknown;
  /** Per attempt; defaults to GRAPH_TIMEOUT_MS. */
  readonly timeoutMs?: number;
  readonly retry: boolean;
  /** What the call is for: the `kind` label of the Graph metrics and spans. */
  readonly kind: OutboundKind;
}

/**
 * Sends one Graph media call (upload, look-up, delete) over axios with the bearer token and a bounded timeout per
 * attempt, retrying per the policy, and maps every failure to `GraphApiError` / `GraphNetworkError`. Message sends
 * skip axios (`GraphJsonPost`) but share the rest of this file: one retry loop and one way of measuring Graph calls
 * (each attempt timed and traced, each retry and the final result counted). Resolves to the response body.
 */
export async function callGraph<T>(
  http: HttpService,
  config: Pick<WhatsAppConfig, 'maxAttempts' | 'timeoutMs' | 'retryBaseDelayMs'>,
  accessToken: string,
  call: GraphCall,
  log: RetryLogger,
  metrics: Metrics,
): Promise<T> {
  const request: AxiosRequestConfig = {
    method: call.method,
    url: call.url,
    data: call.data,
    // Graph's API calls never redirect. With 0, axios uses Node's http module directly instead of follow-redirects.
    maxRedirects: 0,
    timeout: call.timeoutMs ?? config.timeoutMs,
    headers: { Authorization: `Bearer ${accessToken}` },
  };
  const policy = { maxAttempts: call.retry ? config.maxAttempts : 1, baseDelayMs: config.retryBaseDelayMs };
  const observed = metrics.graph(call.kind);
  return observeGraphCall(observed, () =>
    withRetry(
      () =>
        graphAttempt(call.kind, observed, async () => {
          try {
            // The axios instance directly: HttpService's Observable wrapper builds (and cancels) a CancelToken with
            // a stack-captured error on every call.
            const response = await http.axiosRef.request<T>(request);
            return { status: response.status, value: response.data };
          } catch (error) {
            // Never let an axios error escape: its `config` carries the Authorization header.
            throw isAxiosError(error) ? GraphApiError.from(error) : error;
          }
        }),
      policy,
      countingRetries(observed, log),
    ),
  );
}

/** Counts a Graph call's final result (`ok`, or what `graphResultOf` makes of the error) once it settles. */
export async function observeGraphCall<T>(observed: GraphKindMetrics, call: () => Promise<T>): Promise<T> {
  try {
    const value = await call();
    observed.result('ok');
    return value;
  } catch (error) {
    observed.result(graphResultOf(error));
    throw error;
  }
}

/**
 * One HTTP attempt of a Graph call, in a `whatsapp.graph.request` span (its kind, the answer's status and, when it
 * failed, Graph's error code) and timed into `whatsapp_graph_request_duration_seconds`, success or not.
 */
export function graphAttempt<T>(
  kind: OutboundKind,
  observed: GraphKindMetrics,
  send: () => Promise<{ readonly status: number; readonly value: T }>,
): Promise<T> {
  return inSpan(SPAN.graphRequest, { [ATTR.kind]: kind }, async (span) => {
    const startedAt = performance.now();
    try {
      const { status, value } = await send();
      span?.setAttribute(ATTR.httpStatus, status);
      return value;
    } catch (error) {
      if (span && error instanceof GraphApiError) {
        span.setAttribute(ATTR.httpStatus, error.status);
        if (error.graphCode !== undefined) span.setAttribute(ATTR.graphErrorCode, error.graphCode);
      }
      throw error;
    } finally {
      observed.attempt((performance.now() - startedAt) / 1000);
    }
  });
}

/** `log`, counting each failed attempt that another attempt follows into `whatsapp_graph_retries_total`. */
export function countingRetries(observed: GraphKindMetrics, log: RetryLogger): RetryLogger {
  return (event) => {
    if (event.willRetry) observed.retry();
    log(event);
  };
}

/**
 * Logs each failed attempt: a warning when another attempt follows (with its delay), an error when it was the
 * last one (with the Graph code, so a 131026 or 190 is visible without a stack trace). `fields` must already
 * be safe to log (masked phone, no body, no token).
 */
export function logGraphAttempts(logger: Logger, fields: Readonly<Record<string, unknown>>): RetryLogger {
  return (event: RetryEvent) => {
    const entry = { ...fields, ...event };
    if (event.willRetry) logger.warn(entry, 'graph request failed, retrying');
    else logger.error(entry, 'graph request failed');
  };
}
