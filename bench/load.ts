/**
 * The closed-loop load: autocannon POSTs signed webhooks as fast as the server answers them, one text message
 * each, from many users (see webhook-traffic.ts).
 */
import autocannon from 'autocannon';
import { webhookTraffic, type SentMessage, type TrafficOptions } from './webhook-traffic.js';

export interface LoadOptions extends TrafficOptions {
  readonly baseUrl: string;
  readonly durationSeconds: number;
  readonly connections: number;
}

export interface LoadResult {
  readonly sent: Map<string, SentMessage>;
  readonly startedAtMs: number;
  readonly durationSeconds: number;
  readonly ackedCount: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly ackP50Ms: number;
  readonly ackP99Ms: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const sent = new Map<string, SentMessage>();
  const nextWebhook = webhookTraffic(options, sent);
  // autocannon hands setupRequest and onResponse the same per-connection context, one request at a time
  // (no pipelining): it tells which message an answer belongs to.
  const inFlight = new WeakMap<object, SentMessage>();

  const startedAtMs = Date.now();
  const result = await autocannon({
    url: options.baseUrl,
    connections: options.connections,
    pipelining: 1,
    duration: options.durationSeconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: '/webhook',
        setupRequest: (request, context) => {
          const { message, body, signature } = nextWebhook(Date.now());
          inFlight.set(context, message);
          return {
            ...request,
            body,
            headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
          };
        },
        onResponse: (status, _body, context) => {
          const message = inFlight.get(context);
          if (message && status >= 200 && status < 300) message.acked = true;
        },
      },
    ],
  });
  let ackedCount = 0;
  for (const message of sent.values()) if (message.acked) ackedCount++;
  return {
    sent,
    startedAtMs,
    durationSeconds: result.duration,
    ackedCount,
    non2xx: result.non2xx,
    errors: result.errors,
    ackP50Ms: result.latency.p50,
    ackP99Ms: result.latency.p99,
  };
}
